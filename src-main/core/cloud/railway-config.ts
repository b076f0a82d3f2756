import { readdirSync, type Dirent } from 'node:fs';
import { readSmallFile } from '../config/read-small-file';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { ConfigError } from '../../common/models';
import { isValidCron } from '../scheduler/schedule-syntax';
import { IGNORED_DIRS } from '../projects/discover';
import { cloudSlug, type CloudJob, type CloudScan } from './cloud-job';

/** Railway's config-as-code files, in the order Railway prefers them. */
export const RAILWAY_FILES = ['railway.json', 'railway.toml'] as const;

/**
 * Config files named per service (`railway.cron.json`, `railway-cron.toml`, `railway.worker.json`…), which
 * Railway reads when its service settings point at them: each is a service config of its own.
 */
const NAMED_RAILWAY_FILE = /^railway[.\-_]([A-Za-z0-9][A-Za-z0-9_.-]*)\.(json|toml)$/;

/** Whether a file name is a Railway config: railway.json, railway.toml or a per-service name. */
export function isRailwayConfigName(name: string): boolean {
  return (RAILWAY_FILES as readonly string[]).includes(name) || NAMED_RAILWAY_FILE.test(name);
}

/** The Railway config files of one folder: the first of RAILWAY_FILES (as Railway prefers), then every named one. */
function railwayFilesIn(dir: string): Array<{ name: string; variant: string | null }> {
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const canonical = RAILWAY_FILES.find((n) => names.includes(n));
  const named = names.flatMap((n) => {
    const m = NAMED_RAILWAY_FILE.exec(n);
    return m && !(RAILWAY_FILES as readonly string[]).includes(n) ? [{ name: n, variant: m[1] ?? '' }] : [];
  });
  return [...(canonical ? [{ name: canonical, variant: null }] : []), ...named];
}

/** How deep below a project folder service folders are looked for (`apps/worker`, `services/reports`). */
const SERVICE_DEPTH = 2;

/** A project's possible service folders, relative to it: every non-ignored folder down to SERVICE_DEPTH. */
export function serviceFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, level: number): void => {
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return; // unreadable: no services to find there
    }
    for (const e of entries) {
      if (!e.isDirectory() || IGNORED_DIRS.has(e.name) || e.name.startsWith('.')) continue;
      const sub = rel ? join(rel, e.name) : e.name;
      out.push(sub);
      if (level + 1 < SERVICE_DEPTH) walk(sub, level + 1);
    }
  };
  walk('', 0);
  return out;
}

/** What a project's manifest says about its Railway files (`railway:` in agent-os.yml). */
export interface RailwayScanOptions {
  /** Files besides those found by name, relative to the project folder. */
  configFiles?: readonly string[];
  /** The environment whose schedule counts when a file overrides it per environment. */
  environment?: string;
}

/**
 * Railway cron services in a project folder: its own railway.json / railway.toml, and those of its
 * service folders (a monorepo gives each service its own config, e.g. `services/reports/railway.json`).
 * A service is named after its folder (`railway-reports`).
 */
export function scanRailway(dir: string, options: RailwayScanOptions = {}): CloudScan {
  const jobs: CloudJob[] = [];
  const errors: ConfigError[] = [];
  let files = 0;
  const found = ['', ...serviceFolders(dir)].flatMap((sub) =>
    railwayFilesIn(sub ? join(dir, sub) : dir).map((f) => ({ sub, name: f.name, variant: f.variant, named: false })),
  );
  // Files the manifest names (`railway.config_files`), as Railway's service settings point at them: any name.
  for (const listed of options.configFiles ?? []) {
    const rel = normalize(listed);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      errors.push({
        file: join(dir, 'agent-os.yml'),
        path: 'railway.config_files',
        message: `expected a file inside the project folder, found ${JSON.stringify(listed)}`,
      });
      continue;
    }
    const sub = dirname(rel) === '.' ? '' : dirname(rel);
    if (found.some((f) => join(f.sub, f.name) === rel)) continue;
    found.push({
      sub,
      name: basename(rel),
      variant:
        basename(rel)
          .replace(/\.(json|toml)$/, '')
          .replace(/^railway[.\-_]?/, '') || null,
      named: true,
    });
  }
  for (const { sub, name, variant, named } of found) {
    const file = sub ? join(sub, name) : name;
    const { text, problem, code } = readSmallFile(join(dir, file));
    if (code !== 'ENOENT') files++;
    if (text === undefined) {
      // A file found by name that went away meanwhile is no news; one the manifest names must be there.
      if (named && code === 'ENOENT')
        errors.push({
          file: join(dir, 'agent-os.yml'),
          path: 'railway.config_files',
          message: `${file} does not exist; fix the path or remove it from railway.config_files`,
        });
      else if (code !== 'ENOENT') errors.push({ file: join(dir, file), path: '', message: problem });
      continue;
    }
    const parsed = parseRailwayConfig(text, join(dir, file), name.endsWith('.toml') ? 'toml' : 'json');
    errors.push(...parsed.errors);
    // Railway's per-environment overrides run in that environment instead of the file's own schedule; with
    // `railway.environment` only that environment's schedule counts (its override, else the file's own).
    const chosen = options.environment === undefined ? undefined : parsed.environments.find((e) => e.name === options.environment);
    const schedules =
      options.environment === undefined
        ? [
            ...(parsed.cron ? [{ cron: parsed.cron, timezone: 'UTC' }] : []),
            ...parsed.environments.filter((e) => e.cron !== parsed.cron).map((e) => ({ cron: e.cron, timezone: 'UTC', environment: e.name })),
          ]
        : chosen
          ? [{ cron: chosen.cron, timezone: 'UTC', environment: chosen.name }]
          : parsed.cron
            ? [{ cron: parsed.cron, timezone: 'UTC' }]
            : [];
    if (schedules.length === 0) continue;
    const service = sub ? basename(sub) : '';
    const taken = (n: string): boolean => jobs.some((j) => j.name === n);
    const base = [
      'railway',
      ...(sub ? [cloudSlug(taken(`railway-${cloudSlug(service)}`) && variant === null ? sub : service)] : []),
      ...(variant ? [cloudSlug(variant)] : []),
    ].join('-');
    // Ids are unique per file: railway.cron.json and railway.cron.toml side by side keep apart by their format.
    const id = taken(base) ? `${base}-${name.endsWith('.toml') ? 'toml' : 'json'}` : base;
    jobs.push({
      provider: 'railway',
      name: id,
      file,
      title: `Railway service ${sub || ''}${variant ? `${sub ? ' ' : ''}(${name})` : ''}`.trim(),
      schedules,
      dispatchable: false,
      jobs: [],
      command: parsed.command,
    });
  }
  return { jobs, errors, files };
}

/** One cron as Railway takes it (5 fields, UTC), or the error naming where it is. */
function railwayCron(value: unknown, path: string, where: string): { cron: string | null; error: ConfigError | null } {
  if (value === undefined || value === null || value === '') return { cron: null, error: null };
  if (typeof value !== 'string' || value.trim().split(/\s+/).length !== 5 || !isValidCron(value)) {
    return {
      cron: null,
      error: {
        file: path,
        path: where,
        message: `expected a cron expression of 5 fields such as "0 */6 * * *" (Railway runs it in UTC), found ${JSON.stringify(value)}`,
      },
    };
  }
  return { cron: value.trim().replace(/\s+/g, ' '), error: null };
}

/**
 * `deploy.cronSchedule` and `deploy.startCommand` of one Railway config file, and the crons of its
 * `environments.<name>.deploy.cronSchedule` overrides (Railway's per-environment config), by environment.
 */
export function parseRailwayConfig(
  text: string,
  path: string,
  format: 'json' | 'toml',
): { cron: string | null; command: string | null; environments: Array<{ name: string; cron: string }>; errors: ConfigError[] } {
  let doc: unknown;
  try {
    doc = format === 'json' ? JSON.parse(text) : parseToml(text);
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const detail = (error as Error).message.split('\n')[0];
    return {
      cron: null,
      command: null,
      environments: [],
      errors: [{ file: path, path: '', line, message: `is not valid ${format.toUpperCase()}: ${detail}; fix the syntax` }],
    };
  }
  const errors: ConfigError[] = [];
  const environments: Array<{ name: string; cron: string }> = [];
  const envs = (doc as { environments?: unknown } | null)?.environments;
  if (envs && typeof envs === 'object') {
    for (const [name, env] of Object.entries(envs as Record<string, unknown>)) {
      const value = (env as { deploy?: { cronSchedule?: unknown } } | null)?.deploy?.cronSchedule;
      const found = railwayCron(value, path, `environments.${name}.deploy.cronSchedule`);
      if (found.error) errors.push(found.error);
      if (found.cron) environments.push({ name, cron: found.cron });
    }
  }
  const deploy = (doc as { deploy?: unknown } | null)?.deploy;
  if (!deploy || typeof deploy !== 'object') return { cron: null, command: null, environments, errors };
  const { cronSchedule, startCommand } = deploy as { cronSchedule?: unknown; startCommand?: unknown };
  const command = typeof startCommand === 'string' ? startCommand : null;
  const found = railwayCron(cronSchedule, path, 'deploy.cronSchedule');
  return { cron: found.cron, command, environments, errors: found.error ? [found.error, ...errors] : errors };
}

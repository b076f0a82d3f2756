import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import type { ConfigError } from '../../common/models';
import { CONFIG_KEYS, type Config } from './config-schema';
import { readSmallFile } from './read-small-file';
import { issuesToErrors, parseYaml } from './yaml-issues';

/** Validated config plus the problems found; a bad setting falls back to its default, alone. */
export interface LoadedConfig {
  config: Config;
  errors: ConfigError[];
  /**
   * True when the file as a whole could not be used (not YAML, not a mapping, unreadable): then `config` is
   * only the defaults, and a running engine keeps its last good configuration instead (issue 22).
   */
  broken: boolean;
}

/** Reads and validates config.yml. Never throws for bad content: errors are returned. */
export function loadConfig(file: string): LoadedConfig {
  const errors: ConfigError[] = [];
  const read = readSmallFile(file);
  // A missing file is the defaults (a fresh home); anything else unreadable is a broken configuration.
  const text = read.text ?? '';
  let broken = read.text === undefined && read.code !== 'ENOENT';
  if (read.text === undefined) errors.push({ file, path: '', message: `${read.problem}; using defaults` });
  const source = parseYaml(text, file);
  errors.push(...source.errors);
  if (source.errors.length > 0) broken = true;
  const raw = source.value && typeof source.value === 'object' && !Array.isArray(source.value) ? (source.value as Record<string, unknown>) : {};
  if (source.value !== null && source.value !== undefined && raw !== source.value) {
    broken = true;
    errors.push({ file, path: '', line: 1, message: 'expected a mapping of settings at the top level; using defaults' });
  }
  const config: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(CONFIG_KEYS)) {
    // Each problem is reported once, even when a retry meets it again.
    const reported = new Set<string>();
    const report = (issues: readonly z.core.$ZodIssue[]): void => {
      for (const issue of issues) {
        // A bad list or map entry is left out, the rest kept; any other bad field takes its default.
        const entry =
          issue.path.some((p) => typeof p === 'number') || issue.code === 'invalid_key' || (issue.code === 'custom' && issue.params?.entry === true);
        const fallback = issue.code === 'custom' && typeof issue.params?.fallback === 'string' ? issue.params.fallback : null;
        const suffix = issue.code === 'unrecognized_keys' ? null : (fallback ?? (entry ? 'this entry is left out' : 'using the default'));
        for (const e of issuesToErrors([issue], source, file, [key])) {
          const id = `${e.path}\u0000${e.message}`;
          if (reported.has(id)) continue;
          reported.add(id);
          errors.push(suffix ? { ...e, message: `${e.message}; ${suffix}` } : e);
        }
      }
    };
    let value: unknown = raw[key] ?? undefined;
    let parsed = schema.safeParse(value);
    // Drop only the bad fields and list entries and try again, so one bad leaf does not reset its whole group.
    for (let tries = 0; !parsed.success && tries < 3; tries++) {
      report(parsed.error.issues);
      if (!isMapping(value) && !Array.isArray(value)) break;
      // A setting whose parts only make sense together takes its default whole.
      if (parsed.error.issues.some((i) => i.code === 'custom' && typeof i.params?.fallback === 'string')) break;
      value = withoutIssues(value, parsed.error.issues);
      parsed = schema.safeParse(value);
    }
    if (parsed.success) config[key] = parsed.data;
    else {
      report(parsed.error.issues);
      config[key] = schema.parse(undefined);
    }
  }
  for (const key of Object.keys(raw)) {
    if (!(key in CONFIG_KEYS))
      errors.push({ file, path: key, line: source.lineOf([key]), message: `unknown setting "${key}"; remove it or check its spelling` });
  }
  return { config: config as Config, errors, broken };
}

/** Expands `~` and resolves a configured folder relative to the config file's folder. */
export function resolveConfiguredPath(path: string, base: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A deep copy of a setting without what the issues point at: a field of a mapping is removed, an entry of a
 * list is removed whole (a webhook without its kind is no webhook), and unknown fields are removed by name.
 */
function withoutIssues<T extends object>(value: T, issues: readonly z.core.$ZodIssue[]): T {
  const copy = structuredClone(value);
  const DROP = Symbol('drop');
  const paths = issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, k]) : [i.path]));
  for (const path of paths) {
    // containers[i] holds path[i]; the deepest list on the way loses its entry, else the leaf field goes.
    const containers: unknown[] = [copy];
    for (const step of path.slice(0, -1)) containers.push(childOf(containers[containers.length - 1], step));
    let at = path.length - 1;
    while (at > 0 && !Array.isArray(containers[at])) at--;
    if (!Array.isArray(containers[at])) at = path.length - 1;
    const container = containers[at];
    const step = path[at];
    if (step === undefined || !container || typeof container !== 'object') continue;
    if (Array.isArray(container)) container[step as number] = DROP;
    else delete (container as Record<PropertyKey, unknown>)[step];
  }
  const compact = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.filter((item) => item !== DROP).map(compact);
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) (node as Record<string, unknown>)[k] = compact(v);
    return node;
  };
  return compact(copy) as T;
}

function childOf(node: unknown, key: PropertyKey): unknown {
  return node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
}

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { ConfigError } from '../../common/models';
import { CONFIG_KEYS, type Config } from './config-schema';
import { issuesToErrors, parseYaml } from './yaml-issues';

/** Validated config plus the problems found; a bad setting falls back to its default, alone. */
export interface LoadedConfig {
  config: Config;
  errors: ConfigError[];
}

/** Reads and validates config.yml. Never throws for bad content: errors are returned. */
export function loadConfig(file: string): LoadedConfig {
  let text = '';
  const errors: ConfigError[] = [];
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    errors.push({ file, path: '', message: `cannot be read (${(error as Error).message}); using defaults` });
  }
  const source = parseYaml(text, file);
  errors.push(...source.errors);
  const raw = source.value && typeof source.value === 'object' && !Array.isArray(source.value) ? (source.value as Record<string, unknown>) : {};
  if (source.value !== null && source.value !== undefined && raw !== source.value) {
    errors.push({ file, path: '', line: 1, message: 'expected a mapping of settings at the top level; using defaults' });
  }
  const config: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(CONFIG_KEYS)) {
    let value: unknown = raw[key] ?? undefined;
    let parsed = schema.safeParse(value);
    // Drop only the bad fields and try again, so one bad leaf does not reset its whole group.
    for (let tries = 0; !parsed.success && tries < 3 && isMapping(value); tries++) {
      errors.push(...issuesToErrors(parsed.error.issues, source, file, [key]).map((e) => ({ ...e, message: `${e.message}; using the default` })));
      value = withoutPaths(
        value,
        parsed.error.issues.map((i) => i.path),
      );
      parsed = schema.safeParse(value);
      if (parsed.success) break;
    }
    if (parsed.success) {
      config[key] = parsed.data;
    } else {
      if (!isMapping(raw[key]))
        errors.push(...issuesToErrors(parsed.error.issues, source, file, [key]).map((e) => ({ ...e, message: `${e.message}; using the default` })));
      config[key] = schema.parse(undefined);
    }
  }
  for (const key of Object.keys(raw)) {
    if (!(key in CONFIG_KEYS))
      errors.push({ file, path: key, line: source.lineOf([key]), message: `unknown setting "${key}"; remove it or check its spelling` });
  }
  return { config: config as Config, errors };
}

/** Expands `~` and resolves a configured folder relative to the config file's folder. */
export function resolveConfiguredPath(path: string, base: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A deep copy of a mapping without the fields at the given paths (a path into a list drops the list item's field). */
function withoutPaths(value: Record<string, unknown>, paths: ReadonlyArray<readonly PropertyKey[]>): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of paths) {
    if (path.length === 0) continue;
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (node && typeof node === 'object') delete (node as Record<PropertyKey, unknown>)[path[path.length - 1] as PropertyKey];
  }
  return copy;
}

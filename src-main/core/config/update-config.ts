import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { UserError } from '../errors';
import { CONFIG_KEYS } from './config-schema';

/** Settings the API may change; everything else is edited in config.yml by hand. */
export const UPDATABLE_SETTINGS = ['roots', 'projects', 'resources', 'quiet_hours', 'budgets', 'scan_depth'] as const;
/** One of the updatable settings. */
export type UpdatableSetting = (typeof UPDATABLE_SETTINGS)[number];

/**
 * Writes new values into config.yml, keeping the user's comments and layout (yaml's Document API), after
 * validating each value with the config schema. Written to a temp file and renamed: never half a file.
 */
export function updateConfigFile(file: string, changes: Partial<Record<UpdatableSetting, unknown>>): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0)
    throw new UserError(`config.yml has a syntax error (${doc.errors[0]?.message.split('\n')[0] ?? ''}); fix it by hand before changing settings here`);
  for (const [key, value] of Object.entries(changes)) {
    if (!(UPDATABLE_SETTINGS as readonly string[]).includes(key)) throw new UserError(`setting "${key}" cannot be changed through the API; edit config.yml`);
    const parsed = CONFIG_KEYS[key as UpdatableSetting].safeParse(value);
    if (!parsed.success) throw new UserError(`${key}: ${parsed.error.issues.map((i) => `${[key, ...i.path].join('.')}: ${i.message}`).join('; ')}`);
    doc.set(key, doc.createNode(value));
  }
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, doc.toString(), { mode: 0o644 });
  renameSync(tmp, file);
}

import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ConfigError } from '../../common/models';
import { issuesToErrors, parseYaml } from '../config/yaml-issues';
import { ID_PATTERN, manifestSchema, type Manifest } from './manifest-schema';

/** The manifest's file name inside a project folder. */
export const MANIFEST_FILE = 'agent-os.yml';

/** A project folder read from disk: valid (manifest set) or invalid (errors listed, all at once). */
export interface LoadedProject {
  name: string;
  dir: string;
  manifestPath: string;
  manifest: Manifest | null;
  errors: ConfigError[];
}

/** Reads and validates `<dir>/agent-os.yml`. Never throws: every problem becomes an error on the project. */
export function loadManifest(dir: string): LoadedProject {
  const manifestPath = join(dir, MANIFEST_FILE);
  const fallbackName = folderName(dir);
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    const message = `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the file exists and is readable`;
    return { name: fallbackName, dir, manifestPath, manifest: null, errors: [{ file: manifestPath, path: '', message }] };
  }
  const source = parseYaml(text, manifestPath);
  if (source.errors.length > 0) return { name: fallbackName, dir, manifestPath, manifest: null, errors: source.errors };
  // An empty file is a project with no tasks yet, not an error.
  const parsed = manifestSchema.safeParse(source.value ?? {});
  const rawName = (source.value as { name?: unknown } | null)?.name;
  const name = typeof rawName === 'string' && ID_PATTERN.test(rawName) ? rawName : fallbackName;
  if (!parsed.success) {
    return { name, dir, manifestPath, manifest: null, errors: issuesToErrors(parsed.error.issues, source, manifestPath) };
  }
  const errors: ConfigError[] = [];
  if (!parsed.data.name && !ID_PATTERN.test(basename(dir))) {
    errors.push({
      file: manifestPath,
      path: 'name',
      line: 1,
      message: `expected a project id, found the folder name "${basename(dir)}" which is not one; add \`name: ${fallbackName}\``,
    });
  }
  return { name, dir, manifestPath, manifest: errors.length ? null : parsed.data, errors };
}

/** The folder name turned into the nearest valid id (used for display when the manifest gives none). */
export function folderName(dir: string): string {
  const slug = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '');
  return slug || 'project';
}

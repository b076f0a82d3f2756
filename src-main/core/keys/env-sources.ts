import { existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { envFilePaths, loadProjectEnv } from '../projects/env-files';
import type { LoadedProject } from '../projects/load-manifest';
import { manifestSchema, type Manifest } from '../projects/manifest-schema';
import { secretValues } from '../runner/redactor';

/** The file `keys.writeEnvExample` writes; the other names count as an example too. */
export const EXAMPLE_FILE = '.env.example';
const EXAMPLE_NAMES = [EXAMPLE_FILE, '.env.sample', '.env.template'];

/**
 * One env file of one project, as read for the audit. Secret values stay in this object, in memory, for
 * the length of one audit: they are fingerprinted and dropped, never returned or written.
 */
export interface EnvFile {
  /** Absolute path. */
  path: string;
  /** Variable names in file order. */
  names: string[];
  /** Secret-looking variables (by the redactor's rule): name -> value. */
  secrets: Map<string, string>;
}

/** A project with the env files it names that exist. */
export interface ProjectEnv {
  project: LoadedProject;
  files: EnvFile[];
  hasExample: boolean;
}

/** Whether a variable counts as a secret: the same rule that decides what the run logs redact. */
export function isSecret(name: string, value: string): boolean {
  return secretValues({ [name]: value }).length > 0;
}

/** The env file paths of a project; an invalid manifest falls back to the default `.env`. */
export function projectEnvPaths(project: LoadedProject): string[] {
  return envFilePaths(project.dir, manifestOf(project)).paths;
}

/** Reads the env files of every project (files that do not exist are skipped; the runner reports those). */
export function readProjectEnvs(projects: readonly LoadedProject[]): ProjectEnv[] {
  return projects.map((project) => {
    const files: EnvFile[] = [];
    for (const path of projectEnvPaths(project)) {
      if (!isFile(path)) continue;
      // One file at a time, so each finding can name the file it comes from.
      const { vars, error } = loadProjectEnv(project.dir, { ...manifestOf(project), env_file: path });
      if (error) continue;
      const secrets = new Map<string, string>();
      for (const [name, value] of Object.entries(vars)) if (isSecret(name, value)) secrets.set(name, value.trim());
      files.push({ path, names: Object.keys(vars), secrets });
    }
    return { project, files, hasExample: EXAMPLE_NAMES.some((name) => existsSync(join(project.dir, name))) };
  });
}

/** A path as shown to the user: relative to the project folder when inside it, else absolute. */
export function displayPath(dir: string, path: string): string {
  return isInside(dir, path) ? relative(dir, path) : path;
}

/** Whether `path` is inside folder `dir` (not the folder itself). */
export function isInside(dir: string, path: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function manifestOf(project: LoadedProject): Manifest {
  return project.manifest ?? manifestSchema.parse({});
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

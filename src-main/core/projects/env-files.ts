import { parse } from 'dotenv';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Manifest } from './manifest-schema';

/** The env file paths a project uses, absolute, and whether they were named explicitly. */
export function envFilePaths(dir: string, manifest: Manifest): { paths: string[]; explicit: boolean } {
  const listed = manifest.env_file === undefined ? ['.env'] : Array.isArray(manifest.env_file) ? manifest.env_file : [manifest.env_file];
  return { paths: listed.map((p) => (isAbsolute(p) ? p : join(dir, p))), explicit: manifest.env_file !== undefined };
}

/**
 * Reads a project's env files (later files override earlier ones). The values live only in memory for the
 * task's process; a missing default `.env` is fine, a missing file the manifest names is an error.
 */
export function loadProjectEnv(dir: string, manifest: Manifest): { vars: Record<string, string>; error: string | null } {
  const { paths, explicit } = envFilePaths(dir, manifest);
  const vars: Record<string, string> = {};
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !explicit) continue;
      return { vars: {}, error: `env file ${path} cannot be read (${code ?? 'error'}); create it or fix env_file in agent-os.yml` };
    }
    Object.assign(vars, parse(text));
  }
  return { vars, error: null };
}

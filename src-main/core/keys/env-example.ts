import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedProject } from '../projects/load-manifest';
import { UserError } from '../errors';
import { EXAMPLE_FILE, readProjectEnvs } from './env-sources';

/**
 * Writes `<project>/.env.example` listing the project's variable names with empty values, so a newcomer
 * knows what to fill in. Never overwrites: an existing file is the user's and `written` is false.
 */
export function writeEnvExample(project: LoadedProject): { path: string; written: boolean } {
  const path = join(project.dir, EXAMPLE_FILE);
  const [env] = readProjectEnvs([project]);
  const names = [...new Set(env?.files.flatMap((f) => f.names) ?? [])];
  if (!env || env.files.length === 0) {
    throw new UserError(`project ${project.name} has no env file to describe; create its .env (or fix env_file in agent-os.yml) first`, 'invalid');
  }
  const text = [`# Variables ${project.name} needs: copy to .env and fill in the values. Names only; written by Agent OS.`, ...names.map((n) => `${n}=`)].join(
    '\n',
  );
  try {
    writeFileSync(path, `${text}\n`, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path, written: false };
    throw error;
  }
  return { path, written: true };
}

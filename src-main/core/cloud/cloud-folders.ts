import { join } from 'node:path';
import { WORKFLOWS_DIR } from './github-workflows';
import { isRailwayConfigName, serviceFolders } from './railway-config';
import { existsSync } from 'node:fs';

/** Whether a file name is a Railway config. */
export function isRailwayFile(name: string): boolean {
  return isRailwayConfigName(name);
}

/**
 * Folders of a project where cloud schedule files live or appear, each with the names that matter in it:
 * .github (workflows appearing), .github/workflows, and the service folders (Railway configs, and new
 * service folders one level further down).
 */
export function cloudFolders(projectDir: string): Array<{ dir: string; relevant: (name: string) => boolean }> {
  const out: Array<{ dir: string; relevant: (name: string) => boolean }> = [];
  if (existsSync(join(projectDir, '.github'))) out.push({ dir: join(projectDir, '.github'), relevant: (name) => name === 'workflows' });
  if (existsSync(join(projectDir, WORKFLOWS_DIR))) out.push({ dir: join(projectDir, WORKFLOWS_DIR), relevant: (name) => /\.ya?ml$/.test(name) });
  for (const sub of serviceFolders(projectDir)) out.push({ dir: join(projectDir, sub), relevant: (name) => isRailwayFile(name) || !name.includes('.') });
  return out;
}

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from './load-manifest';

/** Folders never descended into while looking for manifests: heavy, generated or private trees. */
export const IGNORED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  'env',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  'dist',
  'build',
  'out',
  'target',
  '.next',
  '.nuxt',
  '.cache',
  'vendor',
  'Pods',
  '.idea',
  '.vscode',
  'coverage',
  '.terraform',
  'DerivedData',
]);

/**
 * Finds project folders (holding agent-os.yml) under a root, at most `depth` levels below it.
 * A project folder is not searched further: projects do not nest.
 */
export function scanRoot(root: string, depth: number): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number): void => {
    if (existsSync(join(dir, MANIFEST_FILE))) {
      found.push(dir);
      return;
    }
    if (level >= depth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are skipped, like `find` does
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || IGNORED_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
      walk(join(dir, entry.name), level + 1);
    }
  };
  walk(root, 0);
  return found.sort();
}

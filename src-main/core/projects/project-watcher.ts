import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import { basename, dirname } from 'node:path';
import { IGNORED_DIRS } from './discover';
import { MANIFEST_FILE } from './load-manifest';

const DEBOUNCE_MS = 250;

/** What the watcher needs to know about the current projects. */
export interface WatchTargets {
  /** Roots (scanned `depth` levels deep) and listed project folders. */
  paths: string[];
  depth: number;
  /** Known project folders: inside them only the manifest and env files are watched. */
  projectDirs: () => ReadonlySet<string>;
  /** Env file names per project folder. */
  envNames: (projectDir: string) => ReadonlySet<string>;
}

/**
 * Watches for agent-os.yml (and env files) appearing, changing or going away, and calls onChange once per
 * burst. It never descends into a project's own tree, nor into node_modules, .git, virtualenvs or builds,
 * so watching stays cheap on big folders.
 */
export function watchProjects(
  targets: WatchTargets,
  onChange: () => void,
  onError: (error: unknown) => void,
): { close(): Promise<void>; ready: Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  const poke = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  };
  const roots = new Set(targets.paths);
  const ignored = (path: string, stats?: Stats): boolean => {
    if (roots.has(path)) return false;
    const base = basename(path);
    const parent = dirname(path);
    if (targets.projectDirs().has(parent)) return !(base === MANIFEST_FILE || targets.envNames(parent).has(base));
    if (IGNORED_DIRS.has(base) || base.startsWith('.')) return true;
    if (stats?.isFile()) return base !== MANIFEST_FILE;
    return false;
  };
  const watcher: FSWatcher = watch([...roots], { ignoreInitial: true, depth: targets.depth, ignored, persistent: true });
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) watcher.on(event, poke);
  watcher.on('error', onError);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

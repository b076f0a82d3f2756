import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cloudFolders, isRailwayFile } from '../cloud/cloud-folders';
import { IGNORED_DIRS } from './discover';
import { MANIFEST_FILE } from './load-manifest';

const DEBOUNCE_MS = 250;

/** What to watch, recomputed on every reload. */
export interface WatchTargets {
  /** Roots, searched `depth` levels deep for project folders. */
  roots: string[];
  depth: number;
  /** Known project folders (found or listed): only their manifest and env files matter. */
  projects: Array<{ dir: string; envNames: ReadonlySet<string> }>;
  /** Single files (config.yml). */
  files: string[];
}

/**
 * Watches for agent-os.yml, env files and cloud schedule files (GitHub workflows, Railway configs)
 * appearing, changing or going away, with one non-recursive fs.watch per folder: the folders down to
 * `depth` under each root (never inside a project, node_modules, .git, virtualenvs or builds), each project
 * folder with its .github, .github/workflows and service folders, and the folders of single files.
 *
 * Why not chokidar (ARCHITECTURE.md's pick): its initial scan stats every file in the folders it watches;
 * chokidar 5 took 2.7-3.0 s and held 243-255 MB of RSS to watch 50 roots / 100,000 files, against 1 s and 20 MB
 * allowed; these plain watchers took 43-67 ms and 2.3-2.9 MB for the same folders (bench/watcher.ts).
 */
export class ProjectWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private relevant = new Map<string, (name: string) => boolean>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Watches exactly the folders the targets need now (new ones added, stale ones closed). */
  update(targets: WatchTargets): void {
    if (this.closed) return;
    const projectDirs = new Map(targets.projects.map((p) => [p.dir, p.envNames]));
    const wanted = new Map<string, (name: string) => boolean>();
    const walk = (dir: string, level: number): void => {
      if (projectDirs.has(dir)) return; // its own rule below; projects do not nest
      // A folder within the search depth: a new manifest or a new subfolder matters, whatever its name
      // (`acme.com`, `v1.2`); a rename event is a creation or a deletion, so a name that is gone counts too.
      wanted.set(dir, (name) => name === MANIFEST_FILE || folderOrGone(join(dir, name)));
      if (level >= targets.depth) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) if (e.isDirectory() && !IGNORED_DIRS.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), level + 1);
    };
    for (const root of targets.roots) if (existsSync(root)) walk(root, 0);
    for (const [dir, envNames] of projectDirs) {
      // A project folder: its manifest, env files and cloud files (Railway's at the top, .github appearing,
      // a service folder appearing); then the folders where workflows and per-service Railway files live.
      wanted.set(dir, (name) => name === MANIFEST_FILE || envNames.has(name) || isRailwayFile(name) || name === '.github' || folderOrGone(join(dir, name)));
      for (const sub of cloudFolders(dir)) wanted.set(sub.dir, sub.relevant);
    }
    for (const file of targets.files) {
      const dir = dirname(file);
      const previous = wanted.get(dir);
      const name = basename(file);
      wanted.set(dir, previous ? (n) => n === name || previous(n) : (n) => n === name);
    }
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    this.relevant = wanted;
    for (const dir of wanted.keys()) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_event, name) => this.event(dir, name));
        watcher.on('error', (error) => this.onError(error));
        this.watchers.set(dir, watcher);
      } catch (error) {
        this.onError(error); // a folder that vanished meanwhile, or the OS limit on watches
      }
    }
  }

  private event(dir: string, name: string | Buffer | null): void {
    const rule = this.relevant.get(dir);
    // Some platforms give no file name: treat it as relevant.
    if (rule && name !== null && !rule(String(name))) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onChange(), DEBOUNCE_MS);
  }

  /** How many folders are watched (for the benchmark and tests). */
  get size(): number {
    return this.watchers.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

/** True for a folder, or for a path that no longer exists (a deletion): what a watched folder's event may mean. */
function folderOrGone(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return true;
  }
}

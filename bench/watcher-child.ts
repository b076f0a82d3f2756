// One watcher in a fresh process, for bench/watcher.ts: how long until it watches the 50 roots, and how much
// RSS it holds then. Prints one JSON line: { readyMs, rssMb, folders }.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { watch } from 'chokidar';
import { IGNORED_DIRS, scanRoot } from '../src-main/core/projects/discover';
import { ProjectWatcher } from '../src-main/core/projects/project-watcher';

const [mode = 'fs-watch', base = ''] = process.argv.slice(2);
const DEPTH = 3;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const rss = (): number => process.memoryUsage().rss / 1_048_576;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1500));

const roots = readdirSync(base).map((r) => join(base, r));
await settle();
gc();
const before = rss();
const t0 = performance.now();
let readyMs = 0;
let folders = 0;
if (mode === 'fs-watch') {
  // Agent OS's watcher, on exactly what `serve` gives it: the roots and the projects found under them.
  const watcher = new ProjectWatcher(
    () => undefined,
    () => undefined,
  );
  const projects = roots.flatMap((r) => scanRoot(r, DEPTH)).map((dir) => ({ dir, envNames: new Set(['.env']) }));
  watcher.update({ roots, depth: DEPTH, projects, files: [] });
  readyMs = performance.now() - t0;
  folders = watcher.size;
} else {
  // chokidar as its docs suggest for the same job: the roots, `depth`, heavy and hidden folders ignored
  // (but .github, where workflows live).
  const watcher = watch(roots, {
    depth: DEPTH,
    ignoreInitial: true,
    ignored: (path: string) => {
      const name = basename(path);
      return IGNORED_DIRS.has(name) || (name.startsWith('.') && name !== '.github' && name !== '.env');
    },
  });
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  readyMs = performance.now() - t0;
  folders = Object.keys(watcher.getWatched()).length;
}
await settle();
gc();
process.stdout.write(`${JSON.stringify({ readyMs, rssMb: rss() - before, folders })}\n`);
process.exit(0);

// Bundles the Node side (core + headless CLI/server) into dist/ with esbuild.
// node_modules stay external: better-sqlite3 is a native addon and must be loaded from disk.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { MAIN_PROCESS_PACKAGES } from './desktop-stage.mjs';

rmSync(new URL('../dist/headless', import.meta.url), { recursive: true, force: true });

const headless = await build({
  entryPoints: {
    'headless/cli': './src-main/headless/cli/main.ts',
    // The engine side of the CLI, its own entry so the client above loads it only when it needs an engine.
    'headless/cli-engine': './src-main/headless/cli/engine/index.ts',
    'headless/core-entry': './src-main/core/index.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Code split so `serve`'s HTTP stack (Fastify) loads only for serve, not for every CLI command.
  splitting: true,
  chunkNames: 'headless/chunks/[name]-[hash]',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
});

// The CLI's client entry must stay thin (issue 26: a command a running serve answers loads no engine code):
// what it loads before it decides (its static imports, followed through chunks) may use no package but
// commander, and better-sqlite3 for one look at the home's engine lock (an engine is running only while the
// OS says its lock is held: a pid in server.json may be someone else's after a reboot; ~7 ms to load).
// Engine code reaches it only through the dynamic import of headless/cli-engine.
const THIN_PACKAGES = new Set(['commander', 'better-sqlite3']);
const outputs = headless.metafile.outputs;
const seen = new Set();
const heavy = new Set();
for (const queue = ['dist/headless/cli.mjs']; queue.length > 0;) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  for (const imp of outputs[file]?.imports ?? []) {
    if (imp.kind !== 'import-statement') continue;
    if (!imp.external) queue.push(imp.path);
    else if (!imp.path.startsWith('node:') && !THIN_PACKAGES.has(imp.path)) heavy.add(imp.path);
  }
}
if (heavy.size > 0) {
  console.error(`build-main: the CLI client entry must not load engine packages before it decides; it imports ${[...heavy].join(', ')}.`);
  console.error('Reach engine code through loadEngine() (src-main/headless/cli/cli-context.ts) instead.');
  process.exit(1);
}

// The desktop shell: main process and sandboxed preload, CommonJS as Electron loads them. Dependencies are
// bundled in (ESM-only packages included); only electron and the native better-sqlite3 stay external: the
// packaged app ships node_modules for exactly these (scripts/desktop-stage.mjs).
await build({
  entryPoints: { 'electron/main': './src-main/electron/main.ts', 'electron/preload': './src-main/electron/preload.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['electron', ...MAIN_PROCESS_PACKAGES],
  sourcemap: 'linked',
  logLevel: 'warning',
});

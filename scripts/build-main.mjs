// Bundles the Node side (core + headless CLI/server) into dist/ with esbuild.
// node_modules stay external: better-sqlite3 is a native addon and must be loaded from disk.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { MAIN_PROCESS_PACKAGES } from './desktop-stage.mjs';

rmSync(new URL('../dist/headless', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: {
    'headless/cli': './src-main/headless/cli/main.ts',
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
});

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

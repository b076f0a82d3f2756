// Bundles the Node side (core + headless CLI/server) into dist/ with esbuild.
// node_modules stay external: better-sqlite3 is a native addon and must be loaded from disk.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

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
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

import { defineConfig } from 'vite';

// No React plugin: esbuild compiles TSX (automatic runtime); the dashboard needs no fast refresh in CI.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, target: 'es2022', reportCompressedSize: true },
});

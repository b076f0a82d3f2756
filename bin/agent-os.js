#!/usr/bin/env node
// The CLI runs from the esbuild bundle that `npm install` (prepare) and `npm test` produce.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const entry = new URL('../dist/headless/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('agent-os: the CLI is not built yet: run `npm run build:main` in the Agent OS checkout.\n');
  process.exit(1);
}
// `serve` loads with V8's young generation held at its first size, and lets it grow once running: see
// src-main/headless/cli/young-generation.ts. Set here because the growth happens while the bundle loads.
if (process.argv[2] === 'serve') setFlagsFromString('--semi-space-growth-factor=1');
await import(entry.href);

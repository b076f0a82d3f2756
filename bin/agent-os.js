#!/usr/bin/env node
// The CLI runs from the esbuild bundle that `npm install` (prepare) and `npm test` produce.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/headless/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('agent-os: the CLI is not built yet: run `npm run build:main` in the Agent OS checkout.\n');
  process.exit(1);
}
await import(entry.href);

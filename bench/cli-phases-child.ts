// Runs in a fresh, plain Node process (compiled to a temp .mjs by cli-phases.ts) and times each phase of what
// `agent-os status --json` does, against the built core bundle, so a slow CLI can be pinned to a phase.
// Prints one JSON object: phase name -> ms.
import type * as CoreModule from '../src-main/core';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [coreEntry, commander, home] = process.argv.slice(2);
if (!coreEntry || !commander || !home) throw new Error('usage: cli-phases-child <core-entry.mjs> <commander entry> <home>');

const phases: Record<string, number> = {};
let last = performance.now();
const mark = (name: string): void => {
  const now = performance.now();
  phases[name] = now - last;
  last = now;
};

const { createCore } = (await import(pathToFileURL(coreEntry).href)) as typeof CoreModule;
await import(pathToFileURL(commander).href);
mark('import modules');
const core = createCore({ home });
mark('createCore');
await core.start();
mark('core.start');
const report = core.handlers['status.get']();
mark('status.get');
const text = JSON.stringify(report, null, 2);
mark('JSON.stringify');
await core.stop();
mark('core.stop');
process.stdout.write(JSON.stringify({ phases, bytes: text.length }));

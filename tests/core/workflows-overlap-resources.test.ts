// Acceptance (issue 10): triggered runs respect the target's overlap policy and resources, like any other
// run. A target with `overlap: skip` still running when triggered again records a skipped run; a target
// needing a busy resource waits for it. Real engine, real task processes held by release files.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { coreRuns, overlappingPairs, startEngine } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, type Sandbox } from '../helpers/fixtures';
import { writeSignal, writeTradingAndCortana } from '../helpers/workflows';

let box: Sandbox;
let core: Core | null = null;
let release = '';

beforeEach(() => {
  box = createSandbox('agent-os-trigger-limits-');
  release = join(box.root, 'release');
});

afterEach(async () => {
  // A test that failed early must not leave a task waiting for its release file.
  if (!existsSync(release)) writeFileSync(release, '');
  await core?.stop();
  core = null;
  box.cleanup();
});

const engine = (): Core => {
  if (!core) throw new Error('the engine is not started');
  return core;
};

/** A task that holds on until the test writes the release file. */
const held = (extra: string): string =>
  `    command: 'while [ ! -f ${release} ]; do sleep 0.05; done; echo released'\n    timeout: 1m\n${extra.replace(/^/gm, '    ')}\n`;

async function runToSuccess(task: string): Promise<Run> {
  const started = engine().handlers['runs.start']({ task });
  const run = await engine().handlers['runs.wait']({ id: started.id });
  if (run.status !== 'success') throw new Error(`${task} ended ${run.status}: ${run.error ?? ''}`);
  return run;
}

const runOf = (task: string, pick: (r: Run) => boolean, what: string): Promise<Run> => waitFor(`${task}: ${what}`, () => coreRuns(engine(), task).find(pick));

describe('a triggered target with overlap: skip', () => {
  it('records a skipped run, triggered by the second upstream run, when it is triggered again while still running', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, {
      triggers: '  - on: { task: volatility_check }\n    run: cortana/slow_query\n',
      cortanaTasks: `  slow_query:\n${held('overlap: skip\ntriggerable_by: [trading]')}`,
    });
    writeSignal(trading, { spike: true });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const first = await runToSuccess('trading/volatility_check');
    const running = await runOf('cortana/slow_query', (r) => r.triggered_by === first.id && r.status === 'running', 'the first triggered run running');
    const second = await runToSuccess('trading/volatility_check');
    const skipped = await runOf('cortana/slow_query', (r) => r.status === 'skipped', 'a skipped run');

    expect(skipped).toMatchObject({ trigger: 'trigger', started_at: null, triggered_by: second.id });
    expect(skipped.error).toMatch(new RegExp(`run #${running.id} .*overlap: skip`));
    writeFileSync(release, '');
    const done = await runOf('cortana/slow_query', (r) => r.id === running.id && r.finished_at !== null, 'the first run to end');
    expect(done.status).toBe('success');
    await engine().idle();
    // Exactly one run of the target really ran.
    expect(coreRuns(engine(), 'cortana/slow_query').map((r) => [r.status, r.trigger])).toEqual([
      ['success', 'trigger'],
      ['skipped', 'trigger'],
    ]);
  });
});

describe('a triggered target with overlap: queue', () => {
  it('runs the second triggered run after the first, never both at once', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, {
      triggers: '  - on: { task: volatility_check }\n    run: cortana/slow_query\n',
      cortanaTasks: `  slow_query:\n${held('overlap: queue\ntriggerable_by: [trading]')}`,
    });
    writeSignal(trading, { spike: true });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const first = await runToSuccess('trading/volatility_check');
    await runOf('cortana/slow_query', (r) => r.triggered_by === first.id && r.status === 'running', 'the first triggered run running');
    const second = await runToSuccess('trading/volatility_check');
    const queued = await runOf('cortana/slow_query', (r) => r.triggered_by === second.id, 'the second triggered run');
    expect(queued.status).toBe('queued');
    writeFileSync(release, '');
    await runOf('cortana/slow_query', (r) => r.id === queued.id && r.finished_at !== null, 'the queued run to end');

    const runs = coreRuns(engine(), 'cortana/slow_query');
    expect(runs.map((r) => [r.status, r.triggered_by])).toEqual([
      ['success', first.id],
      ['success', second.id],
    ]);
    expect(overlappingPairs(runs)).toEqual([]);
  });
});

describe('a triggered target that needs a busy resource', () => {
  it('waits for the resource and runs once it is free', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, {
      triggers: '  - on: { task: volatility_check }\n    run: cortana/gpu_query\n',
      cortanaTasks: `  hog:\n${held('resources: [gpu]')}  gpu_query:\n    command: ["echo", "queried"]\n    resources: [gpu]\n    triggerable_by: [trading]\n`,
    });
    writeSignal(trading, { spike: true });
    writeConfig(box.home, [trading, cortana], 'resources:\n  gpu: 1\n');
    core = await startEngine(box.home);

    const hog = engine().handlers['runs.start']({ task: 'cortana/hog' });
    await runOf('cortana/hog', (r) => r.id === hog.id && r.status === 'running', 'the hog holding the gpu');
    const upstream = await runToSuccess('trading/volatility_check');
    const waiting = await runOf('cortana/gpu_query', (r) => r.triggered_by === upstream.id && r.status === 'waiting', 'the triggered run waiting');
    expect(waiting.trigger).toBe('trigger');
    expect(engine().handlers['runs.get']({ id: hog.id }).run.status).toBe('running');

    writeFileSync(release, '');
    const ran = await runOf('cortana/gpu_query', (r) => r.id === waiting.id && r.finished_at !== null, 'the triggered run to end');
    const hogDone = engine().handlers['runs.get']({ id: hog.id }).run;
    expect(ran.status).toBe('success');
    expect(overlappingPairs([hogDone, ran])).toEqual([]);
  });
});

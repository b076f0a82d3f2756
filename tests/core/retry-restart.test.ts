// Issue 22 §2: a retry's due time is stored with its run and survives a restart (it lived in a setTimeout and
// died with the engine); backoff is capped (retry_max_delay, default 1h) and jittered; a delay past
// setTimeout's 2^31 ms does not fire at once.
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { RETRY_JITTER, STALE_AFTER_MS } from '../../src-main/core/runner/run-queue';
import { coreRuns, createClock, manifest, startEngine, useEngineSandbox, type TestClock } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';

const t = useEngineSandbox();
const MIN = 60_000;

/** A project whose task `job` fails (exit 2) for its first `failures` attempts, counted in a file, then works. */
function flaky(failures: number, lines: readonly string[]): string {
  const script = `n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -gt ${failures} ] || exit 2`;
  const job = [`command: ${JSON.stringify(['sh', '-c', script])}`, ...lines];
  const dir = writeProject(t.box.root, 'p', { manifest: manifest('p', { job, probe: ['command: ["true"]'] }) });
  writeConfig(t.box.home, [dir]);
  return dir;
}

const runs = (core: Core): Run[] => coreRuns(core, 'p/job');
const queuedRetry = (core: Core, attempt: number): Promise<Run> =>
  waitFor(`retry ${attempt} to be queued`, () => runs(core).find((r) => r.attempt === attempt && r.trigger === 'retry' && r.status === 'queued'));
const waitOf = (r: Run): number => Date.parse(r.scheduled_for ?? '') - Date.parse(r.queued_at);

async function engine(clock: TestClock): Promise<Core> {
  t.core = await startEngine(t.box.home, clock);
  return t.core;
}

describe('a retry waiting when the engine stops', () => {
  it('is kept queued with its due time and started by the next engine at that time, not before', async () => {
    flaky(1, ['retries: 2', 'retry_delay: 10m']);
    const clock = createClock();
    let core = await engine(clock);
    core.handlers['runs.start']({ task: 'p/job' });
    const retry = await queuedRetry(core, 1);
    await core.stop();
    t.core = null;
    // Stopped: the retry is still promised, not recorded interrupted.
    core = await engine(clock);
    expect(runs(core).find((r) => r.id === retry.id)).toMatchObject({ status: 'queued', scheduled_for: retry.scheduled_for });
    clock.advanceTo(new Date(Date.parse(retry.scheduled_for ?? '') - 1000));
    // A run of another task ending proves the engine had its turn: the retry did not start early.
    const probe = core.handlers['runs.start']({ task: 'p/probe' });
    await waitFor('the probe to end', () => coreRuns(core, 'p/probe').find((r) => r.id === probe.id && r.status === 'success'));
    expect(runs(core).find((r) => r.id === retry.id)?.status).toBe('queued');
    clock.advance(1000);
    const done = await waitFor('the retry to succeed', () => runs(core).find((r) => r.id === retry.id && r.status === 'success'));
    expect(Date.parse(done.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(retry.scheduled_for ?? ''));
  });

  it('is recorded skipped, with the reason, when the engine comes back more than 24 h after its due time', async () => {
    flaky(1, ['retries: 1', 'retry_delay: 10m']);
    const clock = createClock();
    let core = await engine(clock);
    core.handlers['runs.start']({ task: 'p/job' });
    const retry = await queuedRetry(core, 1);
    await core.stop();
    t.core = null;
    clock.advance(10 * MIN + STALE_AFTER_MS + MIN);
    core = await engine(clock);
    const closed = await waitFor('the stale retry to be closed', () => runs(core).find((r) => r.id === retry.id && r.status === 'skipped'));
    expect(closed.error).toMatch(/^skipped: the retry due at .* is more than 24 h old; Agent OS was not running to start it$/);
  });
});

describe('retry backoff', () => {
  it('doubles up to retry_max_delay and jitters each wait below its nominal value', async () => {
    flaky(99, ['retries: 4', 'retry_delay: 10m', 'retry_max_delay: 25m']);
    const clock = createClock();
    const core = await engine(clock);
    core.handlers['runs.start']({ task: 'p/job' });
    const waits: number[] = [];
    for (const attempt of [1, 2, 3, 4]) {
      const retry = await queuedRetry(core, attempt);
      waits.push(waitOf(retry));
      clock.advanceTo(new Date(retry.scheduled_for ?? ''));
      await waitFor(`retry ${attempt} to end`, () => runs(core).find((r) => r.id === retry.id && r.status === 'failed'));
    }
    const nominal = [10 * MIN, 20 * MIN, 25 * MIN, 25 * MIN];
    waits.forEach((wait, i) => {
      expect(wait).toBeLessThanOrEqual(nominal[i] as number);
      expect(wait).toBeGreaterThanOrEqual((nominal[i] as number) * (1 - RETRY_JITTER) - 1);
    });
    // Jittered: not every wait is exactly its nominal value.
    expect(waits.some((wait, i) => wait < (nominal[i] as number))).toBe(true);
  });

  it('caps a huge retry_delay at the default retry_max_delay of 1 h', async () => {
    flaky(1, ['retries: 1', 'retry_delay: 30d']);
    const core = await engine(createClock());
    core.handlers['runs.start']({ task: 'p/job' });
    const retry = await queuedRetry(core, 1);
    expect(waitOf(retry)).toBeLessThanOrEqual(60 * MIN);
    expect(waitOf(retry)).toBeGreaterThanOrEqual(60 * MIN * (1 - RETRY_JITTER) - 1);
  });

  it('does not fire a wait past 2^31 ms at once on the real clock', async () => {
    // 40 days less the jitter's 20 % at most is 32 days: always past 2^31 ms (24.9 days).
    flaky(1, ['retries: 1', 'retry_delay: 40d', 'retry_max_delay: 60d']);
    t.core = await startEngine(t.box.home);
    const core = t.core;
    core.handlers['runs.start']({ task: 'p/job' });
    const retry = await queuedRetry(core, 1);
    expect(waitOf(retry)).toBeGreaterThan(2 ** 31);
    // Two runs of another task end (each its own process) while the retry keeps waiting.
    for (let i = 0; i < 2; i++) {
      const probe = core.handlers['runs.start']({ task: 'p/probe' });
      await waitFor('the probe to end', () => coreRuns(core, 'p/probe').find((r) => r.id === probe.id && r.status === 'success'));
    }
    expect(runs(core).find((r) => r.id === retry.id)?.status).toBe('queued');
  });
});

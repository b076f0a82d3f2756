// The scheduler's overlap policies and resource limits (SPEC §3 `overlap`, `resources`), with real task
// processes: runs that must not overlap never do, whatever the schedule asks.
import type { Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { describe, expect, it } from 'vitest';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';
import { coreRuns, manifest, overlappingPairs, startEngine, useEngineSandbox } from '../helpers/engine';

const t = useEngineSandbox();

const ok = (runs: readonly Run[]): Run[] => runs.filter((r) => r.status === 'success');

describe('overlap: skip', () => {
  it('never runs a 3 s task fired every second twice at once, and records the fires it skipped', async () => {
    const dir = writeProject(t.box.root, 'p', { manifest: manifest('p', { slow: ['command: ["sleep", "3"]', 'every: 1s', 'overlap: skip'] }) });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);

    const runs = await waitFor(
      'two finished runs of p/slow',
      () => {
        const all = coreRuns(t.core as Core, 'p/slow');
        return ok(all).length >= 2 && all;
      },
      { timeoutMs: 25_000 },
    );

    expect(overlappingPairs(ok(runs))).toEqual([]);
    const skipped = runs.filter((r) => r.status === 'skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(1);
    expect(skipped.every((r) => r.trigger === 'schedule' && r.started_at === null && /overlap: skip/.test(r.error ?? ''))).toBe(true);
    // Nothing else ran alongside: at most one run of the task is active at any moment.
    expect(runs.filter((r) => r.status === 'running').length).toBeLessThanOrEqual(1);
  }, 40_000);
});

describe('overlap: queue', () => {
  it('runs the fires of a 3 s task every second back to back, never two at once', async () => {
    const dir = writeProject(t.box.root, 'p', {
      manifest: manifest('p', { slow: ['command: ["sleep", "3"]', 'every: 1s', 'overlap: queue', 'queue_max: 20'] }),
    });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);

    const runs = await waitFor(
      'two finished runs of p/slow',
      () => {
        const all = coreRuns(t.core as Core, 'p/slow');
        return ok(all).length >= 2 && all;
      },
      { timeoutMs: 25_000 },
    );

    expect(ok(runs).length).toBeGreaterThan(1);
    expect(overlappingPairs(runs)).toEqual([]);
    // Queued, not dropped: fires that came during a run wait their turn instead of being skipped.
    expect(runs.filter((r) => r.status === 'skipped')).toEqual([]);
    expect(runs.filter((r) => r.status === 'queued').length).toBeGreaterThanOrEqual(1);
    const [first, second] = ok(runs);
    // Back to back: the second starts once the first has finished (not at its own next fire a second later
    // than needed, and never before).
    expect(Date.parse(second?.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(first?.finished_at ?? ''));
  }, 40_000);
});

describe('overlap: queue with queue_max', () => {
  it('never holds more than queue_max fires of a 3 s task every second, and records the rest skipped (queue full)', async () => {
    const dir = writeProject(t.box.root, 'p', {
      manifest: manifest('p', { slow: ['command: ["sleep", "3"]', 'every: 1s', 'overlap: queue', 'queue_max: 1'] }),
    });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    const counts: number[] = [];
    t.core.events.on('run.started', ({ run }) => {
      if (run.task === 'p/slow') counts.push(coreRuns(t.core as Core, 'p/slow').filter((r) => r.status === 'queued').length);
    });

    const runs = await waitFor(
      'two finished runs of p/slow and a fire skipped for a full queue',
      () => {
        const all = coreRuns(t.core as Core, 'p/slow');
        return ok(all).length >= 2 && all.some((r) => r.status === 'skipped') && all;
      },
      { timeoutMs: 25_000 },
    );

    expect(overlappingPairs(ok(runs))).toEqual([]);
    expect(Math.max(...counts)).toBeLessThanOrEqual(1);
    const skipped = runs.filter((r) => r.status === 'skipped');
    expect(skipped.every((r) => r.trigger === 'schedule' && /^skipped: queue full \(queue_max 1\)/.test(r.error ?? ''))).toBe(true);
  }, 40_000);
});

describe('resources', () => {
  it('never runs two tasks sharing a resource of limit 1 at once, and shows the later one waiting', async () => {
    const dir = writeProject(t.box.root, 'p', {
      manifest: manifest('p', {
        a: ['command: ["sleep", "1"]', 'every: 2s', 'resources: [gpu]'],
        b: ['command: ["sleep", "1"]', 'every: 2s', 'resources: [gpu]'],
      }),
    });
    writeConfig(t.box.home, [dir], 'resources:\n  gpu: 1\n');
    t.core = await startEngine(t.box.home);
    const waited: Run[] = [];
    t.core.events.on('run.started', ({ run }) => {
      if (run.status === 'waiting') waited.push(run);
    });

    const runs = await waitFor(
      'both tasks to have finished runs, one after waiting',
      () => {
        const a = ok(coreRuns(t.core as Core, 'p/a'));
        const b = ok(coreRuns(t.core as Core, 'p/b'));
        return a.length >= 2 && b.length >= 2 && waited.length > 0 && [...a, ...b];
      },
      { timeoutMs: 25_000 },
    );

    expect(overlappingPairs(runs)).toEqual([]);
    expect(waited.every((r) => r.task === 'p/a' || r.task === 'p/b')).toBe(true);
    // A run that waited for the resource still ran, later.
    const waitedThenRan = runs.filter((r) => waited.some((w) => w.id === r.id));
    expect(waitedThenRan.length).toBeGreaterThanOrEqual(1);
  }, 40_000);
});

// Pause and resume (SPEC §9 "pause/resume all"; handlers tasks.pause, engine.pauseAll): a paused task
// fires nothing, the pause survives a restart, and resuming does not report the paused stretch as missed.
import type { Core } from '../../src-main/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { coreRuns, createClock, manifest, startEngine } from '../helpers/engine';
import type { Clock } from '../../src-main/core/clock';

let box: Sandbox;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'p', {
    manifest: manifest('p', { a: ['command: ["true"]', 'every: 1s'], b: ['command: ["true"]', 'every: 1s'] }),
  });
  writeConfig(box.home, [dir]);
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

const ids = (c: Core, task: string): number[] => coreRuns(c, task).map((r) => r.id);
const taskStatus = (c: Core, task: string) =>
  c.handlers['status.get']()
    .projects.flatMap((p) => p.tasks)
    .find((t) => t.id === task);
const nextRun = (c: Core, task: string): number => Date.parse(taskStatus(c, task)?.next_run ?? '');
const restart = async (clock?: Clock): Promise<Core> => {
  await core?.stop();
  core = await startEngine(box.home, clock);
  return core;
};
/** Waits until the scheduler has passed `n` more occurrences of a task (its next_run moved on). */
const occurrencesPass = (c: Core, task: string, n: number): Promise<boolean> => {
  const from = nextRun(c, task);
  return waitFor(`${n} occurrences of ${task} to pass`, () => nextRun(c, task) >= from + n * 1000, { timeoutMs: 15_000 });
};

describe('tasks.pause', () => {
  it('stops a scheduled task from firing while others fire, keeps it paused across a restart, and resumes without missed runs', async () => {
    core = await startEngine(box.home);
    let c = core;
    await waitFor('a first run of p/a', () => ids(c, 'p/a').length > 0);

    expect(c.handlers['tasks.pause']({ task: 'p/a' })).toEqual({ task: 'p/a', paused: true });
    const frozen = ids(c, 'p/a');
    const bBefore = ids(c, 'p/b').length;
    await occurrencesPass(c, 'p/a', 3);
    await waitFor('p/b to keep firing', () => ids(c, 'p/b').length >= bBefore + 2);
    expect(ids(c, 'p/a')).toEqual(frozen);
    expect(taskStatus(c, 'p/a')).toMatchObject({ paused: true, state: 'paused' });

    c = await restart();
    expect(taskStatus(c, 'p/a')).toMatchObject({ paused: true, state: 'paused' });
    await occurrencesPass(c, 'p/a', 2);
    expect(ids(c, 'p/a')).toEqual(frozen);

    c.handlers['tasks.resume']({ task: 'p/a' });
    const fresh = await waitFor(
      'p/a to fire again',
      () => {
        const runs = coreRuns(c, 'p/a').filter((r) => !frozen.includes(r.id) && r.status === 'success');
        return runs.length > 0 && runs;
      },
      { timeoutMs: 5000 },
    );
    expect(fresh[0]?.trigger).toBe('schedule');
    expect(coreRuns(c, 'p/a').filter((r) => r.status === 'missed' || r.trigger === 'catch_up')).toEqual([]);
  }, 40_000);

  it('reports no missed run for a task that stayed paused through downtime', async () => {
    const clock = createClock();
    core = await startEngine(box.home, clock);
    core.handlers['tasks.pause']({ task: 'p/a' });
    await core.stop();
    core = null;
    clock.advance(10 * 60_000);
    const c = await restart(clock);
    await c.idle();
    c.handlers['tasks.resume']({ task: 'p/a' });
    c.resume();
    await c.idle();

    expect(coreRuns(c, 'p/a').filter((r) => r.status === 'missed' || r.trigger === 'catch_up')).toEqual([]);
    // The unpaused task, off for the same ten minutes, did miss its runs: the difference is the pause.
    expect(coreRuns(c, 'p/b').map((r) => `${r.status}/${r.trigger}`)).toEqual(['missed/schedule', 'success/catch_up']);
  });
});

describe('engine.pauseAll', () => {
  it('stops every task from firing, keeps the pause across a restart, and resumes all without missed runs', async () => {
    core = await startEngine(box.home);
    let c = core;
    await waitFor('first runs of both tasks', () => ids(c, 'p/a').length > 0 && ids(c, 'p/b').length > 0);

    expect(c.handlers['engine.pauseAll']()).toEqual({ paused_all: true });
    const frozen = coreRuns(c, 'p/a')
      .concat(coreRuns(c, 'p/b'))
      .map((r) => r.id);
    const all = (): number[] => [...ids(c, 'p/a'), ...ids(c, 'p/b')];
    await occurrencesPass(c, 'p/a', 3);
    expect(all()).toEqual(frozen);
    expect(c.handlers['status.get']().paused_all).toBe(true);

    c = await restart();
    expect(c.handlers['status.get']().paused_all).toBe(true);
    expect(taskStatus(c, 'p/b')?.state).toBe('paused');
    await occurrencesPass(c, 'p/b', 2);
    expect(all()).toEqual(frozen);

    expect(c.handlers['engine.resumeAll']()).toEqual({ paused_all: false });
    await waitFor(
      'both tasks to fire again',
      () => {
        const fresh = coreRuns(c, 'p/a')
          .concat(coreRuns(c, 'p/b'))
          .filter((r) => !frozen.includes(r.id) && r.status === 'success');
        return new Set(fresh.map((r) => r.task)).size === 2;
      },
      { timeoutMs: 5000 },
    );
    const afterResume = coreRuns(c, 'p/a')
      .concat(coreRuns(c, 'p/b'))
      .filter((r) => !frozen.includes(r.id));
    expect(afterResume.filter((r) => r.status === 'missed' || r.trigger !== 'schedule')).toEqual([]);
  }, 40_000);

  it('reports no missed runs after a paused-all stretch of downtime', async () => {
    const clock = createClock();
    core = await startEngine(box.home, clock);
    core.handlers['engine.pauseAll']();
    await core.stop();
    core = null;
    clock.advance(10 * 60_000);
    const c = await restart(clock);
    await c.idle();
    c.handlers['engine.resumeAll']();
    c.resume();
    await c.idle();

    expect([...coreRuns(c, 'p/a'), ...coreRuns(c, 'p/b')].filter((r) => r.status === 'missed' || r.trigger === 'catch_up')).toEqual([]);
  });
});

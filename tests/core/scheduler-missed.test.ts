// Missed schedules and catch-up (SPEC §3 `catch_up`, §6 "one catch-up run, never a burst"): downtime is
// simulated with the core's injectable clock, across a real stop and start on one SQLite file.
import type { Core } from '../../src-main/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { coreRuns, createClock, manifest, startEngine, storedRuns } from '../helpers/engine';

const MINUTE = 60_000;

let box: Sandbox;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'p', {
    manifest: manifest('p', {
      latest: ['command: ["true"]', 'every: 1m', 'catch_up: latest'],
      skip: ['command: ["true"]', 'schedule: "* * * * *"', 'catch_up: skip'],
    }),
  });
  writeConfig(box.home, [dir]);
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

const nextRun = (c: Core, task: string): number => {
  const next = c.handlers['status.get']()
    .projects.flatMap((p) => p.tasks)
    .find((t) => t.id === task)?.next_run;
  if (!next) throw new Error(`${task} has no next run`);
  return Date.parse(next);
};

describe('runs missed while the engine was off', () => {
  it('records one missed run and one catch-up run for catch_up: latest, and one missed run only for catch_up: skip, after 10 missed minutes', async () => {
    const clock = createClock();
    core = await startEngine(box.home, clock);
    const dueLatest = nextRun(core, 'p/latest');
    await core.stop();
    core = null;

    // Ten minutes pass with the engine off: ten occurrences of each task fall due unseen.
    clock.advance(10 * MINUTE);
    const restartedAt = clock.now().getTime();
    core = await startEngine(box.home, clock);
    await core.idle();

    const latest = coreRuns(core, 'p/latest');
    expect(latest.map((r) => `${r.status}/${r.trigger}`)).toEqual(['missed/schedule', 'success/catch_up']);
    const [missed, caughtUp] = latest;
    // 10 (or 11 if the test straddled a minute boundary) occurrences, reported in one row.
    expect(missed?.error).toMatch(/missed 1[01] scheduled runs/);
    // The catch-up stands for the most recent occurrence, not the first one missed.
    const caughtFor = Date.parse(caughtUp?.scheduled_for ?? '');
    expect(caughtFor).toBeGreaterThan(restartedAt - MINUTE);
    expect(caughtFor).toBeLessThanOrEqual(restartedAt);
    expect(caughtFor).toBeGreaterThan(dueLatest);

    const skip = coreRuns(core, 'p/skip');
    expect(skip.map((r) => `${r.status}/${r.trigger}`)).toEqual(['missed/schedule']);
    // Both tasks look ahead again, from the new now.
    expect(nextRun(core, 'p/latest')).toBeGreaterThan(restartedAt);
    expect(nextRun(core, 'p/skip')).toBeGreaterThan(restartedAt);
  });

  it('records nothing more on a second restart: a missed stretch is reported once', async () => {
    const clock = createClock();
    core = await startEngine(box.home, clock);
    await core.stop();
    clock.advance(5 * MINUTE);
    core = await startEngine(box.home, clock);
    await core.idle();
    await core.stop();
    core = null;
    const before = storedRuns(box.home).map((r) => `${r.task_id} ${r.status}/${r.trigger}`);
    expect(before).toHaveLength(3);

    core = await startEngine(box.home, clock);
    await core.idle();
    await core.stop();
    core = null;
    expect(storedRuns(box.home).map((r) => `${r.task_id} ${r.status}/${r.trigger}`)).toEqual(before);
  });
});

describe('a timer that slept while the engine ran', () => {
  it('fires the overdue occurrence as soon as resume() re-checks the wall clock', async () => {
    const clock = createClock();
    core = await startEngine(box.home, clock);
    const due = nextRun(core, 'p/latest');
    expect(coreRuns(core, 'p/latest')).toEqual([]);

    // The clock passes the due time by 5 s, but the real timer (set for real time) has not fired.
    clock.advance(due - clock.now().getTime() + 5000);
    core.resume();

    const runs = coreRuns(core, 'p/latest');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', scheduled_for: new Date(due).toISOString() });
    await core.idle();
    expect(coreRuns(core, 'p/latest')[0]?.status).toBe('success');
    expect(nextRun(core, 'p/latest')).toBe(due + MINUTE);
  });

  it('records one missed run and one catch-up when the machine slept through many occurrences', async () => {
    const clock = createClock();
    core = await startEngine(box.home, clock);
    clock.advance(30 * MINUTE);
    core.resume();
    await core.idle();

    expect(coreRuns(core, 'p/latest').map((r) => `${r.status}/${r.trigger}`)).toEqual(['missed/schedule', 'success/catch_up']);
    expect(coreRuns(core, 'p/skip').map((r) => `${r.status}/${r.trigger}`)).toEqual(['missed/schedule']);
    // A second check finds nothing overdue: no burst follows.
    core.resume();
    await core.idle();
    expect(coreRuns(core, 'p/latest')).toHaveLength(2);
    expect(coreRuns(core, 'p/skip')).toHaveLength(1);
  });
});

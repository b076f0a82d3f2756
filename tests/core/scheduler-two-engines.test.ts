// Two engines on one database (a desktop app and a stray serve, or a restart overlapping its predecessor)
// must share the schedule, not double it: each occurrence is claimed by exactly one of them.
import type { Core } from '../../src-main/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { duplicates, manifest, startEngine, storedRuns } from '../helpers/engine';

let box: Sandbox;
const cores: Core[] = [];

beforeEach(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'p', {
    manifest: manifest('p', {
      tick: ['command: ["true"]', 'every: 1s', 'overlap: allow'],
      tock: ['command: ["true"]', 'schedule: "*/1 * * * * *"', 'overlap: allow'],
    }),
  });
  writeConfig(box.home, [dir]);
});

afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
  box.cleanup();
});

describe('two engines on one home', () => {
  it('never fire the same occurrence twice over about 4 s of every-second tasks', async () => {
    // Started together, so both hold timers for the same occurrences and race for each one.
    cores.push(...(await Promise.all([startEngine(box.home), startEngine(box.home)])));

    await waitFor(
      '4 occurrences of each task',
      () => {
        const runs = storedRuns(box.home);
        return ['p/tick', 'p/tock'].every((t) => runs.filter((r) => r.task_id === t && r.status === 'success').length >= 4);
      },
      { timeoutMs: 15_000 },
    );
    for (const core of cores.splice(0)) await core.stop();

    const runs = storedRuns(box.home);
    for (const task of ['p/tick', 'p/tock']) {
      const fired = runs.filter((r) => r.task_id === task && r.scheduled_for !== null);
      expect(fired.length).toBeGreaterThanOrEqual(4);
      expect(duplicates(fired.map((r) => r.scheduled_for)), task).toEqual([]);
    }
  }, 30_000);
});

// Runs belong to an engine instance, not a pid (issue 21 §3): another instance on the same home leaves a
// live instance's runs alone at its start, and runs.cancel closes any unfinished run, wherever it is
// supervised, instead of answering that a running run cannot be cancelled.
import type { Core } from '../../src-main/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDatabase } from '../helpers/db';
import { manifest, startEngine, storedRuns } from '../helpers/engine';
import { createSandbox, isProcessGone, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
const cores: Core[] = [];

beforeEach(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'p', { manifest: manifest('p', { slow: ['command: ["sleep", "600"]'] }) });
  writeConfig(box.home, [dir]);
});

afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
  box.cleanup();
});

const instanceOf = (home: string, id: number): string | null =>
  (withDatabase(home, (db) => db.prepare('SELECT owner_instance FROM runs WHERE id = ?').get(id)) as { owner_instance: string | null }).owner_instance;

describe('runs and their engine instance', () => {
  it('records a random instance per start, and a second start leaves the live instance’s running run alone', async () => {
    const first = await startEngine(box.home);
    cores.push(first);
    const run = first.handlers['runs.start']({ task: 'p/slow' });
    await waitFor('the run to be running', () => storedRuns(box.home, 'p/slow')[0]?.status === 'running');
    const second = await startEngine(box.home);
    cores.push(second);

    expect(instanceOf(box.home, run.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(storedRuns(box.home, 'p/slow')[0]?.status).toBe('running');
  });

  it('runs.cancel closes a running run that another instance supervises, and ends its process', async () => {
    const supervisor = await startEngine(box.home);
    cores.push(supervisor);
    const run = supervisor.handlers['runs.start']({ task: 'p/slow' });
    const child = await waitFor(
      'the run to be running',
      () => storedRuns(box.home, 'p/slow').find((r) => r.status === 'running' && r.pid !== null)?.pid ?? undefined,
    );
    const other = await startEngine(box.home);
    cores.push(other);

    const cancelled = other.handlers['runs.cancel']({ id: run.id });

    expect(cancelled.status).toBe('cancelled');
    await waitFor('the task process to end', () => isProcessGone(child), { timeoutMs: 10_000 });
    expect(storedRuns(box.home, 'p/slow').map((r) => r.status)).toEqual(['cancelled']);
  });
});

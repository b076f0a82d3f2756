// Acceptance: SIGTERM to `agent-os serve` mid-run ends the task's process tree, records the run as
// interrupted and exits promptly (SPEC §4 "no run is ever silently lost").
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../helpers/cli';
import { createSandbox, isProcessGone, readPid, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { ANY_PORT, manifest, startServe, storedRuns, type ServeProcess } from '../helpers/engine';

let box: Sandbox;
let serve: ServeProcess | null = null;

beforeEach(() => {
  box = createSandbox();
});

afterEach(async () => {
  await serve?.stop();
  serve = null;
  box.cleanup();
});

describe('agent-os serve on SIGTERM', () => {
  it('kills a running 30 s task, records it as interrupted and exits within a few seconds', async () => {
    const shellPid = join(box.root, 'shell.pid');
    const sleepPid = join(box.root, 'sleep.pid');
    const dir = writeProject(box.root, 'slow', {
      manifest: manifest('slow', {
        nap: [`command: 'echo $$ > ${shellPid}; sleep 30 & echo $! > ${sleepPid}; wait'`, 'every: 1s', 'overlap: skip'],
      }),
    });
    writeConfig(box.home, [dir], ANY_PORT);
    serve = await startServe(box.home);

    const pids = await waitFor('the task to start its shell and its sleep', () => {
      const shell = readPid(shellPid);
      const sleep = readPid(sleepPid);
      return shell !== undefined && sleep !== undefined && { shell, sleep };
    });
    const running = storedRuns(box.home, 'slow/nap').filter((r) => r.status === 'running');
    expect(running).toHaveLength(1);

    serve.child.kill('SIGTERM');
    // "A few seconds": far less than the 30 s the task would still sleep.
    const child = serve.child;
    await waitFor('serve to exit after SIGTERM', () => child.exitCode !== null || child.signalCode !== null, { timeoutMs: 8000 });
    expect(await serve.exited).toEqual({ code: 0, signal: null });

    // Read the file before any other Agent OS process could tidy up after a sloppy shutdown.
    const after = storedRuns(box.home, 'slow/nap');
    expect(after.filter((r) => r.status === 'running' || r.status === 'queued' || r.status === 'waiting')).toEqual([]);
    const interrupted = after.find((r) => r.id === running[0]?.id);
    expect(interrupted).toMatchObject({ status: 'interrupted' });
    expect(interrupted?.finished_at).not.toBeNull();
    expect(interrupted?.error).toMatch(/interrupted/);

    await waitFor('the task process tree to be gone', () => isProcessGone(pids.shell) && isProcessGone(pids.sleep), { timeoutMs: 5000 });

    const listed = await listRuns(box.home, ['--task', 'slow/nap']);
    expect(listed.some((r) => r.status === 'running')).toBe(false);
    expect(listed.find((r) => r.id === interrupted?.id)?.status).toBe('interrupted');
  }, 60_000);
});

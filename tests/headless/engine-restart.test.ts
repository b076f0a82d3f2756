// Acceptance (issue 21 §3): one engine per home without pid files that lie. A container restart gives the
// new engine the dead one's pid (1, in a fresh PID namespace: what Docker and Railway do), a reboot hands a
// stale engine.pid's number to an unrelated process, and kill -9 leaves a run open: none of it may block the
// next start or keep the dead engine's run `running`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT, assertCliBuilt, cliEnv, runCli } from '../helpers/cli';
import { withDatabase } from '../helpers/db';
import { ANY_PORT, ENGINE_RUNNING, manifest, startServe, storedRuns, trackServe, type ServeProcess } from '../helpers/engine';
import { lacks } from '../helpers/tools';
import { createSandbox, isProcessGone, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

// The first run of the task sleeps until it is killed; every later one succeeds at once.
const TASK = ['command: ["sh", "-c", "if [ -e first-ran ]; then exit 0; fi; touch first-ran; exec sleep 600"]'];
// As root, what Docker and Railway do; otherwise in a user namespace of its own, where this user is root.
const NAMESPACE = ['--pid', '--fork', '--mount-proc', '--kill-child', ...(process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'])];

let box: Sandbox;
const serves: ServeProcess[] = [];

beforeEach(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'p', { manifest: manifest('p', { job: TASK }) });
  writeConfig(box.home, [dir], ANY_PORT);
});

afterEach(async () => {
  for (const serve of serves.splice(0)) await serve.stop(2000);
  box.cleanup();
});

/** `agent-os serve` as PID 1 of a fresh PID namespace, the way a container runs it. */
async function serveInContainer(home: string): Promise<ServeProcess> {
  assertCliBuilt();
  const child: ChildProcessWithoutNullStreams = spawn('unshare', [...NAMESPACE, process.execPath, CLI_BIN, 'serve'], {
    cwd: REPO_ROOT,
    env: cliEnv(home),
  });
  const serve = trackServe(child);
  serves.push(serve);
  await waitFor('serve in the namespace to print "engine running"', () => ENGINE_RUNNING.test(serve.stdout()) || (child.exitCode !== null && 'exited'), {
    timeoutMs: 20_000,
  });
  expect(child.exitCode, serve.stderr()).toBeNull();
  return serve;
}

/** Kills the namespace's PID 1 (the engine) with SIGKILL: the container is gone, with every process in it. */
async function killContainer(serve: ServeProcess): Promise<void> {
  const unsharePid = serve.child.pid as number;
  const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  for (const pid of children) process.kill(pid, 'SIGKILL');
  await serve.exited;
}

const owner = (home: string, id: number): { owner_pid: number | null } =>
  withDatabase(home, (db) => db.prepare('SELECT owner_pid FROM runs WHERE id = ?').get(id) as { owner_pid: number | null });

async function firstRunRunning(home: string): Promise<number> {
  const started = await runCli(['run', 'p/job'], { home, timeoutMs: 20_000 });
  expect(started.code, started.stderr).toBe(0);
  const run = await waitFor('the first run to be running', () => storedRuns(home, 'p/job').find((r) => r.status === 'running' && r.pid !== null), {
    timeoutMs: 15_000,
  });
  return run.id;
}

describe('one engine per home across a container restart, a reboot and kill -9', () => {
  it.skipIf(lacks('unshare'))(
    'closes the dead engine’s run as interrupted when the next engine starts with the same pid in a fresh PID namespace, and runs the task again',
    async () => {
      const first = await serveInContainer(box.home);
      const runId = await firstRunRunning(box.home);
      expect(owner(box.home, runId).owner_pid).toBe(1);
      await killContainer(first);
      expect(storedRuns(box.home, 'p/job').find((r) => r.id === runId)?.status).toBe('running');

      await serveInContainer(box.home);
      const closed = storedRuns(box.home, 'p/job').find((r) => r.id === runId);
      expect(closed?.status).toBe('interrupted');
      expect(closed?.error).toMatch(/^interrupted: the Agent OS process \(pid 1\) supervising it ended while it ran/);

      const again = await runCli(['run', 'p/job', '--wait'], { home: box.home, timeoutMs: 30_000 });
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(storedRuns(box.home, 'p/job').map((r) => r.status)).toEqual(['interrupted', 'success']);
    },
    60_000,
  );

  it('starts although a stale engine.pid names a live, unrelated process', async () => {
    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      writeFileSync(join(box.home, 'engine.pid'), `${String(unrelated.pid)}\n`);
      const serve = await startServe(box.home);
      serves.push(serve);
      expect(serve.stdout()).toMatch(ENGINE_RUNNING);
      // engine.pid is information: it now names the engine that holds the home.
      expect(readFileSync(join(box.home, 'engine.pid'), 'utf8').trim()).toBe(String(serve.child.pid));
      expect(unrelated.exitCode).toBeNull();
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('after kill -9 mid-run, the next serve starts, closes the run as interrupted, ends its orphan and runs the task again', async () => {
    const first = await startServe(box.home);
    serves.push(first);
    const runId = await firstRunRunning(box.home);
    const orphan = storedRuns(box.home, 'p/job').find((r) => r.id === runId)?.pid as number;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isProcessGone(orphan)).toBe(false);

    serves.push(await startServe(box.home));
    const closed = storedRuns(box.home, 'p/job').find((r) => r.id === runId);
    expect(closed?.status).toBe('interrupted');
    await waitFor('the orphaned task process to be killed', () => isProcessGone(orphan), { timeoutMs: 10_000 });
    const again = await runCli(['run', 'p/job', '--wait'], { home: box.home, timeoutMs: 30_000 });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(storedRuns(box.home, 'p/job').map((r) => r.status)).toEqual(['interrupted', 'success']);
  }, 60_000);
});

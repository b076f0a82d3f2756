// Acceptance (issue 15 §2): the container's life as a platform drives it. `docker stop` / a redeploy sends
// SIGTERM to PID 1 (tini), which hands it to the engine: the running run is recorded as interrupted, the
// process tree is gone, the exit is 0 and the health check then fails. Started as root (Railway mounts its
// volume root-owned; RAILWAY_RUN_UID=0), the start script gives the volume to the app user and drops root.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { canSwitchUser, giveToImageUser, imageUser, ownerOf, processUid, runHealthcheck, startContainer, type ContainerProcess } from '../helpers/container';
import { manifest, storedRuns } from '../helpers/engine';
import { createSandbox, filesUnder, isProcessGone, readPid, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const TOKEN = randomBytes(32).toString('hex');
const PLATFORM = { AGENT_OS_TOKEN: TOKEN, AGENT_OS_PUBLIC_URL: 'https://agent.example.test', AGENT_OS_TRUST_PROXY: '1' };

let box: Sandbox;
let data: string;
let container: ContainerProcess | null = null;

// The image's ENTRYPOINT is /usr/bin/tini, run as it is.
const NO_TINI = lacks('tini');

beforeEach(() => {
  box = createSandbox('agent-os-hosted-');
  chmodSync(box.root, 0o755);
  data = join(box.root, 'data');
  mkdirSync(join(data, 'projects'), { recursive: true });
});

afterEach(async () => {
  await container?.stop();
  container = null;
  box.cleanup();
});

describe.skipIf(NO_TINI)('SIGTERM to the container (docker stop, a redeploy)', () => {
  it('reaches the engine through tini: the running run is recorded as interrupted, nothing is left running, exit 0', async () => {
    const pids = join(data, 'pids');
    mkdirSync(pids);
    const dir = writeProject(join(data, 'projects'), 'slow', {
      manifest: manifest('slow', {
        nap: [`command: 'echo $$ > ${pids}/shell; sleep 30 & echo $! > ${pids}/sleep; wait'`, 'every: 1s', 'overlap: skip'],
      }),
    });
    writeConfig(data, [dir]);
    giveToImageUser(data);
    container = await startContainer({ data, env: PLATFORM });
    const running = await waitFor('the task to start its shell and its sleep', () => {
      const shell = readPid(join(pids, 'shell'));
      const sleep = readPid(join(pids, 'sleep'));
      return shell !== undefined && sleep !== undefined && { shell, sleep };
    });
    expect(storedRuns(data, 'slow/nap').filter((r) => r.status === 'running')).toHaveLength(1);

    // The platform signals PID 1, which is tini, not the engine.
    container.child.kill('SIGTERM');
    expect(await container.stop(10_000)).toEqual({ code: 0, signal: null });
    const runs = storedRuns(data, 'slow/nap');
    expect(runs.filter((r) => ['running', 'queued', 'waiting'].includes(r.status))).toEqual([]);
    expect(runs.at(-1)).toMatchObject({ status: 'interrupted' });
    await waitFor('the task process tree to be gone', () => isProcessGone(running.shell) && isProcessGone(running.sleep), { timeoutMs: 5000 });
    // Stopped, it no longer passes the image's health check.
    expect(runHealthcheck(container.env)).not.toBe(0);
  }, 60_000);
});

describe.skipIf(NO_TINI)('started as root, as Railway starts it (RAILWAY_RUN_UID=0 for its root-owned volume)', () => {
  it('gives the volume to the image user and runs the engine as that user, never as root', async (ctx) => {
    if (!canSwitchUser) ctx.skip(`a root start needs these tests to run as root with setpriv (uid ${process.getuid?.()})`);
    // A volume as Railway mounts it: owned by root, with a file a root shell left in it.
    writeFileSync(join(data, 'notes.txt'), 'left by root\n');
    writeConfig(data, []);
    container = await startContainer({ data, env: PLATFORM, as: 'root' });
    const info = JSON.parse(readFileSync(join(data, 'server.json'), 'utf8')) as { pid: number };
    const { uid } = imageUser();
    expect(processUid(info.pid)).toBe(uid);
    for (const file of [data, ...filesUnder(data)]) expect(ownerOf(file), file).toBe(uid);
    expect(runHealthcheck(container.env)).toBe(0);
  });
});

// Acceptance: when the process supervising a run dies (kill -9), the next Agent OS start closes the run
// as interrupted, kills the orphaned task processes and leaves a sound database (SPEC §4).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, collect, listRuns, runCli, spawnCli, type RunRow, type StatusDoc } from '../helpers/cli';
import { withDatabase } from '../helpers/db';
import { createSandbox, isProcessGone, pidTaken, readPid, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;

beforeAll(() => {
  box = createSandbox();
  const pidDir = box.root;
  const dir = writeProject(box.root, 'p', {
    manifest: `name: p
tasks:
  slow:
    command: 'echo $$ > ${join(pidDir, 'slow-main.pid')}; sleep 60 & echo $! > ${join(pidDir, 'slow-kid.pid')}; echo ready; wait'
    timeout: 5m
  detached:
    command: 'echo $$ > ${join(pidDir, 'detached-main.pid')}; sleep 60 & echo $! > ${join(pidDir, 'detached-kid.pid')}; echo ready; wait'
    timeout: 5m
`,
  });
  writeConfig(box.home, [dir]);
});

afterAll(() => {
  // Never leave a task process behind, whatever happened in the tests.
  for (const name of ['slow-main', 'slow-kid', 'detached-main', 'detached-kid']) {
    const pid = readPid(join(box.root, `${name}.pid`));
    if (pid && !isProcessGone(pid)) process.kill(pid, 'SIGKILL');
  }
  box.cleanup();
});

const runningRunOf = (task: string): Promise<RunRow> =>
  waitFor(`a running run of ${task}`, async () => (await listRuns(box.home, ['--task', task])).find((r) => r.status === 'running'), {
    timeoutMs: 30_000,
    intervalMs: 200,
  });

const taskPids = (name: string): Promise<[number, number]> =>
  waitFor(`${name} to write its pids`, () => {
    const main = readPid(join(box.root, `${name}-main.pid`));
    const kid = readPid(join(box.root, `${name}-kid.pid`));
    return main && kid ? ([main, kid] as [number, number]) : undefined;
  });

const integrity = (): string => withDatabase(box.home, (db) => String(db.pragma('integrity_check', { simple: true })));

describe('recovery after the supervising process is killed', () => {
  it('closes a run whose `run --wait` process was killed as interrupted, kills its orphans and keeps the database sound', async () => {
    const cli = spawnCli(['run', 'p/slow', '--wait'], { home: box.home });
    const ended = collect(cli, 60_000);
    const running = await runningRunOf('p/slow');
    const [main, kid] = await taskPids('slow');

    // A live supervisor's run is not mistaken for a crashed one by another CLI command.
    await cliJson<StatusDoc>(['status', '--json'], { home: box.home });
    expect((await listRuns(box.home)).find((r) => r.id === running.id)?.status).toBe('running');

    process.kill(cli.pid as number, 'SIGKILL');
    expect((await ended).signal).toBe('SIGKILL');
    // The task's process group outlives its supervisor until Agent OS starts again.
    expect(isProcessGone(main)).toBe(false);
    expect(isProcessGone(kid)).toBe(false);

    const status = await runCli(['status', '--json'], { home: box.home });
    expect(status.code, status.stderr).toBe(0);
    const after = (await listRuns(box.home)).find((r) => r.id === running.id);
    expect(after?.status).toBe('interrupted');
    expect(after?.error).toMatch(/interrupted/);
    expect(after?.finished_at).not.toBeNull();
    await waitFor('the orphaned task process and its child to be killed', () => isProcessGone(main) && isProcessGone(kid), { timeoutMs: 15_000 });
    expect(integrity()).toBe('ok');
  }, 90_000);

  it('closes a run whose detached worker was killed as interrupted and kills its orphans', async () => {
    const started = await cliJson<RunRow>(['run', 'p/detached', '--json'], { home: box.home });
    await runningRunOf('p/detached');
    const [main, kid] = await taskPids('detached');
    const worker = withDatabase(
      box.home,
      (db) => (db.prepare('SELECT owner_pid FROM runs WHERE id = ?').get(started.id) as { owner_pid: number | null }).owner_pid,
    );
    expect(worker).toBeGreaterThan(0);
    process.kill(worker as number, 'SIGKILL');
    // Wait until init has reaped the worker: Agent OS, like `kill -0`, counts a zombie as alive.
    await waitFor(`worker ${String(worker)} to be reaped`, () => !pidTaken(worker as number), { timeoutMs: 30_000 });

    const [after] = await cliJson<RunRow[]>(['runs', '--json', '--task', 'p/detached'], { home: box.home });
    expect(after).toMatchObject({ id: started.id, status: 'interrupted' });
    await waitFor("the detached run's orphans to be killed", () => isProcessGone(main) && isProcessGone(kid), { timeoutMs: 15_000 });
    expect(integrity()).toBe('ok');
  }, 90_000);

  it('shows the interrupted runs as ended in status --json, not as running', async () => {
    const status = await cliJson<StatusDoc>(['status', '--json'], { home: box.home });
    const tasks = status.projects.find((p) => p.name === 'p')?.tasks ?? [];
    for (const id of ['p/slow', 'p/detached']) {
      const task = tasks.find((t) => t.id === id);
      expect(task?.last_run?.status).toBe('interrupted');
      expect(task?.state).not.toBe('running');
    }
  });
});

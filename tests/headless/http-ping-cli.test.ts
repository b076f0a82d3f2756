// Acceptance (SPEC §6, §10): against a real `agent-os serve`, `status --json` shows each heartbeat task's
// ping_url on the served address (and `up` as `ok`), curl-style pings to it are recorded, and
// `agent-os ping project/task [start|fail|N] [--rid]` goes through the running server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, listRuns, runCli, type StatusDoc } from '../helpers/cli';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { request, servedAt } from '../helpers/http';

type StatusTask = StatusDoc['projects'][number]['tasks'][number] & { ping_url?: string };

let box: Sandbox;
let serve: ServeProcess | null = null;
let base = '';

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'remote', {
    manifest: `name: remote
tasks:
  nightly:
    heartbeat: { schedule: "0 3 * * *", grace: 30m }
  sync:
    heartbeat: { period: 1h, grace: 10m }
  pairs:
    heartbeat: { period: 1h, grace: 10m }
  local:
    command: ["true"]
`,
  });
  writeConfig(box.home, [dir], ANY_PORT);
  serve = await startServe(box.home);
  base = servedAt(serve.stdout()).url;
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  box?.cleanup();
});

const statusTasks = async (): Promise<Map<string, StatusTask>> => {
  const doc = await cliJson<StatusDoc>(['status', '--json'], { home: box.home });
  return new Map(doc.projects.flatMap((p) => p.tasks as StatusTask[]).map((t) => [t.id, t]));
};

describe('heartbeats through agent-os serve', () => {
  it('shows a ping_url on the served address for heartbeat tasks only, each with its own key', async () => {
    const tasks = await statusTasks();
    const urls = ['remote/nightly', 'remote/sync', 'remote/pairs'].map((id) => tasks.get(id)?.ping_url ?? '');
    for (const url of urls) expect(url).toMatch(new RegExp(`^${base}/ping/[A-Za-z0-9_-]{20,}$`));
    expect(new Set(urls).size).toBe(3);
    expect(tasks.get('remote/local')?.ping_url).toBeUndefined();
    expect(tasks.get('remote/nightly')).toMatchObject({ kind: 'heartbeat', state: 'never' });
    // A schedule heartbeat expects its next ping at the next fire time (03:00, local time).
    expect(new Date(tasks.get('remote/nightly')?.next_run ?? '').getHours()).toBe(3);
  });

  it('reports a heartbeat pinged at its ping_url as ok, with the ping as its last run', async () => {
    const url = (await statusTasks()).get('remote/nightly')?.ping_url ?? '';
    const answer = await request(url, new URL(url).pathname, { method: 'POST', body: 'done' });
    expect(answer.status).toBe(200);
    const task = (await statusTasks()).get('remote/nightly');
    expect(task?.state).toBe('ok');
    expect(task?.last_run).toMatchObject({ status: 'success', trigger: 'heartbeat' });
  });

  it('sends start, an exit status and a plain success with `agent-os ping` through the server', async () => {
    const start = await runCli(['ping', 'remote/sync', 'start'], { home: box.home });
    expect(start).toMatchObject({ code: 0, stdout: 'OK\n' });
    expect((await statusTasks()).get('remote/sync')?.state).toBe('running');
    expect((await runCli(['ping', 'remote/sync', '7'], { home: box.home })).code).toBe(0);
    expect((await statusTasks()).get('remote/sync')?.state).not.toBe('ok');
    expect((await runCli(['ping', 'remote/sync'], { home: box.home })).code).toBe(0);
    expect((await statusTasks()).get('remote/sync')?.state).toBe('ok');
    const runs = await listRuns(box.home, ['--task', 'remote/sync']);
    expect(runs.map((r) => [r.status, r.exit_code])).toEqual([
      ['success', 0],
      ['failed', 7],
    ]);
  });

  it('pairs `agent-os ping --rid` starts and ends through the server as ?rid= does', async () => {
    for (const args of [
      ['start', '--rid', 'a'],
      ['start', '--rid', 'b'],
      ['0', '--rid', 'a'],
    ]) {
      expect((await runCli(['ping', 'remote/pairs', ...args], { home: box.home })).code).toBe(0);
    }
    const runs = (await listRuns(box.home, ['--task', 'remote/pairs'])).reverse();
    // The end for "a" closes the first start; "b" is still running.
    expect(runs.map((r) => r.status)).toEqual(['success', 'running']);
  });

  it('refuses `agent-os ping` for a command task and an unknown task with one line and a non-zero exit', async () => {
    for (const task of ['remote/local', 'remote/nope']) {
      const result = await runCli(['ping', task], { home: box.home });
      expect(result.code, task).not.toBe(0);
      expect(result.stderr.trim().split('\n'), task).toHaveLength(1);
      expect(result.stderr, task).toContain(task);
    }
  });
});

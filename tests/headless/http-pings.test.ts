// Acceptance (SPEC §6): healthchecks.io-compatible pings over real HTTP — success, /fail, /<exit status>,
// /start then an end (one run), ?rid= pairing, /log, HEAD, 404 for a wrong key, 400 for a bad action;
// no token needed and any Host accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { withDatabase } from '../helpers/db';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { callApi, request, startTestServer, taskStatus, type HttpAnswer, type RequestOptions, type TestServer } from '../helpers/http';

const TASKS = ['ok', 'fail', 'exit0', 'exit7', 'startend', 'rid', 'log', 'logidle', 'head', 'anyhost'] as const;
type Beat = (typeof TASKS)[number];

let box: Sandbox;
let ts: TestServer;
const paths = new Map<string, string>();

beforeAll(async () => {
  box = createSandbox();
  const blocks = TASKS.map((t) => `  ${t}:\n    heartbeat: { period: 1h, grace: 1h }\n`).join('');
  const dir = writeProject(box.root, 'hb', { manifest: `name: hb\ntasks:\n${blocks}  cmd:\n    command: ["true"]\n` });
  writeConfig(box.home, [dir], ANY_PORT);
  ts = await startTestServer(box.home);
  for (const t of TASKS) {
    const url = (await taskStatus(ts.url, ts.token, `hb/${t}`)).ping_url ?? '';
    paths.set(t, new URL(url).pathname);
  }
});

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

/** Sends a ping for hb/<task> with `suffix` (e.g. '/start?rid=a') and no token. */
const ping = (task: Beat, suffix = '', options: RequestOptions = {}): Promise<HttpAnswer> => request(ts.url, `${paths.get(task) ?? ''}${suffix}`, options);
/** The task's runs, oldest first. */
const runsOf = async (task: Beat): Promise<Run[]> => (await callApi(ts.url, ts.token, 'runs.list', { task: `hb/${task}` })).reverse();
const stateOf = async (task: Beat): Promise<string> => (await taskStatus(ts.url, ts.token, `hb/${task}`)).state;
const changesOf = (task: Beat): Array<{ from_state: string; to_state: string }> =>
  withDatabase(
    box.home,
    (db) =>
      db.prepare('SELECT from_state, to_state FROM state_changes WHERE task_id = ? ORDER BY id').all(`hb/${task}`) as Array<{
        from_state: string;
        to_state: string;
      }>,
  );
const pingKinds = (task: Beat): string[] =>
  withDatabase(box.home, (db) =>
    (db.prepare('SELECT kind FROM ping_events WHERE task_id = ? ORDER BY id').all(`hb/${task}`) as Array<{ kind: string }>).map((r) => r.kind),
  );

describe('heartbeat pings', () => {
  it('records a plain ping as a successful heartbeat run and reports the task ok', async () => {
    expect(await stateOf('ok')).toBe('never');
    const answer = await ping('ok');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('OK');
    const runs = await runsOf('ok');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'success', trigger: 'heartbeat', exit_code: 0, error: null });
    expect(await stateOf('ok')).toBe('ok');
    expect(changesOf('ok')).toEqual([{ from_state: 'new', to_state: 'up' }]);
  });

  it('records /fail as a failed run and the task as no longer ok', async () => {
    await ping('fail');
    expect((await ping('fail', '/fail')).status).toBe(200);
    const runs = await runsOf('fail');
    expect(runs.map((r) => r.status)).toEqual(['success', 'failed']);
    expect(runs[1]?.error).toMatch(/fail/);
    expect(['failing', 'down']).toContain(await stateOf('fail'));
  });

  it('records /0 as success and /7 as failed with exit code 7', async () => {
    expect((await ping('exit0', '/0')).status).toBe(200);
    expect((await ping('exit7', '/7')).status).toBe(200);
    expect((await runsOf('exit0'))[0]).toMatchObject({ status: 'success', exit_code: 0 });
    const [failed] = await runsOf('exit7');
    expect(failed).toMatchObject({ status: 'failed', exit_code: 7 });
    expect(failed?.error).toContain('7');
    expect(await stateOf('exit0')).toBe('ok');
    expect(['failing', 'down']).toContain(await stateOf('exit7'));
  });

  it('turns /start and then a success into one run that goes running -> success with its duration', async () => {
    expect((await ping('startend', '/start')).status).toBe(200);
    const open = await runsOf('startend');
    expect(open.map((r) => r.status)).toEqual(['running']);
    expect(await stateOf('startend')).toBe('running');
    expect((await ping('startend')).status).toBe(200);
    const runs = await runsOf('startend');
    expect(runs).toHaveLength(1);
    const run = runs[0] as Run;
    expect(run).toMatchObject({ id: open[0]?.id, status: 'success', started_at: open[0]?.started_at });
    expect(run.duration_ms).toBe(Date.parse(run.finished_at ?? '') - Date.parse(run.started_at ?? ''));
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);
    expect(await stateOf('startend')).toBe('ok');
  });

  it('pairs interleaved starts and ends by ?rid=, each end closing its own run', async () => {
    const jobA = '728b3763-ea80-4113-9fc0-f49b3adf226a';
    const jobB = 'F1A2B3C4-0000-4000-8000-00000000000B';
    await ping('rid', `/start?rid=${jobA}`);
    await ping('rid', `/start?rid=${jobB}`);
    const [a, b] = await runsOf('rid');
    await ping('rid', `/0?rid=${jobA}`);
    const afterA = await runsOf('rid');
    expect(afterA.map((r) => [r.id, r.status])).toEqual([
      [a?.id, 'success'],
      [b?.id, 'running'],
    ]);
    await ping('rid', `/5?rid=${jobB.toLowerCase()}`);
    const runs = await runsOf('rid');
    expect(runs.map((r) => [r.id, r.status, r.exit_code])).toEqual([
      [a?.id, 'success', 0],
      [b?.id, 'failed', 5],
    ]);
    for (const run of runs) expect(run.duration_ms).toBe(Date.parse(run.finished_at ?? '') - Date.parse(run.started_at ?? ''));
  });

  it('records /log without changing state, appending its body to the open run', async () => {
    await ping('log', '/start');
    expect((await ping('log', '/log', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'step 1 of 3 done' })).status).toBe(200);
    expect((await runsOf('log')).map((r) => r.status)).toEqual(['running']);
    expect(await stateOf('log')).toBe('running');
    await ping('log');
    const [run] = await runsOf('log');
    expect(run?.status).toBe('success');
    expect((await callApi(ts.url, ts.token, 'runs.get', { id: run?.id ?? 0 })).log).toContain('step 1 of 3 done');
    expect(pingKinds('log')).toEqual(['start', 'log', 'success']);
  });

  it('records /log on an idle heartbeat as a ping event with no run and no state change', async () => {
    await ping('logidle');
    const changes = changesOf('logidle');
    expect((await ping('logidle', '/log', { method: 'POST', body: 'just saying hi' })).status).toBe(200);
    expect(await runsOf('logidle')).toHaveLength(1);
    expect(await stateOf('logidle')).toBe('ok');
    expect(changesOf('logidle')).toEqual(changes);
    expect(pingKinds('logidle')).toEqual(['success', 'log']);
  });

  it('answers HEAD like GET and records the ping', async () => {
    const answer = await ping('head', '', { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect((await runsOf('head')).map((r) => r.status)).toEqual(['success']);
    expect((await ping('head', '/start', { method: 'HEAD' })).status).toBe(200);
    expect((await runsOf('head')).map((r) => r.status)).toEqual(['success', 'running']);
  });

  it('takes pings without a token, through any Host name and from any Origin', async () => {
    for (const host of ['evil.example', 'hc.tunnel.example:443', `192.168.1.20:${ts.port}`]) {
      expect((await ping('anyhost', '', { headers: { host } })).status, host).toBe(200);
    }
    expect((await ping('anyhost', '/0', { headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
    expect((await ping('anyhost', '', { method: 'POST', headers: { cookie: 'agent_os_session=wrong' }, body: 'x' })).status).toBe(200);
    expect(await runsOf('anyhost')).toHaveLength(5);
  });

  it('answers a wrong ping key with 404 and records nothing', async () => {
    const before = withDatabase(box.home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM ping_events').get() as { n: number }).n);
    for (const [path, method] of [
      ['/ping/AAAAAAAAAAAAAAAAAAAAAA', 'GET'],
      ['/ping/AAAAAAAAAAAAAAAAAAAAAA/start', 'POST'],
      ['/ping/AAAAAAAAAAAAAAAAAAAAAA/0', 'HEAD'],
      [`${paths.get('ok') ?? ''}x`, 'GET'],
      ['/ping/hb%2Fok', 'GET'],
    ] as const) {
      expect((await request(ts.url, path, { method })).status, `${method} ${path}`).toBe(404);
    }
    expect(withDatabase(box.home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM ping_events').get() as { n: number }).n)).toBe(before);
  });

  it('answers as healthchecks does: an exit status above 255 or a bad name 400, another unknown action 404, and records nothing', async () => {
    const before = await runsOf('ok');
    for (const action of ['/256', '/1000', '/START']) {
      const answer = await ping('ok', action);
      expect([action, answer.status, answer.text]).toEqual([action, 400, 'invalid url format']);
    }
    for (const action of ['/bogus', '/1e2', '/-1', '/start/0']) {
      const answer = await ping('ok', action);
      expect([action, answer.status, answer.text]).toEqual([action, 404, 'not found']);
    }
    expect(await runsOf('ok')).toEqual(before);
  });

  it('takes ?rid= only as a UUID (400 invalid uuid format otherwise) and sends Ping-Body-Limit on success', async () => {
    const before = await runsOf('ok');
    for (const rid of ['job-a', '', '728b3763ea804113-9fc0-f49b3adf226a', '{728b3763-ea80-4113-9fc0-f49b3adf226a}']) {
      const answer = await ping('ok', `/start?rid=${encodeURIComponent(rid)}`);
      expect([rid, answer.status, answer.text]).toEqual([rid, 400, 'invalid uuid format']);
    }
    expect(await runsOf('ok')).toEqual(before);
    const answer = await ping('ok', '?rid=728b3763-ea80-4113-9fc0-f49b3adf226a');
    expect([answer.status, answer.text, answer.headers['ping-body-limit']]).toEqual([200, 'OK', '102400']);
  });

  it('does not take a ping for a command task (its tasks have no ping URL)', async () => {
    expect((await taskStatus(ts.url, ts.token, 'hb/cmd')).ping_url).toBeUndefined();
  });
});

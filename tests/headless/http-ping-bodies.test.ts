// Acceptance (SPEC §6): a POSTed ping body becomes the run's log, whatever content type curl or a script
// sends it with; a body over 100 KB is cut with a mark (never a crash); a request over 1 MB gets 413.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { callApi, request, startTestServer, taskStatus, type HttpAnswer, type RequestOptions, type TestServer } from '../helpers/http';

let box: Sandbox;
let ts: TestServer;
let pingPath = '';

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'bodies', { manifest: 'name: bodies\ntasks:\n  backup:\n    heartbeat: { period: 1h, grace: 1h }\n' });
  writeConfig(box.home, [dir], ANY_PORT);
  ts = await startTestServer(box.home);
  pingPath = new URL((await taskStatus(ts.url, ts.token, 'bodies/backup')).ping_url ?? '').pathname;
});

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

const ping = (suffix: string, options: RequestOptions): Promise<HttpAnswer> => request(ts.url, `${pingPath}${suffix}`, options);
const lastRun = async (): Promise<Run> => {
  const [run] = await callApi(ts.url, ts.token, 'runs.list', { task: 'bodies/backup', limit: 1 });
  if (!run) throw new Error('no run of bodies/backup');
  return run;
};
const logOf = async (run: Run): Promise<string> => (await callApi(ts.url, ts.token, 'runs.get', { id: run.id })).log;

describe('ping bodies', () => {
  it('keeps a text/plain POST body as the run log', async () => {
    const body = 'backup finished: 1,204 files, 3.2 GB\nsecond line\n';
    expect((await ping('', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status).toBe(200);
    const run = await lastRun();
    expect(run.status).toBe('success');
    expect(await logOf(run)).toBe(body);
  });

  it('keeps a form-encoded body (curl --data) as the run log', async () => {
    const body = 'rows=42&status=done';
    expect((await ping('/fail', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })).status).toBe(200);
    const run = await lastRun();
    expect(run.status).toBe('failed');
    expect(await logOf(run)).toContain(body);
  });

  it('keeps a JSON body sent with Content-Type: application/json as the run log', async () => {
    const body = '{"rows": 42, "status": "done"}';
    expect((await ping('/0', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    const run = await lastRun();
    expect(run.status).toBe('success');
    expect(await logOf(run)).toContain('"rows": 42');
  });

  it('takes a ping whose body claims JSON but is not (a log excerpt), as healthchecks.io does', async () => {
    const body = '{ traceback: line 3 (unterminated';
    const answer = await ping('/1', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(200);
    const run = await lastRun();
    expect(run).toMatchObject({ status: 'failed', exit_code: 1 });
    expect(await logOf(run)).toContain('traceback: line 3');
  });

  it('keeps the first 100 KB of a larger body and marks the cut', async () => {
    const head = 'H'.repeat(100 * 1024);
    const body = `${head}${'T'.repeat(50 * 1024)}TAIL-MARKER`;
    const answer = await ping('', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(answer.status).toBe(200);
    const log = await logOf(await lastRun());
    expect(log.startsWith(head)).toBe(true);
    expect(log).not.toContain('TAIL-MARKER');
    expect(log.slice(head.length)).toMatch(/cut/i);
    expect(log.length).toBeLessThan(head.length + 1024);
  });

  it('refuses a request body over 1 MB with 413 and keeps serving', async () => {
    const before = await lastRun();
    const answer = await ping('', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(1024 * 1024 + 10, 0x41) });
    expect(answer.status).toBe(413);
    expect((await lastRun()).id).toBe(before.id);
    expect((await ping('', { method: 'POST', body: 'still alive' })).status).toBe(200);
    expect(await logOf(await lastRun())).toBe('still alive');
  });

  it('keeps a body with invalid UTF-8 and binary bytes without failing the ping', async () => {
    const body = Buffer.concat([Buffer.from('before '), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), Buffer.from(' after')]);
    expect((await ping('', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body })).status).toBe(200);
    const log = await logOf(await lastRun());
    expect(log).toContain('before ');
    expect(log).toContain(' after');
  });
});

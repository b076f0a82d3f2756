// Acceptance (SPEC §9 HTTP): every /api command is refused with 401 without the token (or with a wrong one)
// before anything happens; the dashboard's /?token= sign-in sets an HttpOnly SameSite=Strict cookie,
// redirects to the same URL without the token, and that cookie then authorizes the API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARG_SCHEMAS } from '../../src-main/core';
import { withDatabase } from '../helpers/db';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { bearer, postApi, request, startTestServer, type TestServer } from '../helpers/http';

type CommandName = keyof typeof ARG_SCHEMAS;

let box: Sandbox;
let ts: TestServer;

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'alpha', { manifest: 'name: alpha\ntasks:\n  hello:\n    command: ["true"]\n' });
  writeConfig(box.home, [dir], ANY_PORT);
  ts = await startTestServer(box.home);
});

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

// A valid argument for each command, for the calls that must be refused before any handler runs.
const VALID_ARGS: Record<CommandName, unknown> = {
  'projects.list': {},
  'status.get': {},
  'runs.list': {},
  'runs.get': { id: 1 },
  'runs.start': { task: 'alpha/hello' },
  'runs.wait': { id: 1 },
  'runs.cancel': { id: 1 },
  'results.list': { task: 'alpha/hello' },
  'tasks.pause': { task: 'alpha/hello' },
  'tasks.detail': { task: 'alpha/hello' },
  'tasks.resume': { task: 'alpha/hello' },
  'tasks.list': {},
  'runs.tail': { id: 1 },
  'schedule.upcoming': { hours: 1 },
  'settings.get': {},
  'settings.update': { scan_depth: 1 },
  'alerts.list': {},
  'alerts.ack': { id: 1 },
  'alerts.ackAll': {},
  'alerts.snooze': { id: 1, until: null },
  'digest.preview': {},
  'remotes.call': { engine: 'prod', command: 'runs.list', arg: {} },
  'channels.list': {},
  'channels.test': { id: 'json-1' },
  'messages.send': { project: 'alpha', message: 'hello' },
  'messages.list': {},
  'costs.summary': {},
  'costs.overview': {},
  'keys.audit': {},
  'keys.inventoryMarkdown': {},
  'keys.writeEnvExample': { project: 'alpha' },
  'engine.pauseAll': {},
  'engine.resumeAll': {},
};

describe('the HTTP API without the token', () => {
  it('has a refused call below for every command of ARG_SCHEMAS', () => {
    expect(Object.keys(VALID_ARGS).sort()).toEqual(Object.keys(ARG_SCHEMAS).sort());
  });

  for (const name of Object.keys(VALID_ARGS) as CommandName[]) {
    it(`refuses ${name} with 401 when the token is missing or wrong`, async () => {
      const missing = await postApi(ts.url, name, VALID_ARGS[name]);
      const wrong = await postApi(ts.url, name, VALID_ARGS[name], bearer(`${ts.token.slice(0, -1)}${ts.token.endsWith('0') ? '1' : '0'}`));
      const wrongCookie = await postApi(ts.url, name, VALID_ARGS[name], { cookie: 'agent_os_session=nope' });
      const basic = await postApi(ts.url, name, VALID_ARGS[name], { authorization: `Basic ${Buffer.from(`x:${ts.token}`).toString('base64')}` });
      for (const answer of [missing, wrong, wrongCookie, basic]) {
        expect(answer.status).toBe(401);
        expect(answer.json.error).toMatch(/token/);
        expect(answer.json.result).toBeUndefined();
      }
    });
  }

  it('starts no run and changes no setting for a refused call', async () => {
    const runsBefore = withDatabase(box.home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n);
    expect((await postApi(ts.url, 'runs.start', { task: 'alpha/hello' })).status).toBe(401);
    expect((await postApi(ts.url, 'settings.update', { scan_depth: 7 }, bearer('wrong'))).status).toBe(401);
    expect(withDatabase(box.home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n)).toBe(runsBefore);
    expect(readFileSync(join(box.home, 'config.yml'), 'utf8')).not.toMatch(/scan_depth: 7/);
  });

  it('refuses the event stream with 401 without the token', async () => {
    const answer = await request(ts.url, '/api/events', { headers: { accept: 'text/event-stream' } });
    expect(answer.status).toBe(401);
  });
});

describe('the dashboard sign-in', () => {
  it('turns /?token= into an HttpOnly SameSite=Strict cookie and a redirect without the token', async () => {
    const answer = await request(ts.url, `/?token=${ts.token}&view=runs`);
    expect([302, 303, 307]).toContain(answer.status);
    expect(answer.headers.location).toBe('/?view=runs');
    expect(answer.headers.location).not.toContain(ts.token);
    const cookie = [answer.headers['set-cookie'] ?? []].flat().join('\n');
    expect(cookie).toMatch(/^agent_os_session=[^;]+;/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
  });

  it('authorizes API calls and the dashboard with that cookie', async () => {
    const signIn = await request(ts.url, `/?token=${ts.token}`);
    const cookie = [signIn.headers['set-cookie'] ?? []].flat()[0]?.split(';')[0] ?? '';
    const api = await postApi<{ projects: Array<{ name: string }> }>(ts.url, 'status.get', {}, { cookie });
    expect(api.status).toBe(200);
    expect(api.json.result?.projects.map((p) => p.name)).toContain('alpha');
    const page = await request(ts.url, '/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers a wrong ?token= with 401 and sets no cookie', async () => {
    const answer = await request(ts.url, `/?token=${'0'.repeat(64)}`);
    expect(answer.status).toBe(401);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers.location).toBeUndefined();
  });
});

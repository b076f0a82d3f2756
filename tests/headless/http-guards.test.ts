// Acceptance (SPEC §9 HTTP): the server refuses DNS rebinding (a foreign Host: 421) and cross-origin
// requests (a foreign Origin or Sec-Fetch-Site: cross-site: 403), and no answer ever carries a CORS grant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { bearer, pingUrlOf, postApi, request, startTestServer, type HttpAnswer, type TestServer } from '../helpers/http';

let box: Sandbox;
let ts: TestServer;
let pingPath = '';

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'guarded', {
    manifest: 'name: guarded\ntasks:\n  hello:\n    command: ["true"]\n  beat:\n    heartbeat: { period: 1h, grace: 1h }\n',
  });
  writeConfig(box.home, [dir], ANY_PORT);
  ts = await startTestServer(box.home);
  pingPath = new URL(await pingUrlOf(ts.url, ts.token, 'guarded/beat')).pathname;
});

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

const EVIL = 'http://evil.example';

/** Every response header whose name starts with access-control-. */
const corsHeaders = (answer: HttpAnswer): string[] => Object.keys(answer.headers).filter((name) => name.toLowerCase().startsWith('access-control-'));

describe('the Host check (DNS rebinding)', () => {
  it('refuses /api calls naming a foreign Host with 421, even with the right token', async () => {
    const answer = await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), host: 'evil.example' });
    expect(answer.status).toBe(421);
    expect(answer.json.result).toBeUndefined();
    const withPort = await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), host: `evil.example:${ts.port}` });
    expect(withPort.status).toBe(421);
  });

  it('refuses the dashboard, the sign-in URL and the event stream for a foreign Host with 421', async () => {
    for (const path of ['/', '/index.html', `/?token=${ts.token}`, '/runs/42']) {
      const answer = await request(ts.url, path, { headers: { host: 'evil.example' } });
      expect(answer.status, path).toBe(421);
      expect(answer.headers['set-cookie'], path).toBeUndefined();
      expect(answer.text, path).not.toContain('<div id="root">');
    }
    const events = await request(ts.url, '/api/events', { headers: { ...bearer(ts.token), host: 'evil.example' } });
    expect(events.status).toBe(421);
  });

  it('accepts the bound address and localhost with the port', async () => {
    for (const host of [`127.0.0.1:${ts.port}`, `localhost:${ts.port}`, `LOCALHOST:${ts.port}`]) {
      const answer = await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), host });
      expect(answer.status, host).toBe(200);
    }
  });

  it('refuses localhost on another port (a page served elsewhere on this machine)', async () => {
    const answer = await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), host: `localhost:${ts.port + 1}` });
    expect(answer.status).toBe(421);
  });
});

describe('the cross-origin check', () => {
  it('refuses /api calls from a foreign Origin with 403, even with the right token', async () => {
    const answer = await postApi(ts.url, 'runs.start', { task: 'guarded/hello' }, { ...bearer(ts.token), origin: EVIL });
    expect(answer.status).toBe(403);
    expect((await postApi<unknown[]>(ts.url, 'runs.list', { task: 'guarded/hello' }, bearer(ts.token))).json.result).toEqual([]);
  });

  it('refuses the dashboard and the event stream from a foreign Origin with 403', async () => {
    expect((await request(ts.url, '/', { headers: { origin: EVIL } })).status).toBe(403);
    expect((await request(ts.url, `/?token=${ts.token}`, { headers: { origin: EVIL } })).status).toBe(403);
    expect((await request(ts.url, '/api/events', { headers: { ...bearer(ts.token), origin: EVIL } })).status).toBe(403);
  });

  it('refuses an opaque Origin: null (sandboxed frames, file: pages) with 403', async () => {
    expect((await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), origin: 'null' })).status).toBe(403);
  });

  it('refuses Sec-Fetch-Site: cross-site with 403 even without an Origin', async () => {
    expect((await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await request(ts.url, '/', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });

  it('accepts its own origin and same-origin fetches', async () => {
    const own = await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), origin: ts.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    const localhost = await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), origin: `http://localhost:${ts.port}`, host: `localhost:${ts.port}` });
    expect(localhost.status).toBe(200);
  });
});

describe('CORS', () => {
  it('never sends Access-Control-Allow-* headers, on any route, for any outcome', async () => {
    const answers: Array<[string, HttpAnswer]> = [
      ['api ok', await postApi(ts.url, 'status.get', {}, bearer(ts.token))],
      ['api ok with own origin', await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), origin: ts.url })],
      ['api cross-origin', await postApi(ts.url, 'status.get', {}, { ...bearer(ts.token), origin: EVIL })],
      ['api 401', await postApi(ts.url, 'status.get', {}, { origin: EVIL })],
      ['api 404', await postApi(ts.url, 'no.such', {}, bearer(ts.token))],
      ['api 400', await postApi(ts.url, 'runs.get', { id: 'x' }, bearer(ts.token))],
      ['dashboard', await request(ts.url, '/', { headers: { origin: ts.url } })],
      ['sign-in', await request(ts.url, `/?token=${ts.token}`)],
      ['ping', await request(ts.url, pingPath, { headers: { origin: EVIL } })],
      ['ping 404', await request(ts.url, '/ping/not-a-key', { headers: { origin: EVIL } })],
    ];
    const preflight = { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
    for (const path of ['/api/runs.start', '/api/status.get', '/api/events', '/', pingPath]) {
      answers.push([`OPTIONS ${path}`, await request(ts.url, path, { method: 'OPTIONS', headers: preflight })]);
      answers.push([`OPTIONS ${path} own origin`, await request(ts.url, path, { method: 'OPTIONS', headers: { ...preflight, origin: ts.url } })]);
    }
    for (const [label, answer] of answers) {
      expect(corsHeaders(answer), label).toEqual([]);
    }
    // A preflight is never granted: no 2xx for a cross-origin OPTIONS.
    for (const [label, answer] of answers.filter(([l]) => l.startsWith('OPTIONS') && !l.endsWith('own origin'))) {
      expect(answer.status, label).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('malformed requests', () => {
  it('answers a field of the wrong type with 400 naming the field', async () => {
    const answer = await postApi(ts.url, 'runs.get', { id: 'x' }, bearer(ts.token));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/\bid\b/);
  });

  it('answers an unknown field with 400 naming it', async () => {
    const answer = await postApi(ts.url, 'runs.start', { task: 'guarded/hello', priority: 'high' }, bearer(ts.token));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain('priority');
    expect((await postApi<unknown[]>(ts.url, 'runs.list', { task: 'guarded/hello' }, bearer(ts.token))).json.result).toEqual([]);
  });

  it('answers a missing required field and a malformed task id with 400 naming the field', async () => {
    const missing = await postApi(ts.url, 'runs.get', {}, bearer(ts.token));
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/\bid\b/);
    const badTask = await postApi(ts.url, 'tasks.pause', { task: 'no-slash' }, bearer(ts.token));
    expect(badTask.status).toBe(400);
    expect(badTask.json.error).toMatch(/\btask\b/);
    const nested = await postApi(ts.url, 'settings.update', { budgets: { daily_usd: -1 } }, bearer(ts.token));
    expect(nested.status).toBe(400);
    expect(nested.json.error).toContain('budgets.daily_usd');
  });

  it('answers a body that is not JSON with 400, never 500', async () => {
    const invalid = await postApi(ts.url, 'runs.get', '{"id": 1,', bearer(ts.token));
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatch(/JSON/);
    const text = await request(ts.url, '/api/runs.get', { method: 'POST', headers: { ...bearer(ts.token), 'content-type': 'text/plain' }, body: 'id=1' });
    expect(text.status).toBe(400);
    const array = await postApi(ts.url, 'runs.get', [1], bearer(ts.token));
    expect(array.status).toBe(400);
  });

  it('answers an unknown command with 404 naming it', async () => {
    const answer = await postApi(ts.url, 'runs.delete', { id: 1 }, bearer(ts.token));
    expect(answer.status).toBe(404);
    expect(answer.json.error).toContain('runs.delete');
    expect((await postApi(ts.url, '__proto__', {}, bearer(ts.token))).status).toBe(404);
    expect((await postApi(ts.url, 'constructor', {}, bearer(ts.token))).status).toBe(404);
  });

  it('answers a run id that does not exist with 404 and an oversized body with 413', async () => {
    const missing = await postApi(ts.url, 'runs.get', { id: 999_999 }, bearer(ts.token));
    expect(missing.status).toBe(404);
    expect(missing.json.error).toContain('999999');
    const huge = await postApi(ts.url, 'settings.update', { roots: ['x'.repeat(400 * 1024)] }, bearer(ts.token));
    expect(huge.status).toBe(413);
    expect((await postApi(ts.url, 'status.get', {}, bearer(ts.token))).status).toBe(200);
  });
});

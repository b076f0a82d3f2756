// /healthz on a loopback server (issue 15 §2: it must work there too), loopback behaviour unchanged by hosted
// mode, and a loopback server behind a reverse proxy on the same machine (allowed_hosts set): hosted rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';
import { bearer, postApi, request, startTestServer, type TestServer } from '../helpers/http';

let box: Sandbox;
let ts: TestServer | null = null;

beforeEach(() => {
  box = createSandbox();
  writeConfig(box.home, []);
});

afterEach(async () => {
  await ts?.close();
  ts = null;
  box.cleanup();
});

describe('a loopback server', () => {
  it('answers /healthz with {"status":"ok"} and no token, through any Host, for GET and HEAD', async () => {
    ts = await startTestServer(box.home);
    for (const host of [`127.0.0.1:${ts.port}`, 'healthcheck.railway.app']) {
      const answer = await request(ts.url, '/healthz', { headers: { host } });
      expect(answer.status, host).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ status: 'ok' });
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    expect((await request(ts.url, '/healthz', { method: 'HEAD' })).status).toBe(200);
  });

  it('keeps serving the dashboard files without a token and the API only with it, as before', async () => {
    ts = await startTestServer(box.home);
    expect((await request(ts.url, '/')).status).toBe(200);
    expect((await postApi(ts.url, 'status.get', {})).status).toBe(401);
    expect((await postApi(ts.url, 'status.get', {}, bearer(ts.token))).status).toBe(200);
  });

  it('ignores X-Forwarded-Proto without trust_proxy: no Secure cookie over plain http', async () => {
    ts = await startTestServer(box.home);
    const answer = await request(ts.url, `/?token=${ts.token}`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(answer.status).toBe(303);
    expect([answer.headers['set-cookie'] ?? []].flat().join('\n')).not.toMatch(/;\s*Secure/i);
  });
});

describe('a loopback server behind a reverse proxy on the same machine (allowed_hosts set)', () => {
  it('applies hosted mode: the dashboard wants the session, the proxy name is accepted and its https makes the cookie Secure', async () => {
    ts = await startTestServer(box.home, { allowedHosts: ['agent.example.test'], trustProxy: ['loopback'] });
    const proxied = { host: 'agent.example.test', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
    expect((await request(ts.url, '/', { headers: proxied })).status).toBe(401);
    const signIn = await request(ts.url, `/?token=${ts.token}`, { headers: proxied });
    const cookie = [signIn.headers['set-cookie'] ?? []].flat().join('\n');
    expect(cookie).toMatch(/;\s*Secure/i);
    expect((await request(ts.url, '/', { headers: { ...proxied, cookie: cookie.split(';')[0] ?? '' } })).status).toBe(200);
    expect((await request(ts.url, '/', { headers: { ...proxied, host: 'evil.example' } })).status).toBe(421);
    expect((await request(ts.url, '/healthz', { headers: proxied })).status).toBe(200);
  });
});

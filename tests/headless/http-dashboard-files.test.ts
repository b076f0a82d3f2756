// Acceptance (SPEC §9 HTTP): serve hands out the built dashboard: its files with their types and
// validators, index.html for the app's own routes, and nothing outside the dashboard folder or hidden in it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';
import { request, startTestServer, type TestServer } from '../helpers/http';

let box: Sandbox;
let ts: TestServer;
let cookie: Record<string, string>;

beforeAll(async () => {
  box = createSandbox();
  writeConfig(box.home, [], ANY_PORT);
  ts = await startTestServer(box.home);
  // startTestServer put index.html in <home>/../dashboard; the rest of a build goes beside it.
  const dashboard = join(box.home, '..', 'dashboard');
  mkdirSync(join(dashboard, 'assets'), { recursive: true });
  writeFileSync(join(dashboard, 'assets', 'app-1234.js'), 'console.log("dashboard");\n');
  writeFileSync(join(dashboard, '.env'), 'SECRET=dashboard-dotfile\n');
  writeFileSync(join(box.home, '..', 'outside.txt'), 'outside the dashboard\n');
  const signIn = await request(ts.url, `/?token=${ts.token}`);
  cookie = { cookie: [signIn.headers['set-cookie'] ?? []].flat()[0]?.split(';')[0] ?? '' };
});

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

describe('the dashboard files', () => {
  it('serves a built asset with its content type', async () => {
    const answer = await request(ts.url, '/assets/app-1234.js', { headers: cookie });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.text).toBe('console.log("dashboard");\n');
  });

  it('answers the app shell for client-side routes and folders, with the CSP', async () => {
    for (const path of ['/', '/index.html', '/runs/42', '/assets', '/assets/']) {
      const answer = await request(ts.url, path, { headers: cookie });
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toMatch(/^text\/html/);
      expect(answer.headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(answer.text, path).toContain('<div id="root">');
    }
  });

  it('answers HEAD without a body and 304 to a matching If-None-Match', async () => {
    const head = await request(ts.url, '/', { method: 'HEAD', headers: cookie });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const etag = head.headers.etag;
    expect(etag).toBeTruthy();
    const again = await request(ts.url, '/', { headers: { ...cookie, 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('never serves hidden files or files outside the dashboard folder', async () => {
    for (const path of ['/.env', '/assets/..%2f..%2foutside.txt', '/..%2foutside.txt']) {
      const answer = await request(ts.url, path, { headers: cookie });
      expect(answer.text, path).not.toContain('dashboard-dotfile');
      expect(answer.text, path).not.toContain('outside the dashboard');
    }
  });

  it('keeps unknown API paths and other methods as JSON 404s', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/nope'],
    ] as const) {
      const answer = await request(ts.url, path, { method, headers: cookie });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(JSON.parse(answer.text)).toEqual({ error: expect.stringContaining('nothing at') as unknown });
    }
  });
});

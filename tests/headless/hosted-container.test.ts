// Acceptance (issue 15 §2, SPEC §9 hosted mode): the server started the way the image starts it — the
// Dockerfile's ENTRYPOINT + CMD, ENV and USER, a temp folder for the /data volume, the variables a platform
// sets — keeps everything but /ping and /healthz behind the token, refuses foreign Host names, signs a
// browser in with a Secure cookie behind an HTTPS proxy, and never writes or answers AGENT_OS_TOKEN.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { ARG_SCHEMAS } from '../../src-main/core';
import { collect, REPO_ROOT, spawnCli } from '../helpers/cli';
import {
  canSwitchUser,
  giveToImageUser,
  imageUser,
  ownerOf,
  processParent,
  processUid,
  runHealthcheck,
  startContainer,
  type ContainerProcess,
} from '../helpers/container';
import { createSandbox, filesContaining, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { request, startTestServer, type HttpAnswer, type RequestOptions } from '../helpers/http';

const PUBLIC = 'agent.example.test';
const OTHER = 'ops.example.test:8443';
const TOKEN = randomBytes(32).toString('hex');
const PROJECT = 'zebra-ledger';

let box: Sandbox;
let data: string;
let container: ContainerProcess;
let routes: Array<{ method: string; url: string }> = [];
let pingKey = '';
/** Every answer the server gave in this file, to look for the token in them at the end. */
const answers: HttpAnswer[] = [];

async function ask(path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  const answer = await request(container.url, path, { ...options, headers: { host: PUBLIC, ...options.headers } });
  answers.push(answer);
  return answer;
}

const bearer = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

// The image's ENTRYPOINT is /usr/bin/tini, run as it is.
const NO_TINI = lacks('tini');

beforeAll(async () => {
  if (NO_TINI) return;
  box = createSandbox('agent-os-hosted-');
  // The image's user must reach the stand-in volume, as it reaches /data.
  chmodSync(box.root, 0o755);
  data = join(box.root, 'data');
  mkdirSync(join(data, 'projects'), { recursive: true });
  const project = writeProject(join(data, 'projects'), PROJECT, {
    manifest: `name: ${PROJECT}\ntasks:\n  tally:\n    command: ["true"]\n  beat:\n    heartbeat: { period: 1h, grace: 1h }\n`,
  });
  writeConfig(data, [project]);
  giveToImageUser(data);
  // The route table of this very server code, read from Fastify rather than kept by hand.
  const probe = createSandbox();
  const local = await startTestServer(probe.home);
  routes = [...local.server.routes];
  await local.close();
  probe.cleanup();

  container = await startContainer({
    data,
    env: { AGENT_OS_TOKEN: TOKEN, AGENT_OS_ALLOWED_HOSTS: OTHER, AGENT_OS_PUBLIC_URL: `https://${PUBLIC}`, AGENT_OS_TRUST_PROXY: '1' },
  });
  const status = await ask('/api/status.get', { method: 'POST', headers: bearer, body: '{}' });
  const tasks = (JSON.parse(status.text) as { result: { projects: Array<{ tasks: Array<{ id: string; ping_url?: string }> }> } }).result.projects.flatMap(
    (p) => p.tasks,
  );
  const pingUrl = tasks.find((t) => t.id === `${PROJECT}/beat`)?.ping_url ?? '';
  expect(pingUrl.startsWith(`https://${PUBLIC}/ping/`)).toBe(true);
  pingKey = pingUrl.split('/ping/')[1] ?? '';
}, 60_000);

afterAll(async () => {
  await container?.stop();
  box?.cleanup();
});

/** Concrete requests for one registered route: every API command, several dashboard paths. */
function requestsFor(route: { method: string; url: string }): Array<{ method: string; path: string }> {
  const methods = route.method.split(',');
  const assets = readdirSync(join(REPO_ROOT, 'dist', 'renderer', 'assets')).map((f) => `/assets/${f}`);
  const paths =
    route.url === '/api/:name'
      ? [...Object.keys(ARG_SCHEMAS), 'no-such-command'].map((name) => `/api/${name}`)
      : route.url === '/*'
        ? ['/', '/index.html', ...assets, '/runs/42', '/favicon.ico', '/?view=runs', '/healthz/extra']
        : [route.url.replace(/:key/g, pingKey).replace(/:[a-z]+/gi, 'x')];
  return methods.flatMap((method) => paths.map((path) => ({ method, path })));
}

describe.skipIf(NO_TINI)('the image start (Dockerfile ENTRYPOINT + CMD, ENV, USER)', () => {
  it("runs the engine as the Dockerfile's non-root USER, under tini as the image's ENTRYPOINT", () => {
    const info = JSON.parse(readFileSync(join(data, 'server.json'), 'utf8')) as { pid: number };
    const uid = processUid(info.pid);
    expect(uid).not.toBe(0);
    if (canSwitchUser) expect(uid).toBe(imageUser().uid);
    expect(processParent(info.pid).parentName).toBe('tini');
    expect(ownerOf(join(data, 'agent-os.db'))).toBe(uid);
  });

  it("passes the image's HEALTHCHECK command", () => {
    expect(runHealthcheck(container.env)).toBe(0);
  });
});

describe.skipIf(NO_TINI)('without the token', () => {
  it('answers 401 on every route the server registers but /ping, /notify (their key is the secret) and /healthz', async () => {
    const registered = routes.map((r) => r.url);
    // The ping routes take healthchecks' slug form too: /ping/<project key>/<task>[/<action>].
    const pings = ['/ping/:key', '/ping/:key/:second', '/ping/:key/:second/:third'];
    for (const known of ['/api/:name', '/api/events', '/*', '/healthz', ...pings, '/notify/:key']) expect(registered).toContain(known);
    const open = new Set(['/healthz', ...pings, '/notify/:key']);
    for (const route of routes) {
      for (const { method, path } of requestsFor(route)) {
        for (const headers of [{}, { authorization: 'Bearer wrong' }, { cookie: `agent_os_session=${TOKEN}` }] as Array<Record<string, string>>) {
          const answer = await ask(path, { method, headers, body: method === 'POST' ? '{}' : undefined });
          if (open.has(route.url)) expect(answer.status, `${method} ${path}`).not.toBe(401);
          else expect(answer.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        }
      }
    }
    // Paths no route claims are refused before anyone learns they do not exist.
    for (const path of ['/nope', '/api', '/.env', '/server.json']) expect((await ask(path)).status, path).toBe(401);
  });
});

describe.skipIf(NO_TINI)('the Host check behind a proxy', () => {
  it('refuses a Host not in allowed_hosts with 421, even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${container.port}`, 'ops.example.test:9999', `0.0.0.0:${container.port}`]) {
      expect((await ask('/api/status.get', { method: 'POST', headers: { ...bearer, host }, body: '{}' })).status, host).toBe(421);
      expect((await ask('/', { headers: { host } })).status, host).toBe(421);
    }
    // A trusted proxy's X-Forwarded-Host must name this server too.
    const forwarded = await ask('/api/status.get', { method: 'POST', headers: { ...bearer, 'x-forwarded-host': 'evil.example' }, body: '{}' });
    expect(forwarded.status).toBe(421);
    expect(forwarded.text).not.toContain(PUBLIC);
  });

  it('answers 200 to an allowed Host with the token', async () => {
    for (const host of [PUBLIC, PUBLIC.toUpperCase(), `${PUBLIC}:443`, OTHER, `127.0.0.1:${container.port}`]) {
      const answer = await ask('/api/status.get', { method: 'POST', headers: { ...bearer, host }, body: '{}' });
      expect(answer.status, host).toBe(200);
      expect(answer.text).toContain(PROJECT);
    }
    const sameOrigin = await ask('/api/status.get', { method: 'POST', headers: { ...bearer, origin: `https://${PUBLIC}` }, body: '{}' });
    expect(sameOrigin.status).toBe(200);
    expect((await ask('/api/status.get', { method: 'POST', headers: { ...bearer, origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
  });
});

describe.skipIf(NO_TINI)('the dashboard sign-in behind an HTTPS proxy', () => {
  it('sets a Secure, HttpOnly, SameSite=Strict cookie when X-Forwarded-Proto says https', async () => {
    const answer = await ask(`/?token=${TOKEN}`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const cookie = [answer.headers['set-cookie'] ?? []].flat().join('\n');
    expect(cookie).toMatch(/^agent_os_session=[^;]+;/);
    for (const attribute of [/;\s*Secure/i, /;\s*HttpOnly/i, /;\s*SameSite=Strict/i]) expect(cookie).toMatch(attribute);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    const page = await ask('/', { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    // The cookie's value signs a browser in; it is no Bearer token.
    expect((await ask('/api/status.get', { method: 'POST', headers: { authorization: `Bearer ${session.split('=')[1]}` }, body: '{}' })).status).toBe(401);
  });

  it('leaves Secure off when the request came over plain http', async () => {
    const answer = await ask(`/?token=${TOKEN}`, { headers: { 'x-forwarded-proto': 'http' } });
    expect([answer.headers['set-cookie'] ?? []].flat().join('\n')).not.toMatch(/;\s*Secure/i);
  });
});

describe.skipIf(NO_TINI)('/healthz', () => {
  it('says the engine is alive and nothing else, to anyone, through any Host', async () => {
    for (const host of [PUBLIC, 'healthcheck.railway.app', `127.0.0.1:${container.port}`]) {
      const answer = await ask('/healthz', { headers: { host } });
      expect(answer.status, host).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ status: 'ok' });
      expect(answer.headers['set-cookie']).toBeUndefined();
      const everything = `${answer.text}\n${JSON.stringify(answer.headers)}`;
      for (const secret of [TOKEN, data, box.root, PROJECT, 'agent-os.db', '0.1.0', process.version, 'fastify', 'node'])
        expect(everything.toLowerCase(), secret).not.toContain(secret.toLowerCase());
    }
    expect((await ask('/healthz', { method: 'HEAD' })).status).toBe(200);
  });
});

describe.skipIf(NO_TINI)('AGENT_OS_TOKEN', () => {
  it('lets a shell in the container (docker exec agent-os status) through with the same variable, and says what to set without it', async () => {
    const env = { AGENT_OS_TOKEN: TOKEN };
    const status = await collect(spawnCli(['status', '--json'], { home: data, env }));
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(PROJECT);
    const without = await collect(spawnCli(['status', '--json'], { home: data }));
    expect(without.code).not.toBe(0);
    expect(without.stderr.trim().split('\n')).toHaveLength(1);
    expect(without.stderr).toMatch(/takes its token from AGENT_OS_TOKEN; set the same AGENT_OS_TOKEN in this shell/);
  });

  it('appears in no file under the home, no answer and no output of the server', async () => {
    expect(readFileSync(join(data, 'token'), 'utf8').trim()).not.toBe(TOKEN);
    expect(filesContaining(data, TOKEN)).toEqual([]);
    const leaking = answers.filter((a) => `${JSON.stringify(a.headers)}\n${a.text}`.includes(TOKEN));
    expect(leaking.map((a) => `${a.status} ${a.text.slice(0, 80)}`)).toEqual([]);
    expect(answers.length).toBeGreaterThan(50);
    expect(container.stdout()).not.toContain(TOKEN);
    expect(container.stderr()).not.toContain(TOKEN);
    expect(container.stdout()).toContain('Dashboard: https://agent.example.test/?token=<the value of AGENT_OS_TOKEN>');
  });
});

// The client of an engine's HTTP API (the CLI beside a serve, remote engines, an attached desktop app), over
// node:http against a real local server: results, refusals, redirects, a closed port and a silent server
// each end in one readable line.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src-main/core/remotes/engine-client';
import { freePort } from '../helpers/remote-serve';

let server: Server;
let base = '';
const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
  const reply = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
  };
  if (req.url === '/api/status.get') return reply(200, { result: { projects: [], config_errors: [], paused_all: false } });
  if (req.url === '/api/runs.get') return reply(404, { error: 'no run with id 7; see `agent-os runs`' });
  if (req.url === '/api/runs.start') return reply(401, { error: 'unauthorized' });
  if (req.url === '/api/runs.list') return reply(308, {}, { location: 'https://agent.example.test/api/runs.list' });
  if (req.url === '/api/tasks.list') return reply(404, { error: 'no API command "tasks.list"; known: …' });
  if (req.url === '/api/settings.get') return; // never answers
  if (req.url?.startsWith('/ping/')) return reply(200, { ok: true });
  reply(500, { error: 'the command failed inside Agent OS; see the app log' });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (options: { timeoutMs?: number } = {}): EngineClient =>
  new EngineClient(base, 'tok-123', { who: 'the test engine', tokenHint: 'check TOKEN', ...options });

describe('EngineClient', () => {
  it('posts the argument as JSON with the bearer token and returns the result', async () => {
    await expect(client().call('status.get', undefined)).resolves.toEqual({ projects: [], config_errors: [], paused_all: false });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/api/status.get', auth: 'Bearer tok-123', body: '{}' });
  });

  it("passes on the engine's own error, and says a refused token and where it comes from", async () => {
    await expect(client().call('runs.get', { id: 7 })).rejects.toThrow(/^no run with id 7; see `agent-os runs`$/);
    await expect(client().call('runs.start', { task: 'a/b' })).rejects.toThrow(/^the test engine refused the token \(401\); check TOKEN$/);
  });

  it('does not follow a redirect (the token stays here) but names the address to use', async () => {
    await expect(client().call('runs.list', {})).rejects.toThrow(
      /^the test engine redirects to https:\/\/agent\.example\.test\/api\/runs\.list; use that address instead$/,
    );
  });

  it('says an engine lacks a command without naming it', async () => {
    const error = await client()
      .call('tasks.list', {})
      .catch((e: Error) => e);
    expect(String(error)).toMatch(/the test engine does not offer this command: it may run an older Agent OS; update it$/);
    expect(String(error)).not.toContain('tasks.list');
  });

  it('says a closed port and a silent engine did not answer', async () => {
    const closed = new EngineClient(`http://127.0.0.1:${await freePort()}`, 't', { who: 'the gone engine' });
    await expect(closed.call('status.get', undefined)).rejects.toThrow(/^the gone engine did not answer \(ECONNREFUSED\); is it running\?$/);
    await expect(client({ timeoutMs: 300 }).call('settings.get', undefined)).rejects.toThrow(/^the test engine did not answer \(ETIMEDOUT\); is it running\?$/);
  });

  it('sends pings with their exit status, run id and body', async () => {
    await client().ping('key1', { kind: 'exit', exitStatus: 3, rid: 'r 1', body: Buffer.from('log line') });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/ping/key1/3?rid=r%201', auth: undefined, body: 'log line' });
  });
});

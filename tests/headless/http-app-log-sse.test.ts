// Issue 22 §3: the HTTP server logs through the core's logger (a 500 that says "see the app log" leaves a
// line there, without the request's URL), and an event-stream client that stops reading is disconnected
// past a buffer cap instead of being buffered without end.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SSE_MAX_BUFFERED_BYTES } from '../../src-main/headless/server/event-stream';
import { createSandbox, waitFor, writeConfig, type Sandbox } from '../helpers/fixtures';
import { bearer, postApi, startTestServer, type TestServer } from '../helpers/http';

let box: Sandbox;
let t: TestServer | null = null;

beforeEach(() => {
  box = createSandbox();
  writeConfig(box.home, []);
});

afterEach(async () => {
  await t?.close();
  t = null;
  box.cleanup();
});

describe('HTTP server logging and back-pressure', () => {
  it('writes the cause of a 500 to app.log, as the answer says, without the URL', async () => {
    t = await startTestServer(box.home);
    // config.yml replaced by a folder: settings.update cannot read it, an internal failure.
    rmSync(join(box.home, 'config.yml'));
    mkdirSync(join(box.home, 'config.yml'));
    const answer = await postApi(t.url, 'settings.update', { roots: [] }, bearer(t.token));
    expect(answer.status).toBe(500);
    expect(answer.json.error).toMatch(/see the app log/);
    const log = await waitFor('the failure in app.log', () => {
      const text = readFileSync(join(box.home, 'logs', 'app.log'), 'utf8');
      return text.includes('"component":"http"') && text.includes('EISDIR') ? text : undefined;
    });
    expect(log).not.toContain(t.token);
  });

  it('disconnects an event-stream client that stopped reading once its buffer passes the cap', async () => {
    t = await startTestServer(box.home);
    const server = t;
    // A client that never reads again: its socket is paused, so the server's writes pile up.
    http.get(`${server.url}/api/events`, { headers: bearer(server.token), agent: false }, (res) => res.socket.pause()).on('error', () => undefined);
    await waitFor('the stream to be open', async () => (await connections(server)) > 0);
    const payload = 'x'.repeat(64 * 1024);
    // Twenty times the cap, through the real event bus; a reading client would get all of it.
    for (let i = 0; i < (20 * SSE_MAX_BUFFERED_BYTES) / payload.length; i++) {
      server.core.events.emit('remote.changed', { engine: payload });
      await new Promise((r) => setImmediate(r));
    }
    await waitFor('the server to drop the stalled connection', async () => (await connections(server)) === 0, { timeoutMs: 10_000 });
  });
});

function connections(server: TestServer): Promise<number> {
  return new Promise((resolve, reject) => server.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

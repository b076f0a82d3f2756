// Acceptance (SPEC §9 HTTP, §4): an open dashboard holds GET /api/events open all the time; `agent-os serve`
// must still stop promptly on SIGTERM, ending the event stream instead of waiting for the browser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';
import { bearer, callApi, servedAt, subscribeEvents, type SseClient } from '../helpers/http';

let box: Sandbox;
let serve: ServeProcess | null = null;
let sse: SseClient | null = null;

beforeEach(() => {
  box = createSandbox();
  writeConfig(box.home, [], ANY_PORT);
});

afterEach(async () => {
  sse?.close();
  sse = null;
  await serve?.stop(2000);
  serve = null;
  box.cleanup();
});

describe('agent-os serve with a live event stream open', () => {
  it('exits within 5 s of SIGTERM while a client is subscribed to /api/events', async () => {
    serve = await startServe(box.home);
    const { url, token } = servedAt(serve.stdout());
    sse = await subscribeEvents(url, bearer(token));
    expect(sse.status).toBe(200);
    // The server is otherwise idle: nothing else is in flight.
    await callApi(url, token, 'status.get', {});

    serve.child.kill('SIGTERM');
    const exit = await Promise.race([serve.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 5000))]);
    expect(exit).toEqual({ code: 0, signal: null });
  });
});

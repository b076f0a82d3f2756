// Acceptance (SPEC §9, ARCHITECTURE data flow): a client subscribed to GET /api/events sees live updates —
// run.started and run.finished within 1 s of the run starting and ending, task.state when a task's state
// moves, and project.changed when a manifest appears, changes or goes away under a configured root.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvents } from '../../src-main/common/events';
import type { Run } from '../../src-main/common/models';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';
import { bearer, callApi, pingUrlOf, request, startTestServer, subscribeEvents, type SseClient, type SseEvent, type TestServer } from '../helpers/http';

let box: Sandbox;
let ts: TestServer;
let root = '';
let sse: SseClient | null = null;

beforeAll(async () => {
  box = createSandbox();
  root = join(box.root, 'code');
  mkdirSync(join(root, 'ev'), { recursive: true });
  writeFileSync(
    join(root, 'ev', 'agent-os.yml'),
    `name: ev
tasks:
  work:
    command: 'sleep 0.4; echo worked'
  broken:
    command: 'echo nope; exit 3'
  beat:
    heartbeat: { period: 1h, grace: 1h }
`,
  );
  writeConfig(box.home, [], `roots:\n  - ${JSON.stringify(root)}\n${ANY_PORT}`);
  ts = await startTestServer(box.home);
});

afterEach(() => {
  sse?.close();
  sse = null;
});

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

const runOf = (event: SseEvent): Run => (event.data as CoreEvents['run.started']).run;
const isRun = (id: number, status?: string) => (data: unknown) => {
  const run = (data as CoreEvents['run.started']).run;
  return run.id === id && (status === undefined || run.status === status);
};
const taskIs = (task: string) => (data: unknown) => (data as CoreEvents['task.state']).task === task;
const projectIs =
  (name: string, match: (e: CoreEvents['project.changed']) => boolean = () => true) =>
  (data: unknown) => {
    const event = data as CoreEvents['project.changed'];
    return event.project.name === name && match(event);
  };

describe('GET /api/events', () => {
  it('streams text/event-stream to a client with the token', async () => {
    sse = await subscribeEvents(ts.url, bearer(ts.token));
    expect(sse.status).toBe(200);
    expect(sse.contentType).toMatch(/^text\/event-stream/);
    expect((await request(ts.url, '/api/events')).status).toBe(401);
  });

  it('delivers run.started and run.finished of a run started over HTTP, each within 1 s of it happening', async () => {
    sse = await subscribeEvents(ts.url, bearer(ts.token));
    const run = await callApi(ts.url, ts.token, 'runs.start', { task: 'ev/work' });
    const returnedAt = Date.now();

    const queued = await sse.next('run.started', isRun(run.id));
    const running = await sse.next('run.started', isRun(run.id, 'running'));
    const finished = await sse.next('run.finished', isRun(run.id));
    const stored = (await callApi(ts.url, ts.token, 'runs.get', { id: run.id, log: false })).run;

    expect(stored.status).toBe('success');
    expect(runOf(running).started_at).toBe(stored.started_at);
    expect(runOf(finished)).toMatchObject({ status: 'success', finished_at: stored.finished_at, exit_code: 0 });
    // Received at most 1 s after the moment each one records.
    expect(queued.receivedAt - returnedAt).toBeLessThan(1000);
    const startLag = running.receivedAt - Date.parse(stored.started_at ?? '');
    const endLag = finished.receivedAt - Date.parse(stored.finished_at ?? '');
    expect(startLag).toBeGreaterThanOrEqual(-5);
    expect(startLag).toBeLessThan(1000);
    expect(endLag).toBeGreaterThanOrEqual(-5);
    expect(endLag).toBeLessThan(1000);
  });

  it('delivers the run events of heartbeat pings within 1 s of the ping', async () => {
    sse = await subscribeEvents(ts.url, bearer(ts.token));
    const ping = await pingUrlOf(ts.url, ts.token, 'ev/beat');
    const sentAt = Date.now();
    expect((await request(ping, `${new URL(ping).pathname}/start?rid=0e6f1c1a-6d5e-4c55-9a3c-2b8f3c1d0a01`)).status).toBe(200);
    const started = await sse.next('run.started', (d) => (d as CoreEvents['run.started']).run.task === 'ev/beat');
    expect((await request(ping, `${new URL(ping).pathname}?rid=0e6f1c1a-6d5e-4c55-9a3c-2b8f3c1d0a01`)).status).toBe(200);
    const finished = await sse.next('run.finished', isRun(runOf(started).id));
    expect(runOf(started)).toMatchObject({ status: 'running', trigger: 'heartbeat' });
    expect(runOf(finished).status).toBe('success');
    expect(started.receivedAt - sentAt).toBeLessThan(1000);
    expect(finished.receivedAt - Date.parse(runOf(finished).finished_at ?? '')).toBeLessThan(1000);
  });

  it('delivers task.state when a task moves from running to ok, and from ok to failing', async () => {
    sse = await subscribeEvents(ts.url, bearer(ts.token));
    const first = await callApi(ts.url, ts.token, 'runs.start', { task: 'ev/broken' });
    await callApi(ts.url, ts.token, 'runs.wait', { id: first.id });
    // The engine's first look at a task is sent too (previous: null): the page derives no state of its own.
    const failing = await sse.next('task.state', (d) => taskIs('ev/broken')(d) && (d as CoreEvents['task.state']).state === 'failing');
    expect(failing.data).toEqual({ task: 'ev/broken', state: 'failing', previous: 'running' });
    const states = sse.events.filter((e) => e.event === 'task.state' && taskIs('ev/broken')(e.data)).map((e) => e.data);
    expect(states).toEqual([
      { task: 'ev/broken', state: 'running', previous: null },
      { task: 'ev/broken', state: 'failing', previous: 'running' },
    ]);

    const ok = await callApi(ts.url, ts.token, 'runs.start', { task: 'ev/work' });
    await callApi(ts.url, ts.token, 'runs.wait', { id: ok.id });
    const toOk = await sse.next('task.state', (d) => taskIs('ev/work')(d) && (d as CoreEvents['task.state']).state === 'ok');
    expect(toOk.data).toMatchObject({ previous: 'running' });

    const ping = await pingUrlOf(ts.url, ts.token, 'ev/beat');
    await request(ping, new URL(ping).pathname);
    await request(ping, `${new URL(ping).pathname}/fail`);
    const beat = await sse.next('task.state', taskIs('ev/beat'));
    expect(beat.data).toMatchObject({ task: 'ev/beat', previous: 'ok' });
    expect(['failing', 'down']).toContain((beat.data as CoreEvents['task.state']).state);
  });

  it('delivers project.changed when a manifest is added, broken and removed under a configured root', async () => {
    sse = await subscribeEvents(ts.url, bearer(ts.token));
    const dir = join(root, 'fresh');
    mkdirSync(dir);
    writeFileSync(join(dir, 'agent-os.yml'), 'name: fresh\ntasks:\n  one:\n    command: ["true"]\n');
    const added = await sse.next(
      'project.changed',
      projectIs('fresh', (e) => !e.removed && e.project.state === 'ok'),
      15_000,
    );
    expect((added.data as CoreEvents['project.changed']).project.tasks).toEqual(['fresh/one']);

    writeFileSync(join(dir, 'agent-os.yml'), 'name: fresh\ntasks:\n  one:\n    command: ["true"]\n    timeout: forever\n');
    const broken = await sse.next(
      'project.changed',
      projectIs('fresh', (e) => e.project.state === 'invalid'),
      15_000,
    );
    expect(JSON.stringify((broken.data as CoreEvents['project.changed']).project.errors)).toContain('timeout');

    rmSync(dir, { recursive: true });
    await sse.next(
      'project.changed',
      projectIs('fresh', (e) => e.removed),
      15_000,
    );
    expect((await callApi(ts.url, ts.token, 'projects.list', {})).map((p) => p.name)).toEqual(['ev']);
  });
});

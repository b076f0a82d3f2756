// Issue 16 §2, too early / too short (healthchecks #236) and a separate start grace (healthchecks #910): a run
// that finishes sooner than `min_duration`, a heartbeat whose end ping follows its /start too soon, or a ping
// sooner than `min_interval` after the previous one is `failed` with the reason, and alerts like a failure.
// `heartbeat.start_grace` is how long after /start the end may come, apart from the schedule's grace.
// Real runs, real HTTP pings, a real webhook listener, and the engine's clock where time matters.
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { createClock, manifest, type TestClock } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';
import { request, startTestServer, taskStatus, type TestServer } from '../helpers/http';
import { jsonBody, notifyConfig, type Listener } from '../helpers/listener';

const bed = useAlertBed();
let ts: TestServer | null = null;

afterEach(async () => {
  await ts?.close();
  ts = null;
});

/** Starts a served engine on `clock` for one project whose tasks are given, with a JSON webhook to `hook`. */
async function serve(project: string, tasks: Record<string, readonly string[]>, hook: Listener, clock: TestClock): Promise<TestServer> {
  const dir = writeProject(bed.box.root, project, { manifest: manifest(project, tasks) });
  writeConfig(bed.box.home, [dir], `server:\n  port: 0\n${notifyConfig([{ kind: 'json', url: hook.url('/hooks/precise') }])}`);
  ts = await startTestServer(bed.box.home, clock.now);
  return ts;
}

/** Sends a real ping (`/ping/<key>` plus `suffix`) for a heartbeat task through the HTTP server. */
async function ping(server: TestServer, task: string, suffix = ''): Promise<void> {
  const path = new URL((await taskStatus(server.url, server.token, task)).ping_url ?? '').pathname;
  expect((await request(server.url, `${path}${suffix}`)).status).toBe(200);
}

const stateOf = async (server: TestServer, task: string): Promise<string> => (await taskStatus(server.url, server.token, task)).state;
const lastRun = (core: Core, task: string) => core.handlers['runs.list']({ task, limit: 1 })[0];
/** Notices the listener received about one task, as "kind/event". */
const noticesOf = (hook: Listener, task: string): string[] =>
  hook.requests
    .map(jsonBody)
    .filter((b) => b.alert.subject === task)
    .map((b) => `${b.alert.kind}/${b.event}`);

describe('min_duration on a command task', () => {
  it('fails a run that exits at once with "finished in …; expected at least 30s" and alerts like a failure', async () => {
    const hook = await bed.listen();
    const server = await serve(
      'shop',
      { export: ['command: ["true"]', 'min_duration: 30s'], slowish: ['command: ["sleep", "0.3"]', 'min_duration: 200ms'] },
      hook,
      createClock(),
    );

    const { run } = await runTask(server.core, 'shop/export');
    expect(run.status).toBe('failed');
    expect(run.exit_code).toBe(0);
    expect(run.error).toMatch(/^finished in \d+ms; expected at least 30s$/);
    expect(await stateOf(server, 'shop/export')).toBe('failing');
    const [notice] = await hook.waitForRequests(1, 'the failure notice of shop/export');
    const body = jsonBody(notice as NonNullable<typeof notice>);
    expect(body).toMatchObject({ event: 'opened', headline: 'shop/export failed', alert: { kind: 'failed', subject: 'shop/export' } });
    expect(body.alert.detail).toBe(run.error);

    // A run that lasts its minimum is a success.
    expect((await runTask(server.core, 'shop/slowish')).run).toMatchObject({ status: 'success', error: null });
  });
});

describe('min_duration and min_interval on a heartbeat', () => {
  it('fails an end ping that follows its /start too soon, and recovers when a later one takes long enough', async () => {
    const hook = await bed.listen();
    const clock = createClock();
    const server = await serve('radar', { sweep: ['heartbeat: { period: 1h, grace: 10m }', 'min_duration: 30s'] }, hook, clock);

    await ping(server, 'radar/sweep', '/start');
    await ping(server, 'radar/sweep');
    expect(lastRun(server.core, 'radar/sweep')).toMatchObject({ status: 'failed', trigger: 'heartbeat' });
    expect(lastRun(server.core, 'radar/sweep')?.error).toMatch(/^finished in \d+m?s; expected at least 30s$/);
    expect(await stateOf(server, 'radar/sweep')).toBe('failing');
    await hook.waitForRequests(1, 'the failure notice of radar/sweep');

    await ping(server, 'radar/sweep', '/start');
    clock.advance(31_000);
    await ping(server, 'radar/sweep');
    expect(lastRun(server.core, 'radar/sweep')).toMatchObject({ status: 'success', error: null });
    await waitFor('radar/sweep to be ok', async () => (await stateOf(server, 'radar/sweep')) === 'ok');
    await hook.waitForRequests(2, 'the recovery notice of radar/sweep');
    expect(noticesOf(hook, 'radar/sweep')).toEqual(['failed/opened', 'failed/resolved']);
  });

  it('fails a ping that comes sooner than min_interval after the previous one, with the reason', async () => {
    const hook = await bed.listen();
    const clock = createClock();
    const server = await serve('radar', { beacon: ['heartbeat: { period: 1h, grace: 10m }', 'min_interval: 30m'] }, hook, clock);

    await ping(server, 'radar/beacon');
    expect(lastRun(server.core, 'radar/beacon')?.status).toBe('success');
    clock.advance(5 * 60_000);
    await ping(server, 'radar/beacon');
    expect(lastRun(server.core, 'radar/beacon')?.error).toMatch(/^pinged 5m 0\ds after the previous ping; expected at least 30m apart$/);
    expect(await stateOf(server, 'radar/beacon')).toBe('failing');
    const [notice] = await hook.waitForRequests(1, 'the failure notice of radar/beacon');
    expect(jsonBody(notice as NonNullable<typeof notice>).alert.detail).toMatch(/expected at least 30m apart/);

    clock.advance(31 * 60_000);
    await ping(server, 'radar/beacon');
    expect(lastRun(server.core, 'radar/beacon')?.status).toBe('success');
    await hook.waitForRequests(2, 'the recovery notice of radar/beacon');
    expect(noticesOf(hook, 'radar/beacon')).toEqual(['failed/opened', 'failed/resolved']);
  });
});

describe('heartbeat start_grace', () => {
  it('lets a started job run past the schedule grace up to start_grace, then is down with the reason', async () => {
    const hook = await bed.listen();
    const clock = createClock();
    const server = await serve(
      'jobs',
      {
        backup: ['heartbeat: { period: 1d, grace: 1m, start_grace: 2h }'],
        // The same without start_grace: down one grace after its /start, which shows the monitor looked.
        hasty: ['heartbeat: { period: 1d, grace: 1m }'],
      },
      hook,
      clock,
    );

    await ping(server, 'jobs/backup', '/start');
    await ping(server, 'jobs/hasty', '/start');
    clock.advance(10 * 60_000);
    await waitFor('jobs/hasty to be down', async () => (await stateOf(server, 'jobs/hasty')) === 'down');
    expect(await stateOf(server, 'jobs/backup')).toBe('running');
    await ping(server, 'jobs/backup');
    expect(lastRun(server.core, 'jobs/backup')).toMatchObject({ status: 'success', error: null });
    expect(lastRun(server.core, 'jobs/backup')?.duration_ms).toBeGreaterThanOrEqual(10 * 60_000);

    await ping(server, 'jobs/backup', '/start');
    clock.advance(2 * 3_600_000 + 60_000);
    await waitFor('jobs/backup to be down', async () => (await stateOf(server, 'jobs/backup')) === 'down');
    expect(lastRun(server.core, 'jobs/backup')).toMatchObject({
      status: 'timeout',
      error: 'timeout: started but sent no end ping within start_grace (2h 00m)',
    });
    await hook.waitForRequests(1, 'the down notice of jobs/backup', (r) => jsonBody(r).alert.subject === 'jobs/backup');
    expect(noticesOf(hook, 'jobs/backup')).toEqual(['down/opened']);
  });
});

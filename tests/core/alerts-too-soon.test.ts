// Issue 16 §2, too early / too short (healthchecks #236) and a separate start grace (healthchecks #910): a run
// that finishes sooner than `min_duration`, a heartbeat whose end ping follows its /start too soon, or a ping
// sooner than `min_interval` after the previous one is `failed` with the reason, and alerts like a failure.
// `heartbeat.start_grace` is how long after /start the end may come, apart from the schedule's grace.
// Real runs, real HTTP pings, a real webhook listener, and the engine's clock where time matters.
import { describe, expect, it } from 'vitest';
import { useAlertBed } from '../helpers/alert-bed';
import { noticesOf, useAlertServer } from '../helpers/alert-server';
import { runTask } from '../helpers/core';
import { createClock, manifest, type TestClock } from '../helpers/engine';
import { waitFor, writeProject } from '../helpers/fixtures';
import type { TestServer } from '../helpers/http';
import { jsonBody, type Listener } from '../helpers/listener';

const bed = useAlertBed();
const { ping, stateOf, lastRun, ...alerts } = useAlertServer(bed);

/** Serves one project with the given tasks on `clock`, alerting to `hook`. */
function serve(project: string, tasks: Record<string, readonly string[]>, hook: Listener, clock: TestClock): Promise<TestServer> {
  return alerts.serve([writeProject(bed.box.root, project, { manifest: manifest(project, tasks) })], hook, clock);
}

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
    expect(await stateOf('shop/export')).toBe('failing');
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
    await serve('radar', { sweep: ['heartbeat: { period: 1h, grace: 10m }', 'min_duration: 30s'] }, hook, clock);

    await ping('radar/sweep', '/start');
    await ping('radar/sweep');
    expect(lastRun('radar/sweep')).toMatchObject({ status: 'failed', trigger: 'heartbeat' });
    expect(lastRun('radar/sweep')?.error).toMatch(/^finished in \d+m?s; expected at least 30s$/);
    expect(await stateOf('radar/sweep')).toBe('failing');
    await hook.waitForRequests(1, 'the failure notice of radar/sweep');

    await ping('radar/sweep', '/start');
    clock.advance(31_000);
    await ping('radar/sweep');
    expect(lastRun('radar/sweep')).toMatchObject({ status: 'success', error: null });
    await waitFor('radar/sweep to be ok', async () => (await stateOf('radar/sweep')) === 'ok');
    await hook.waitForRequests(2, 'the recovery notice of radar/sweep');
    expect(noticesOf(hook, 'radar/sweep')).toEqual(['failed/opened', 'failed/resolved']);
  });

  it('fails a ping that comes sooner than min_interval after the previous one, with the reason', async () => {
    const hook = await bed.listen();
    const clock = createClock();
    await serve('radar', { beacon: ['heartbeat: { period: 1h, grace: 10m }', 'min_interval: 30m'] }, hook, clock);

    await ping('radar/beacon');
    expect(lastRun('radar/beacon')?.status).toBe('success');
    clock.advance(5 * 60_000);
    await ping('radar/beacon');
    expect(lastRun('radar/beacon')?.error).toMatch(/^pinged 5m 0\ds after the previous ping; expected at least 30m apart$/);
    expect(await stateOf('radar/beacon')).toBe('failing');
    const [notice] = await hook.waitForRequests(1, 'the failure notice of radar/beacon');
    expect(jsonBody(notice as NonNullable<typeof notice>).alert.detail).toMatch(/expected at least 30m apart/);

    clock.advance(31 * 60_000);
    await ping('radar/beacon');
    expect(lastRun('radar/beacon')?.status).toBe('success');
    await hook.waitForRequests(2, 'the recovery notice of radar/beacon');
    expect(noticesOf(hook, 'radar/beacon')).toEqual(['failed/opened', 'failed/resolved']);
  });
});

describe('heartbeat start_grace', () => {
  it('lets a started job run past the schedule grace up to start_grace, then is down with the reason', async () => {
    const hook = await bed.listen();
    const clock = createClock();
    await serve(
      'jobs',
      {
        backup: ['heartbeat: { period: 1d, grace: 1m, start_grace: 2h }'],
        // The same without start_grace: down one grace after its /start, which shows the monitor looked.
        hasty: ['heartbeat: { period: 1d, grace: 1m }'],
      },
      hook,
      clock,
    );

    await ping('jobs/backup', '/start');
    await ping('jobs/hasty', '/start');
    clock.advance(10 * 60_000);
    await waitFor('jobs/hasty to be down', async () => (await stateOf('jobs/hasty')) === 'down');
    expect(await stateOf('jobs/backup')).toBe('running');
    await ping('jobs/backup');
    expect(lastRun('jobs/backup')).toMatchObject({ status: 'success', error: null });
    expect(lastRun('jobs/backup')?.duration_ms).toBeGreaterThanOrEqual(10 * 60_000);

    await ping('jobs/backup', '/start');
    clock.advance(2 * 3_600_000 + 60_000);
    await waitFor('jobs/backup to be down', async () => (await stateOf('jobs/backup')) === 'down');
    expect(lastRun('jobs/backup')).toMatchObject({
      status: 'timeout',
      error: 'timeout: started but sent no end ping within start_grace (2h 00m)',
    });
    await hook.waitForRequests(1, 'the down notice of jobs/backup', (r) => jsonBody(r).alert.subject === 'jobs/backup');
    expect(noticesOf(hook, 'jobs/backup')).toEqual(['down/opened']);
  });
});

// Railway cron services as a source (SPEC §6): with Agent OS's own token and the service's ids in config.yml,
// the executions of a cron service come from Railway's public GraphQL API (a real local server speaking it)
// as `external` runs; a crashed one alerts like any failed run; Run now asks Railway for a new execution and
// observes it; every failure of the API is a note on the task, never a crash; without ids the task says what
// to add to config.yml, without a token it stays a heartbeat; the token is kept out of every file and answer.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { newService, startFakeRailway, type FakeRailway, type FakeService } from '../helpers/fake-railway';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { createClock, manifest } from '../helpers/engine';
import type { Clock } from '../../src-main/core/clock';
import { expectTokenKeptOut, runsOf, taskOf } from '../helpers/cloud';
import { cliJson, runCli } from '../helpers/cli';
import { jsonEvents, notifyConfig, startListener, type Listener } from '../helpers/listener';

const FIXTURES = fileURLToPath(new URL('../fixtures/cloud/', import.meta.url));
const TOKEN = 'b6c2f1d4-3e8a-4f0b-9c57-1a2d3e4f5a6b';
const SYNC = 'shop/railway'; // railway.toml: python3 sync_orders.py, every 15 minutes
const REPORTS = 'shop/railway-reports'; // services/reports/railway.json: Mondays 08:00

let box: Sandbox;
let railway: FakeRailway;
let service: FakeService;
let listener: Listener;
let core: Core | null = null;
let shop = '';

/** The shop project: a command task, the orders sync cron at its top and the weekly report service below. */
function writeShop(): string {
  const dir = writeProject(box.root, 'shop', { manifest: manifest('shop', { hello: ['command: ["true"]'] }) });
  mkdirSync(join(dir, 'services', 'reports'), { recursive: true });
  copyFileSync(join(FIXTURES, 'railway.toml'), join(dir, 'railway.toml'));
  copyFileSync(join(FIXTURES, 'railway.json'), join(dir, 'services', 'reports', 'railway.json'));
  return dir;
}

/** config.yml's railway block: the fake's URL, a 1s poll, and the orders sync's ids (or `services` given). */
function railwayConfig(services = `    ${SYNC}: { service: ${service.service}, environment: ${service.environment} }\n`): string {
  return `railway:\n  api_url: ${JSON.stringify(railway.apiUrl)}\n  poll: 1s\n  services:${services ? `\n${services}` : ' {}\n'}`;
}

async function start(options: { token?: string | null; services?: string; clock?: Clock } = {}): Promise<Core> {
  const notify = notifyConfig([{ kind: 'json', url: listener.url('/hook') }], { retry_base: '1s' });
  writeConfig(box.home, [shop], `${railwayConfig(options.services)}${notify}`);
  const token = options.token === undefined ? TOKEN : options.token;
  core = createCore({ home: box.home, adminKeys: token ? { railway: token } : {}, ...(options.clock ? { clock: options.clock } : {}) });
  await core.start({ engine: true });
  return core;
}

const looks = (): number => railway.requests.filter((r) => r.operation === 'executions').length;

beforeEach(async () => {
  box = createSandbox('agent-os-railway-');
  service = newService();
  railway = await startFakeRailway(TOKEN, [service]);
  listener = await startListener();
  shop = writeShop();
});

afterEach(async () => {
  await core?.stop();
  core = null;
  await railway.close();
  await listener.close();
  box.cleanup();
});

describe('Railway executions read with a token', () => {
  it('records every execution as an external run (all pages, via endCursor), with status, times and a log; a crash alerts once', async () => {
    // 119 clean executions every 15 minutes, then the latest, which crashed: 120, three pages of 50.
    for (let i = 120; i >= 2; i--) railway.addExecution(service, { minutesAgo: i * 15 });
    const crashed = railway.addExecution(service, { minutesAgo: 5, status: 'CRASHED' });
    const c = await start();
    await waitFor('120 runs from Railway', () => runsOf(c, SYNC).length === 120, { timeoutMs: 15_000 });
    const runs = runsOf(c, SYNC);
    expect(runs.every((r) => r.trigger === 'external')).toBe(true);
    expect(runs.filter((r) => r.status === 'success')).toHaveLength(119);
    expect(runs[0]).toMatchObject({
      status: 'failed',
      started_at: crashed.createdAt,
      finished_at: crashed.completedAt,
      duration_ms: 47_000,
      error: `Railway execution ${crashed.id} (deployment ${service.deployment}) crashed`,
    });
    // The first look paged on with each answer's endCursor, asking for this service in this environment.
    const [first, second, third] = railway.requests.filter((r) => r.operation === 'executions');
    expect(first?.variables).toEqual({ input: { serviceId: service.service, environmentId: service.environment }, first: 50, after: null });
    expect(second?.variables.after).toBe(first?.endCursor);
    expect(third?.variables.after).toBe(second?.endCursor);
    expect(first?.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    const log = c.handlers['runs.get']({ id: runs[0]!.id }).log;
    expect(log).toContain(`Railway cron execution ${crashed.id}`);
    expect(log).toContain(`deployment: ${service.deployment}; service: ${service.service}; environment: ${service.environment}`);
    expect(log).toContain('status: CRASHED');

    // The task is failing, and the crash alerted once, like any failed run.
    expect(taskOf(c, SYNC)).toMatchObject({ state: 'failing', cloud: { provider: 'railway', observed: true, runnable: true, not_runnable_reason: null } });
    await waitFor('the failure alert', () => jsonEvents(listener, 'failed', 'opened').length === 1, { timeoutMs: 10_000 });
    const after = looks();
    await waitFor('two more looks', () => looks() >= after + 2, { timeoutMs: 10_000 });
    expect(jsonEvents(listener, 'failed', 'opened')).toHaveLength(1);
    expect(runsOf(c, SYNC)).toHaveLength(120);
  });

  it('follows an execution from in progress to its end, and recovers', async () => {
    railway.addExecution(service, { minutesAgo: 20, status: 'CRASHED' });
    const c = await start();
    await waitFor('the crashed run', () => taskOf(c, SYNC)?.state === 'failing', { timeoutMs: 10_000 });

    const running = railway.addExecution(service, { minutesAgo: 1, status: 'RUNNING' });
    await waitFor('the execution in progress', () => runsOf(c, SYNC)[0]?.status === 'running', { timeoutMs: 10_000 });
    expect(taskOf(c, SYNC)?.state).toBe('running');
    railway.updateExecution(running.id, { status: 'EXITED' });
    await waitFor('the run to end', () => runsOf(c, SYNC)[0]?.status === 'success', { timeoutMs: 10_000 });
    expect(runsOf(c, SYNC).map((r) => r.status)).toEqual(['success', 'failed']);
    expect(c.handlers['runs.get']({ id: runsOf(c, SYNC)[0]!.id }).log).toContain('status: EXITED');
    await waitFor('the recovery', () => taskOf(c, SYNC)?.state === 'ok', { timeoutMs: 5000 });
    await waitFor('the recovery alert', () => jsonEvents(listener, 'failed', 'resolved').length === 1, { timeoutMs: 10_000 });
    // Stopped and skipped executions are recorded, but say nothing about the job's health.
    railway.addExecution(service, { minutesAgo: 0, status: 'STOPPED' });
    railway.addExecution(service, { minutesAgo: 0, status: 'SKIPPED' });
    await waitFor('both recorded', () => runsOf(c, SYNC).length === 4, { timeoutMs: 10_000 });
    expect(
      runsOf(c, SYNC)
        .map((r) => r.status)
        .sort(),
    ).toEqual(['cancelled', 'failed', 'skipped', 'success']);
    expect(taskOf(c, SYNC)?.state).toBe('ok');
  });

  it('shows the cron service late, then down, when Railway shows no execution for its time, and ok once one comes', async () => {
    const clock = createClock();
    clock.advance(Date.parse('2026-12-06T01:00:00Z') - Date.now()); // Sunday 01:00 UTC; the sync runs every 15 minutes
    const c = await start({ clock });
    await waitFor('a first look', () => looks() > 0, { timeoutMs: 10_000 });
    expect(taskOf(c, SYNC)?.state).toBe('never');
    clock.advance(20 * 60_000); // 01:20: due at 01:15, within Railway's 30 minutes of grace
    await waitFor('late', () => taskOf(c, SYNC)?.state === 'late', { timeoutMs: 5000 });
    clock.advance(30 * 60_000); // 01:50: past grace
    await waitFor('down', () => taskOf(c, SYNC)?.state === 'down', { timeoutMs: 5000 });
    await waitFor('the down alert', () => jsonEvents(listener, 'down', 'opened').length === 1, { timeoutMs: 10_000 });
    railway.addExecution(service, { at: clock.now().getTime() - 60_000 });
    await waitFor('ok once the execution is seen', () => taskOf(c, SYNC)?.state === 'ok', { timeoutMs: 10_000 });
  });

  it('Run now asks Railway for an execution of the service instance and observes it into the manual run', async () => {
    // A scheduled execution that ended seconds ago stays its own run: only a new one is Run now's.
    const scheduled = railway.addExecution(service, { minutesAgo: 0.25 });
    const c = await start();
    await waitFor('the scheduled run', () => runsOf(c, SYNC).length === 1, { timeoutMs: 10_000 });
    const run = c.handlers['runs.start']({ task: SYNC });
    expect(run).toMatchObject({ task: SYNC, trigger: 'manual', status: 'running' });
    await waitFor('the mutation', () => railway.creates.length === 1, { timeoutMs: 5000 });
    expect(railway.creates[0]?.serviceInstanceId).toBe(service.instance);
    expect(railway.requests.find((r) => r.operation === 'serviceInstance')?.variables).toEqual({
      serviceId: service.service,
      environmentId: service.environment,
    });
    // Railway creates it, then it ends: both looks land on the run Run now made, not on a new one.
    const execution = railway.creates[0]!.execution;
    const seenAt = looks();
    await waitFor('a look at the new execution', () => looks() >= seenAt + 1, { timeoutMs: 10_000 });
    railway.updateExecution(execution.id, { status: 'EXITED' });
    const done = await waitFor('the manual run to end', () => runsOf(c, SYNC).find((r) => r.id === run.id && r.status === 'success'), { timeoutMs: 10_000 });
    expect(done.trigger).toBe('manual');
    expect(runsOf(c, SYNC).map((r) => r.trigger)).toEqual(['manual', 'external']);
    expect(c.handlers['runs.get']({ id: run.id }).log).toContain(`Railway cron execution ${execution.id}`);
    expect(c.handlers['runs.get']({ id: runsOf(c, SYNC)[1]!.id }).log).toContain(`Railway cron execution ${scheduled.id}`);
  });

  it('ends a refused Run now as failed with Railway’s words', async () => {
    const c = await start();
    await waitFor('a first look', () => looks() > 0, { timeoutMs: 10_000 });
    railway.failNext(['notAuthorized']);
    const run = c.handlers['runs.start']({ task: SYNC });
    const ended = await waitFor('the refused request', () => runsOf(c, SYNC).find((r) => r.id === run.id && r.status === 'failed'), { timeoutMs: 5000 });
    expect(ended.error).toBe(
      `could not start it on Railway: Railway said "Not Authorized" for the service instance of service ${service.service} in environment ${service.environment}: the token cannot see that service, or the ids are not Railway's; check AGENT_OS_RAILWAY_TOKEN and railway.services in config.yml`,
    );
  });
});

describe('when Railway says no', () => {
  it('says so on the task for a 5xx, a rate limit (pausing every look until retry-after), a refused token and no network, and keeps going', async () => {
    railway.addExecution(service, { minutesAgo: 2 }); // its next is due within 15 minutes: ok all through
    const c = await start();
    await waitFor('the first run', () => runsOf(c, SYNC).length === 1, { timeoutMs: 10_000 });

    railway.failNext([{ status: 503, message: 'Service Unavailable' }]);
    await waitFor('the 503 note', () => taskOf(c, SYNC)?.note === 'Railway answered 503 for the executions; Agent OS tries again later', { timeoutMs: 10_000 });
    await waitFor('the note to clear once Railway answers', () => taskOf(c, SYNC)?.note === null, { timeoutMs: 10_000 });

    railway.failNext([{ status: 429, retryAfter: 3 }]);
    await waitFor(
      'the rate-limit note',
      () => /^Railway's rate limit is reached \(Too many requests\. Please try again later\.\); Agent OS looks again after /.test(taskOf(c, SYNC)?.note ?? ''),
      {
        timeoutMs: 10_000,
      },
    );
    const limitedAt = railway.requests.length;
    await waitFor('looks to resume after retry-after', () => railway.requests.length > limitedAt, { timeoutMs: 10_000 });
    // No request between the 429 and the end of its retry-after (3 s), however often the poll came round.
    const [limited, resumed] = [railway.requests[limitedAt - 1]!, railway.requests[limitedAt]!];
    expect(limited.status).toBe(429);
    expect(resumed.at - limited.at).toBeGreaterThanOrEqual(2900);

    railway.failNext([{ status: 401, message: 'Unauthorized' }]);
    await waitFor(
      'the 401 note',
      () => taskOf(c, SYNC)?.note === 'Railway refused the token (401 Unauthorized); check AGENT_OS_RAILWAY_TOKEN (an account or team token)',
      {
        timeoutMs: 10_000,
      },
    );
    await railway.close();
    await waitFor('the offline note', () => /^Railway could not be reached \(\w+\); check the network or railway\.api_url$/.test(taskOf(c, SYNC)?.note ?? ''), {
      timeoutMs: 10_000,
    });
    // Through all of it the task kept its last real state and run.
    expect(taskOf(c, SYNC)).toMatchObject({ state: 'ok', last_run: { status: 'success', trigger: 'external' } });
    railway = await startFakeRailway(TOKEN, [service]); // for afterEach
  });

  it('says "Not Authorized" for a token Railway refuses, naming what to check', async () => {
    await railway.close();
    railway = await startFakeRailway('another-token', [service]);
    const c = await start();
    await waitFor(
      'the Not Authorized note',
      () =>
        taskOf(c, SYNC)?.note ===
        `Railway said "Not Authorized" for the executions of service ${service.service} in environment ${service.environment}: the token cannot see that service, or the ids are not Railway's; check AGENT_OS_RAILWAY_TOKEN and railway.services in config.yml`,
      { timeoutMs: 10_000 },
    );
    expect(railway.requests[0]?.status).toBe(200); // GraphQL's way: refused inside a 200
  });
});

describe('which Railway service a task is', () => {
  it('names the config.yml line to add for a service without ids, and reads it once added', async () => {
    const c = await start();
    const line = `add \`railway.services: {"${REPORTS}": {service: <service id>, environment: <environment id>}}\` to config.yml (\`railway status --json\` in the service's folder prints both ids)`;
    expect(taskOf(c, REPORTS)).toMatchObject({
      state: 'never',
      note: `Agent OS does not know which Railway service ${REPORTS} is: ${line}`,
      cloud: { observed: false, runnable: false, not_runnable_reason: `Agent OS needs to know which Railway service it is: ${line}` },
    });
    expect(() => c.handlers['runs.start']({ task: REPORTS })).toThrow(/railway\.services/);

    // Added to config.yml, with a bad entry beside it: the bad one is reported and left out, alone.
    const reports = newService();
    await railway.close();
    railway = await startFakeRailway(TOKEN, [service, reports]);
    railway.addExecution(reports, { minutesAgo: 60 * 24 });
    const services = [
      `    ${SYNC}: { service: ${service.service}, environment: ${service.environment} }`,
      `    ${REPORTS}: { service: ${reports.service}, environment: ${reports.environment} }`,
      '    shop/hello: { service: orders-sync }',
      `    not-a-task-id: { service: ${reports.service}, environment: ${reports.environment} }`,
    ];
    writeConfig(box.home, [shop], railwayConfig(`${services.join('\n')}\n`));
    c.reload();
    await waitFor('the reports run', () => runsOf(c, REPORTS).length === 1, { timeoutMs: 10_000 });
    expect(taskOf(c, REPORTS)).toMatchObject({ note: null, cloud: { observed: true, runnable: true } });
    expect(taskOf(c, SYNC)?.cloud?.observed).toBe(true);
    const errors = c.handlers['status.get']().config_errors.map((e) => `${e.path}: ${e.message}`);
    expect(errors).toEqual([
      'railway.services.shop/hello: expected {service: <service id>, environment: <environment id>}, two UUIDs as `railway status --json` prints them, found a mapping; this entry is left out',
      'railway.services.not-a-task-id: expected a task id "project/task" such as "shop/railway" (as a key), found a mapping; this entry is left out',
    ]);
  });

  it('without a token, stays a heartbeat: the ping hint, and Run now says what would make it runnable', async () => {
    const c = await start({ token: null });
    const sync = taskOf(c, SYNC)!;
    expect(sync).toMatchObject({
      cloud: {
        observed: false,
        runnable: false,
        not_runnable_reason:
          'Railway starts it on its schedule; to start it from Agent OS, set AGENT_OS_RAILWAY_TOKEN and name its service under railway.services in config.yml',
      },
      note: expect.stringContaining('set AGENT_OS_RAILWAY_TOKEN'),
    });
    expect(sync.ping_hint).toBe(`sh -c 'python3 sync_orders.py; curl -fsS -m 10 --retry 5 -o /dev/null ${sync.ping_url}/$?'`);
    expect(() => c.handlers['runs.start']({ task: SYNC })).toThrow(/set AGENT_OS_RAILWAY_TOKEN/);
    // A ping is its sign of life, as before.
    const key = sync.ping_url!.split('/').pop()!;
    await c.ping(key, { kind: 'exit', exitStatus: 0 });
    await waitFor('up from the ping', () => taskOf(c, SYNC)?.state === 'ok', { timeoutMs: 5000 });
    expect(railway.requests).toEqual([]);
  });
});

describe('the Railway token', () => {
  it('appears in no file under the home and no answer', async () => {
    railway.addExecution(service, { minutesAgo: 90, status: 'CRASHED' });
    const c = await start();
    await waitFor('the run', () => runsOf(c, SYNC).length === 1, { timeoutMs: 10_000 });
    await waitFor('the alert', () => jsonEvents(listener, 'failed', 'opened').length === 1, { timeoutMs: 10_000 });
    railway.failNext([{ status: 401, message: 'Unauthorized' }]);
    await waitFor('a refused look', () => taskOf(c, SYNC)?.note?.startsWith('Railway refused the token'), { timeoutMs: 10_000 });
    core = null; // stopped by the check
    await expectTokenKeptOut(c, box.home, SYNC, TOKEN, listener);
  });
});

describe('the CLI', () => {
  it('reads AGENT_OS_RAILWAY_TOKEN: `agent-os run` asks Railway for an execution and says so, never the token', async () => {
    writeConfig(box.home, [shop], railwayConfig());
    const env = { AGENT_OS_RAILWAY_TOKEN: TOKEN };
    const result = await runCli(['run', SYNC], { home: box.home, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${SYNC}: started run #1`);
    expect(railway.creates.map((c) => c.serviceInstanceId)).toEqual([service.instance]);
    const status = await cliJson<{ projects: Array<{ tasks: Array<{ id: string; cloud?: { observed: boolean; runnable: boolean } }> }> }>(
      ['status', '--json'],
      {
        home: box.home,
        env,
      },
    );
    expect(status.projects.flatMap((p) => p.tasks).find((t) => t.id === SYNC)?.cloud).toMatchObject({ observed: true, runnable: true });
    expect(`${result.stdout}${result.stderr}${JSON.stringify(status)}`).not.toContain(TOKEN);
  });
});

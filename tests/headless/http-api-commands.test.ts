// Acceptance (SPEC §9 HTTP): every API command works over HTTP with the token and is refused without it;
// the dashboard's ?token= opens a session cookie that then authorizes the API.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerArg } from '../../src-main/common/api';
import type { Alert } from '../../src-main/common/alerts';
import type { Run } from '../../src-main/common/models';
import { ARG_SCHEMAS } from '../../src-main/core';
import { ANY_PORT } from '../helpers/engine';
import { startListener, type Listener } from '../helpers/listener';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { callApi, startTestServer, type TestServer } from '../helpers/http';

type CommandName = keyof typeof ARG_SCHEMAS;

const OPENAI_KEY = 'sk-proj-Api0Commands1Secret2Value3';

let box: Sandbox;
let ts: TestServer;
let hook: Listener;

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'alpha', {
    manifest: `name: alpha
tasks:
  hello:
    command: ["sh", "hello.sh"]
  slow:
    command: ["sleep", "30"]
  beat:
    heartbeat: { period: 1h, grace: 1h }
  broken:
    command: 'echo "disk full" >&2; exit 2'
`,
    env: { OPENAI_API_KEY: OPENAI_KEY },
  });
  writeFileSync(
    join(dir, 'hello.sh'),
    'echo "hello from alpha"\necho \'{"type":"result","key":"day-1","rows":3}\' >> "$AGENT_OS_OUTPUT"\necho \'{"type":"cost","usd":0.25,"provider":"openai","model":"gpt-4o"}\' >> "$AGENT_OS_OUTPUT"\n',
  );
  hook = await startListener();
  writeConfig(box.home, [dir], `${ANY_PORT}notify:\n  webhooks:\n    - { kind: json, url: "${hook.url('/hooks/s3cr3t-path')}" }\n`);
  ts = await startTestServer(box.home);
});

afterAll(async () => {
  await ts?.close();
  await hook?.close();
  box?.cleanup();
});

const call = <K extends CommandName>(name: K, arg: HandlerArg<K>) => callApi(ts.url, ts.token, name, arg);

/** A finished run of alpha/hello, started and awaited through the API (once). */
let helloRun: Promise<Run> | null = null;
const finishedHello = (): Promise<Run> => (helloRun ??= call('runs.start', { task: 'alpha/hello' }).then((run) => call('runs.wait', { id: run.id })));

/** The alert a failed run of alpha/broken opens (once). */
let brokenAlertOnce: Promise<Alert> | null = null;
const brokenAlert = (): Promise<Alert> =>
  (brokenAlertOnce ??= (async () => {
    const run = await call('runs.start', { task: 'alpha/broken' });
    expect((await call('runs.wait', { id: run.id })).status).toBe('failed');
    return waitFor('the failed alert of alpha/broken', async () =>
      (await call('alerts.list', {})).find((a) => a.subject === 'alpha/broken' && a.kind === 'failed'),
    );
  })());

/** How many successful runs alpha/hello has had (each reports $0.25). */
const helloRuns = async (): Promise<number> => (await call('runs.list', { task: 'alpha/hello', status: 'success' })).length;

// One check per API command; the mapped type makes a new command without a check a compile error.
const CHECKS: { [K in CommandName]: () => Promise<void> } = {
  'projects.list': async () => {
    const projects = await call('projects.list', {});
    const alpha = projects.find((p) => p.name === 'alpha');
    expect(alpha).toMatchObject({ state: 'ok', errors: [], tasks: ['alpha/hello', 'alpha/slow', 'alpha/beat', 'alpha/broken'] });
    expect(projects.filter((p) => p.state === 'invalid')).toEqual([]);
  },
  'status.get': async () => {
    const status = await call('status.get', undefined);
    expect(status.projects.find((p) => p.name === 'alpha')?.tasks.map((t) => [t.id, t.kind])).toEqual([
      ['alpha/hello', 'command'],
      ['alpha/slow', 'command'],
      ['alpha/beat', 'heartbeat'],
      ['alpha/broken', 'command'],
    ]);
    expect(status.paused_all).toBe(false);
  },
  'runs.start': async () => {
    const run = await call('runs.start', { task: 'alpha/hello' });
    expect(run).toMatchObject({ task: 'alpha/hello', trigger: 'manual' });
    expect(['queued', 'running']).toContain(run.status);
    const ended = await call('runs.wait', { id: run.id });
    expect(ended.status).toBe('success');
  },
  'runs.wait': async () => {
    const run = await finishedHello();
    expect(run).toMatchObject({ task: 'alpha/hello', status: 'success', exit_code: 0 });
    expect(run.finished_at).not.toBeNull();
  },
  'runs.get': async () => {
    const run = await finishedHello();
    const got = await call('runs.get', { id: run.id });
    expect(got.run.id).toBe(run.id);
    expect(got.log).toContain('hello from alpha');
    expect((await call('runs.get', { id: run.id, log: false })).log).toBe('');
  },
  'runs.list': async () => {
    const run = await finishedHello();
    const runs = await call('runs.list', { task: 'alpha/hello', status: 'success', limit: 50 });
    expect(runs.map((r) => r.id)).toContain(run.id);
    expect(runs.every((r) => r.task === 'alpha/hello' && r.status === 'success')).toBe(true);
    expect(runs.map((r) => r.id)).toEqual([...runs.map((r) => r.id)].sort((a, b) => b - a));
  },
  'runs.tail': async () => {
    const run = await finishedHello();
    const chunk = await call('runs.tail', { id: run.id });
    expect(chunk).toMatchObject({ done: true, status: 'success' });
    expect(chunk.text).toContain('hello from alpha');
    const rest = await call('runs.tail', { id: run.id, offset: chunk.offset });
    expect(rest).toMatchObject({ text: '', offset: chunk.offset });
  },
  'runs.cancel': async () => {
    const run = await call('runs.start', { task: 'alpha/slow' });
    await waitFor('alpha/slow to be running', async () => (await call('runs.get', { id: run.id, log: false })).run.status === 'running');
    await call('runs.cancel', { id: run.id });
    const ended = await call('runs.wait', { id: run.id });
    expect(ended.status).toBe('cancelled');
  },
  'results.list': async () => {
    const run = await finishedHello();
    const results = await call('results.list', { task: 'alpha/hello' });
    expect(results[0]).toMatchObject({ key: 'day-1', data: { rows: 3 } });
    expect(results.map((r) => r.run_id)).toContain(run.id);
  },
  'messages.send': async () => {
    const sent = await call('messages.send', { project: 'alpha', title: 'Nightly report', message: 'rows: 3', level: 'warning' });
    expect(sent.id).toEqual(expect.any(Number));
    await expect(call('messages.send', { project: 'nope', message: 'x' })).rejects.toThrow(/answered 404: .*no project \\"nope\\"/);
  },
  'messages.list': async () => {
    await call('messages.send', { project: 'alpha', message: 'listed' });
    const listed = await call('messages.list', { project: 'alpha', limit: 5 });
    expect(listed[0]).toMatchObject({ project: 'alpha', message: 'listed', level: 'info', source: 'cli' });
  },
  'tasks.list': async () => {
    const tasks = await call('tasks.list', { project: 'alpha' });
    expect(tasks.map((t) => t.id)).toEqual(['alpha/hello', 'alpha/slow', 'alpha/beat', 'alpha/broken']);
    expect(tasks.find((t) => t.id === 'alpha/beat')?.ping_url).toMatch(new RegExp(`^${ts.url}/ping/[A-Za-z0-9_-]{16,}$`));
  },
  'tasks.detail': async () => {
    const run = await finishedHello();
    const detail = await call('tasks.detail', { task: 'alpha/hello' });
    expect(detail).toMatchObject({ project: 'alpha', command: 'sh hello.sh', next_runs: [] });
    expect(detail.runs.map((r) => r.id)).toContain(run.id);
    expect(detail.stats.ended).toBeGreaterThanOrEqual(1);
    expect((await call('tasks.detail', { task: 'alpha/beat' })).next_runs.length).toBeGreaterThan(0);
  },
  'tasks.pause': async () => {
    expect(await call('tasks.pause', { task: 'alpha/slow' })).toEqual({ task: 'alpha/slow', paused: true });
    expect((await call('tasks.list', {})).find((t) => t.id === 'alpha/slow')?.state).toBe('paused');
  },
  'tasks.resume': async () => {
    await call('tasks.pause', { task: 'alpha/hello' });
    expect(await call('tasks.resume', { task: 'alpha/hello' })).toEqual({ task: 'alpha/hello', paused: false });
    expect((await call('tasks.list', {})).find((t) => t.id === 'alpha/hello')?.paused).toBe(false);
  },
  'schedule.upcoming': async () => {
    const upcoming = await call('schedule.upcoming', { hours: 1.5 });
    const beat = upcoming.filter((u) => u.task === 'alpha/beat');
    expect(beat).toHaveLength(1);
    expect(beat[0]?.kind).toBe('heartbeat');
    expect(Date.parse(beat[0]?.at ?? '') - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(upcoming.map((u) => u.at)).toEqual([...upcoming.map((u) => u.at)].sort());
  },
  'settings.get': async () => {
    const settings = await call('settings.get', {});
    expect(settings.projects).toHaveLength(1);
    expect(settings.server.port).toBe(0);
  },
  'settings.update': async () => {
    const settings = await call('settings.update', { resources: { openai: 2 } });
    expect(settings.resources).toEqual({ openai: 2 });
    expect(settings.projects).toHaveLength(1);
    expect(readFileSync(join(box.home, 'config.yml'), 'utf8')).toMatch(/openai: 2/);
  },
  'alerts.list': async () => {
    const alert = await brokenAlert();
    expect(alert).toMatchObject({ kind: 'failed', subject: 'alpha/broken', critical: true });
    expect(alert.title).toContain('alpha/broken');
  },
  'alerts.ack': async () => {
    const alert = await brokenAlert();
    expect(await call('alerts.ack', { id: alert.id })).toMatchObject({ id: alert.id, state: 'acknowledged' });
    expect((await call('alerts.list', {})).find((a) => a.id === alert.id)?.acknowledged_at).not.toBeNull();
  },
  'alerts.snooze': async () => {
    const alert = await brokenAlert();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect(await call('alerts.snooze', { id: alert.id, until })).toMatchObject({ id: alert.id, snoozed_until: until });
    expect((await call('alerts.list', {})).find((a) => a.id === alert.id)?.snoozed_until).toBe(until);
    expect((await call('alerts.snooze', { id: alert.id, until: null })).snoozed_until).toBeNull();
  },
  'alerts.ackAll': async () => {
    await brokenAlert();
    const { acknowledged } = await call('alerts.ackAll', {});
    expect(acknowledged).toBeGreaterThanOrEqual(0);
    expect((await call('alerts.list', {})).filter((a) => a.state === 'open')).toEqual([]);
  },
  'digest.preview': async () => {
    await brokenAlert();
    const digest = await call('digest.preview', {});
    expect(digest.still_failing.map((t) => t.task)).toContain('alpha/broken');
    expect(digest.text).toMatch(/^Agent OS digest for \d{4}-\d\d-\d\d/);
  },
  'channels.list': async () => {
    const channels = await call('channels.list', {});
    expect(channels.map((c) => c.kind)).toEqual(['json']);
    expect(channels[0]?.target).toContain('127.0.0.1');
    expect(channels[0]?.target).not.toContain('s3cr3t-path');
  },
  'channels.test': async () => {
    const [channel] = await call('channels.list', {});
    expect(await call('channels.test', { id: channel?.id ?? '' })).toEqual({ ok: true, error: null });
    await hook.waitForRequests(1, 'the test notification', (r) => r.path === '/hooks/s3cr3t-path' && r.raw.includes('test'));
  },
  'costs.summary': async () => {
    await finishedHello();
    const summary = await call('costs.summary', { by: 'project', since_days: 7 });
    expect(summary.by).toBe('project');
    expect(summary.rows.find((r) => r.key === 'alpha')?.usd).toBeCloseTo(0.25 * (await helloRuns()), 6);
    expect(summary.total_usd).toBeGreaterThanOrEqual(0.25);
  },
  'costs.overview': async () => {
    await finishedHello();
    const overview = await call('costs.overview', {});
    expect(overview.has_data).toBe(true);
    expect(overview.top_models.map((m) => m.key)).toContain('gpt-4o');
  },
  'keys.audit': async () => {
    const audit = await call('keys.audit', {});
    const alpha = audit.inventory.find((p) => p.project === 'alpha');
    expect(alpha?.services.flatMap((s) => s.variables)).toContain('OPENAI_API_KEY');
    expect(Array.isArray(audit.findings)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(OPENAI_KEY);
  },
  'keys.inventoryMarkdown': async () => {
    const markdown = await call('keys.inventoryMarkdown', {});
    expect(markdown).toMatch(/^#/);
    expect(markdown).toContain('alpha');
    expect(markdown).toContain('OPENAI_API_KEY');
    expect(markdown).not.toContain(OPENAI_KEY);
  },
  'remotes.call': async () => {
    // This server has no remotes: a command for one is refused with the remotes it does know.
    const answer = await fetch(`${ts.url}/api/remotes.call`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ts.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ engine: 'prod', command: 'runs.start', arg: { task: 'alpha/hello' } }),
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ error: 'no remote engine "prod"; config.yml lists none' });
  },
  'keys.writeEnvExample': async () => {
    const written = await call('keys.writeEnvExample', { project: 'alpha' });
    expect(written).toEqual({ path: join(box.root, 'alpha', '.env.example'), written: true });
    const text = readFileSync(written.path, 'utf8');
    expect(text).toMatch(/^OPENAI_API_KEY=$/m);
    expect(text).not.toContain(OPENAI_KEY);
  },
  'engine.pauseAll': async () => {
    expect(await call('engine.pauseAll', {})).toEqual({ paused_all: true });
    expect((await call('status.get', {})).paused_all).toBe(true);
  },
  'engine.resumeAll': async () => {
    expect(await call('engine.resumeAll', {})).toEqual({ paused_all: false });
    expect((await call('status.get', {})).paused_all).toBe(false);
  },
};

describe('the HTTP API with the token', () => {
  it('has a check below for every command of ARG_SCHEMAS', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(Object.keys(ARG_SCHEMAS).sort());
  });

  for (const name of Object.keys(CHECKS) as CommandName[]) {
    it(`answers ${name} with a sensible result`, async () => {
      await CHECKS[name]();
    });
  }
});

// Acceptance (SPEC §5; issue 9): the provider admin keys are Agent OS's own credentials, taken from the
// environment of a real `agent-os serve`. They reach the providers (the fake records them) and nothing
// else: no file under AGENT_OS_HOME (database, WAL, app log, run logs) and no API answer or live event,
// including the runs that fetched with them, one of which failed and one of which was rate limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { runCli, type CliResult } from '../helpers/cli';
import { adminKeys, keyEnv, loadSampleData, writeCostsHome } from '../helpers/cost-data';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { startFakeProviders, type FakeProviders } from '../helpers/fake-providers';
import { createSandbox, filesContaining, filesUnder, type Sandbox } from '../helpers/fixtures';
import { bearer, callApi, postApi, servedAt, subscribeEvents, type SseClient } from '../helpers/http';

const keys = adminKeys();
/** The keys whole, and their random middles (a partly masked or re-encoded copy is a leak too). */
const NEEDLES = [keys.openai, keys.anthropic, keys.openai.slice(12, 40), keys.anthropic.slice(18, 42)];

let box: Sandbox;
let fake: FakeProviders;
let serve: ServeProcess | null = null;
let sse: SseClient | null = null;
let base = '';
let token = '';
const fetches: CliResult[] = [];
let taskEnv: CliResult | null = null;
let runs: Run[] = [];
const answers: Array<[string, string]> = [];
const refused: string[] = [];
let leaksWhileServing: string[] = [];
let filesWhileServing: string[] = [];

const leaksIn = (text: string): string[] => NEEDLES.filter((n) => text.includes(n));

beforeAll(async () => {
  box = createSandbox();
  fake = await startFakeProviders(keys);
  loadSampleData(fake);
  writeCostsHome(box.root, box.home, fake, ANY_PORT);
  serve = await startServe(box.home, keyEnv(keys));
  ({ url: base, token } = servedAt(serve.stdout()));
  sse = await subscribeEvents(base, bearer(token));

  // The CLI has no key of its own: `run` goes through the server, whose environment holds them.
  fake.failNext('anthropic', [{ status: 429, retryAfter: 1 }]);
  for (const task of ['agent-os/openai-costs', 'agent-os/anthropic-costs']) fetches.push(await runCli(['run', task, '--wait'], { home: box.home }));
  fake.failNext('openai', [{ status: 401 }]);
  fetches.push(await runCli(['run', 'agent-os/openai-costs', '--wait'], { home: box.home }));
  taskEnv = await runCli(['run', 'cortana/env', '--wait'], { home: box.home });

  runs = await callApi(base, token, 'runs.list', {});
  const collect = async (label: string, name: string, arg: unknown): Promise<void> => {
    const answer = await postApi(base, name, arg, bearer(token));
    if (answer.status !== 200) refused.push(`${label}: ${answer.status} ${answer.text}`);
    answers.push([label, answer.text]);
  };
  for (const r of runs) {
    await collect(`runs.get #${r.id}`, 'runs.get', { id: r.id });
    await collect(`runs.tail #${r.id}`, 'runs.tail', { id: r.id });
  }
  for (const name of [
    'status.get',
    'tasks.list',
    'projects.list',
    'runs.list',
    'settings.get',
    'costs.overview',
    'alerts.list',
    'keys.audit',
    'keys.inventoryMarkdown',
    'channels.list',
  ])
    await collect(name, name, {});
  for (const by of ['project', 'provider', 'model', 'day']) await collect(`costs.summary by ${by}`, 'costs.summary', { by, since_days: 30 });
  await collect('schedule.upcoming', 'schedule.upcoming', { hours: 24 });
  answers.push(['events', JSON.stringify(sse.events)]);
  for (const result of [...fetches, ...(taskEnv ? [taskEnv] : [])]) answers.push(['cli run --wait', result.stdout + result.stderr]);
  filesWhileServing = filesUnder(box.home).map((f) => f.slice(box.home.length + 1));
  leaksWhileServing = NEEDLES.flatMap((n) => filesContaining(box.home, n));
  sse.close();
  sse = null;
  await serve.stop();
  serve = null;
}, 90_000);

afterAll(async () => {
  sse?.close();
  await serve?.stop();
  await fake.close();
  box.cleanup();
});

describe('provider admin keys under agent-os serve', () => {
  it('the keys were really used: each provider received its own key on every cost request', () => {
    const openai = fake.costRequests('openai');
    const anthropic = fake.costRequests('anthropic');
    expect(openai.length).toBeGreaterThanOrEqual(3);
    expect(anthropic.length).toBeGreaterThanOrEqual(3);
    expect(openai.every((r) => r.headers.authorization === `Bearer ${keys.openai}`)).toBe(true);
    expect(anthropic.every((r) => r.headers['x-api-key'] === keys.anthropic)).toBe(true);
  });

  it('ran the fetches through the server: two succeeded (one after a 429) and the one refused with 401 failed', () => {
    expect(fetches.map((f) => f.code === 0)).toEqual([true, true, false]);
    const fetchRuns = runs.filter((r) => r.task.startsWith('agent-os/')).sort((a, b) => a.id - b.id);
    expect(fetchRuns.map((r) => [r.task, r.status])).toEqual([
      ['agent-os/openai-costs', 'success'],
      ['agent-os/anthropic-costs', 'success'],
      ['agent-os/openai-costs', 'failed'],
    ]);
    expect(fetchRuns[2]?.error).toMatch(/admin key/);
  });

  it("a project's task does not get the keys: its printed environment (in its log) has neither", () => {
    expect(taskEnv?.code).toBe(0);
    expect(taskEnv?.stdout).toMatch(/^PATH=/m);
    expect(taskEnv?.stdout).toMatch(/^AGENT_OS_RUN_ID=\d+$/m);
    expect(taskEnv?.stdout).not.toMatch(/ADMIN_KEY/);
    expect(leaksIn(taskEnv?.stdout ?? '')).toEqual([]);
  });

  it('the collected answers are the real ones: run logs with the fetch notes and the fetched totals', () => {
    const logs = answers.filter(([label]) => label.startsWith('runs.get')).map(([, text]) => text);
    expect(logs.join('\n')).toContain('cost line(s)');
    expect(logs.join('\n')).toContain('429');
    const summary = answers.find(([label]) => label === 'costs.summary by project')?.[1] ?? '';
    expect((JSON.parse(summary) as { result: { total_usd: number } }).result.total_usd).toBeCloseTo(15.775, 9);
  });

  it('no API answer, live event or CLI output carries either key', () => {
    expect(refused).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(20);
    expect(answers.filter(([, text]) => leaksIn(text).length > 0).map(([label]) => label)).toEqual([]);
  });

  it('no file under AGENT_OS_HOME holds either key, while serving (with the WAL) nor after stopping', () => {
    expect(filesWhileServing).toEqual(expect.arrayContaining(['agent-os.db', 'agent-os.db-wal', 'logs/app.log', 'config.yml']));
    expect(filesWhileServing.filter((f) => f.startsWith('logs/runs/')).length).toBeGreaterThanOrEqual(3);
    expect(leaksWhileServing).toEqual([]);
    expect(NEEDLES.flatMap((n) => filesContaining(box.home, n))).toEqual([]);
  });
});

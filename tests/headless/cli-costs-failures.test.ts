// Acceptance (SPEC §4, §5; issue 9): re-fetching a window never double counts; an unreachable provider, a
// refused key or a persistent server error is a `failed` run with a readable error (exit code non-zero)
// that leaves earlier totals intact; a 429 honouring retry-after and passing 5xx answers are ridden out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, listRuns, runCli, type RunRow } from '../helpers/cli';
import { adminKeys, keyEnv, loadSampleData, writeCostsHome } from '../helpers/cost-data';
import { withDatabase } from '../helpers/db';
import { closedBaseUrl, startFakeProviders, type FakeProviders } from '../helpers/fake-providers';
import { createSandbox, type Sandbox } from '../helpers/fixtures';

interface CostsJson {
  total_usd: number;
  rows: Array<{ key: string; usd: number }>;
  unattributed_usd: number;
}

const keys = adminKeys();
let box: Sandbox;
let fake: FakeProviders;
let before: CostsJson;
let rowsBefore = 0;

const OPENAI = 'agent-os/openai-costs';
const ANTHROPIC = 'agent-os/anthropic-costs';
const run = (task: string, env: Record<string, string> = keyEnv(keys)) => runCli(['run', task, '--wait'], { home: box.home, env, timeoutMs: 60_000 });
const totals = (): Promise<CostsJson> => cliJson<CostsJson>(['costs', '--json'], { home: box.home });
const costRows = (): number => withDatabase(box.home, (db) => (db.prepare('SELECT COUNT(*) AS n FROM costs').get() as { n: number }).n);
const lastRun = async (task: string): Promise<RunRow> => {
  const [latest] = await listRuns(box.home, ['--task', task]);
  if (!latest) throw new Error(`no run of ${task}`);
  return latest;
};
/** Points one fetcher at another base URL (the CLI reads config.yml afresh on every command). */
const pointAt = (base: { openai?: string; anthropic?: string }): void => {
  writeCostsHome(box.root, box.home, fake, '', base);
};

beforeAll(async () => {
  box = createSandbox();
  fake = await startFakeProviders(keys);
  loadSampleData(fake);
  writeCostsHome(box.root, box.home, fake);
  for (const task of [OPENAI, ANTHROPIC]) {
    const result = await run(task);
    if (result.code !== 0) throw new Error(`first fetch of ${task} failed: ${result.stderr}`);
  }
  before = await totals();
  rowsBefore = costRows();
}, 60_000);

afterAll(async () => {
  await fake.close();
  box.cleanup();
});

describe('fetching provider costs again and failing', () => {
  it('stored the sample window: 18 cost lines, 15.775 USD', () => {
    expect(rowsBefore).toBe(18);
    expect(before.total_usd).toBeCloseTo(15.775, 9);
  });

  it('running both fetches a second time leaves every total and the number of cost rows unchanged', async () => {
    for (const task of [OPENAI, ANTHROPIC]) expect((await run(task)).code).toBe(0);
    expect(fake.costRequests('openai')).toHaveLength(4);
    expect(fake.costRequests('anthropic')).toHaveLength(4);
    expect(await totals()).toEqual(before);
    expect(costRows()).toBe(rowsBefore);
  });

  it('with the provider unreachable, run --wait exits non-zero, the run is failed with a readable error, and totals stay', async () => {
    pointAt({ openai: await closedBaseUrl() });
    const result = await run(OPENAI);
    expect(result.code).not.toBe(0);
    const failed = await lastRun(OPENAI);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^OpenAI Costs API could not be reached \(ECONNREFUSED\) after \d+ attempts; check the network or costs base_url$/);
    expect(result.stderr).toContain(failed.error ?? '(no error)');
    expect(await totals()).toEqual(before);
    expect(costRows()).toBe(rowsBefore);
  });

  it('a 429 with retry-after: 1 is waited out and the next 200 succeeds', async () => {
    pointAt({});
    const seen = fake.costRequests('anthropic').length;
    fake.failNext('anthropic', [{ status: 429, retryAfter: 1 }]);
    const result = await run(ANTHROPIC);
    expect(result.code).toBe(0);
    expect((await lastRun(ANTHROPIC)).status).toBe('success');
    const calls = fake.costRequests('anthropic').slice(seen);
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200]);
    // The same first page is asked again, and not before Retry-After said (a lower bound only).
    expect(calls[1]?.url.search).toBe(calls[0]?.url.search);
    expect((calls[1]?.receivedAt ?? 0) - (calls[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
    expect(await totals()).toEqual(before);
  });

  it('passing 500 and 503 answers are retried with backoff, and the fetch succeeds', async () => {
    const seen = fake.costRequests('openai').length;
    fake.failNext('openai', [{ status: 500 }, { status: 503 }]);
    const result = await run(OPENAI);
    expect(result.code).toBe(0);
    expect(
      fake
        .costRequests('openai')
        .slice(seen)
        .map((c) => c.status),
    ).toEqual([500, 503, 200, 200]);
    expect(await totals()).toEqual(before);
  });

  it('a provider that keeps answering 500 gives a failed run naming the status, and totals stay', async () => {
    fake.failNext(
      'openai',
      Array.from({ length: 10 }, () => ({ status: 500 })),
    );
    const result = await run(OPENAI);
    expect(result.code).not.toBe(0);
    const failed = await lastRun(OPENAI);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^OpenAI Costs API answered 500/);
    expect(await totals()).toEqual(before);
    fake.clearFailures('openai');
  });

  it('a refused Anthropic key (401) gives a failed run whose error says it needs an admin key', async () => {
    const wrong = { ...keys, anthropic: 'sk-ant-api03-this-is-a-normal-api-key-not-an-admin-key' };
    const result = await run(ANTHROPIC, keyEnv(wrong));
    expect(result.code).not.toBe(0);
    const failed = await lastRun(ANTHROPIC);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/\b401\b/);
    expect(failed.error).toMatch(/admin (api )?key/i);
    expect(fake.costRequests('anthropic').at(-1)?.status).toBe(401);
    expect(await totals()).toEqual(before);
  });

  it('a 401 from OpenAI is not retried and names the admin key it needs', async () => {
    const seen = fake.costRequests('openai').length;
    fake.failNext('openai', [{ status: 401 }]);
    const result = await run(OPENAI);
    expect(result.code).not.toBe(0);
    expect(
      fake
        .costRequests('openai')
        .slice(seen)
        .map((c) => c.status),
    ).toEqual([401]);
    expect((await lastRun(OPENAI)).error).toMatch(/refused the key \(401\).*admin key/);
    expect(await totals()).toEqual(before);
  });
});

// Acceptance (SPEC §5, §10; issue 9): the built-in cost fetchers read two-page answers from OpenAI's Costs
// API and Anthropic's cost_report (a real fake server speaking their wire shapes), follow the cursor, turn
// cents into dollars and attribute spend per project; what nobody claims is shown as unattributed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostSummary } from '../../src-main/common/costs';
import { cliJson, listRuns, runCli, type CliResult } from '../helpers/cli';
import { adminKeys, keyEnv, loadSampleData, writeCostsHome } from '../helpers/cost-data';
import { startCore } from '../helpers/core';
import { withDatabase } from '../helpers/db';
import { startFakeProviders, type FakeProviders } from '../helpers/fake-providers';
import { createSandbox, type Sandbox } from '../helpers/fixtures';

/** `agent-os costs --json` (SPEC §10). */
interface CostsJson {
  total_usd: number;
  rows: Array<{ key: string; usd: number }>;
  unattributed_usd: number;
}

const keys = adminKeys();
let box: Sandbox;
let fake: FakeProviders;
const fetches: CliResult[] = [];

const byKey = (rows: ReadonlyArray<{ key: string; usd: number }>): Record<string, number> => Object.fromEntries(rows.map((r) => [r.key, r.usd]));

beforeAll(async () => {
  box = createSandbox();
  fake = await startFakeProviders(keys);
  loadSampleData(fake);
  writeCostsHome(box.root, box.home, fake);
  for (const task of ['agent-os/openai-costs', 'agent-os/anthropic-costs'])
    fetches.push(await runCli(['run', task, '--wait'], { home: box.home, env: keyEnv(keys) }));
}, 60_000);

afterAll(async () => {
  await fake.close();
  box.cleanup();
});

describe('provider costs over two pages', () => {
  it('runs both fetch tasks of the built-in agent-os project successfully', async () => {
    expect(fetches.map((f) => f.code)).toEqual([0, 0]);
    const runs = await listRuns(box.home);
    expect(runs.map((r) => [r.task, r.status, r.trigger]).reverse()).toEqual([
      ['agent-os/openai-costs', 'success', 'manual'],
      ['agent-os/anthropic-costs', 'success', 'manual'],
    ]);
  });

  it('asks OpenAI for daily costs grouped by project and line item, then follows next_page to the second page', () => {
    const calls = fake.costRequests('openai');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.headers.authorization).toBe(`Bearer ${keys.openai}`);
      expect(call.url.searchParams.get('bucket_width')).toBe('1d');
      expect(call.url.searchParams.getAll('group_by[]').sort()).toEqual(['line_item', 'project_id']);
      expect(call.status).toBe(200);
    }
    expect(calls[0]?.url.searchParams.has('page')).toBe(false);
    expect(calls[1]?.url.searchParams.get('page')).toMatch(/^page_/);
  });

  it('asks Anthropic for a daily cost_report grouped by workspace and description, then follows next_page', () => {
    const calls = fake.costRequests('anthropic');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.headers['x-api-key']).toBe(keys.anthropic);
      expect(call.headers['anthropic-version']).toBe('2023-06-01');
      expect(call.headers.authorization).toBeUndefined();
      expect(call.url.searchParams.getAll('group_by[]').sort()).toEqual(['description', 'workspace_id']);
      expect(Number(call.url.searchParams.get('limit'))).toBeLessThanOrEqual(31);
    }
    expect(calls[0]?.url.searchParams.has('page')).toBe(false);
    expect(calls[1]?.url.searchParams.get('page')).toMatch(/^page_/);
  });

  it('`costs --json` gives exactly the per-project totals of both providers, cents converted, unclaimed spend as unattributed', async () => {
    const costs = await cliJson<CostsJson>(['costs', '--json'], { home: box.home });
    const rows = byKey(costs.rows);
    expect(Object.keys(rows).sort()).toEqual(['cortana', 'trading', 'unattributed']);
    // cortana: OpenAI 5.25 + Anthropic 450.5 cents; trading: 0.75 + 401 cents; unattributed: 0.90 + 36 cents.
    expect(rows.cortana).toBeCloseTo(9.755, 9);
    expect(rows.trading).toBeCloseTo(4.76, 9);
    expect(rows.unattributed).toBeCloseTo(1.26, 9);
    expect(costs.unattributed_usd).toBeCloseTo(1.26, 9);
    expect(costs.total_usd).toBeCloseTo(15.775, 9);
  });

  it('`costs --json --by provider` splits the same spend into OpenAI 6.90 and Anthropic 8.875 USD', async () => {
    const costs = await cliJson<CostsJson>(['costs', '--json', '--by', 'provider'], { home: box.home });
    const rows = byKey(costs.rows);
    expect(Object.keys(rows).sort()).toEqual(['anthropic', 'openai']);
    expect(rows.openai).toBeCloseTo(6.9, 9);
    expect(rows.anthropic).toBeCloseTo(8.875, 9);
    expect(costs.unattributed_usd).toBeCloseTo(1.26, 9);
  });

  it('costs.summary by project shows the same totals, all of it as provider data', async () => {
    const core = await startCore(box.home, {});
    let summary: CostSummary;
    try {
      summary = core.handlers['costs.summary']({ by: 'project', since_days: 30 });
    } finally {
      await core.stop();
    }
    expect(summary.rows.map((r) => [r.key, r.usd, r.provider_usd, r.reported_usd].map((v) => (typeof v === 'number' ? Number(v.toFixed(9)) : v)))).toEqual([
      ['cortana', 9.755, 9.755, 0],
      ['trading', 4.76, 4.76, 0],
      ['unattributed', 1.26, 1.26, 0],
    ]);
    expect(summary.unattributed_usd).toBeCloseTo(1.26, 9);
    expect(summary.total_usd).toBeCloseTo(15.775, 9);
  });

  it("keeps Anthropic's default workspace (workspace_id null) and unmapped projects as unattributed rows, never dropped", () => {
    const rows = withDatabase(
      box.home,
      (db) =>
        db
          .prepare(
            'SELECT source, provider_project IS NULL AS no_project, ROUND(SUM(usd), 9) AS usd FROM costs WHERE project IS NULL GROUP BY 1, 2 ORDER BY 1, 2',
          )
          .all() as Array<{ source: string; no_project: number; usd: number }>,
    );
    expect(rows).toEqual([
      { source: 'anthropic', no_project: 0, usd: 0.20956 },
      { source: 'anthropic', no_project: 1, usd: 0.15044 },
      { source: 'openai', no_project: 0, usd: 0.8 },
      { source: 'openai', no_project: 1, usd: 0.1 },
    ]);
  });

  it('keeps the model of each line: gpt-4o-2024-08-06 and claude-sonnet-4-20250514 totals by model', async () => {
    const costs = await cliJson<CostsJson>(['costs', '--json', '--by', 'model'], { home: box.home });
    const rows = byKey(costs.rows);
    expect(rows['gpt-4o-2024-08-06']).toBeCloseTo(6.1, 9);
    expect(rows['claude-sonnet-4-20250514']).toBeCloseTo(4.71456, 9);
    expect(rows['claude-opus-4-20250514']).toBeCloseTo(4, 9);
  });
});

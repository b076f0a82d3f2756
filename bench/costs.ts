// Costs: ingest one year of daily provider cost lines for 50 projects × 20 models (365,000 lines) through
// the real ingestion path (store.outputs.saveRunOutputs, what a cost-fetch run stores), then time the
// costs view's queries: costs.summary for 90 days by project, and costs.overview (today, month, forecast,
// budgets, 30-day chart, top models). Prints the query plan of the breakdown so a miss can be explained.
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src-main/core';
import type { RunOutputs } from '../src-main/core/db/outputs-repo';
import { openStore } from '../src-main/core/db/store';
import { describeStats, makeHome, ms, sample, stats, type BenchRow, type ProjectSpec } from './lib';

const PROJECTS = 50;
const MODELS = 20;
const DAYS = 365;
const SAMPLES = 20;
const TARGET_MS = 20;

const OPENAI_MODELS = ['gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18', 'o3-mini-2025-01-31', 'gpt-4.1-2025-04-14', 'o1-2024-12-17'];
const ANTHROPIC_MODELS = [
  'claude-sonnet-4-20250514',
  'claude-opus-4-20250514',
  'claude-3-5-haiku-20241022',
  'claude-3-7-sonnet-20250219',
  'claude-opus-4-1-20250805',
];
const KINDS = ['input', 'output'];

const projectName = (p: number): string => `proj-${String(p).padStart(2, '0')}`;

function projectSpecs(): ProjectSpec[] {
  return Array.from({ length: PROJECTS }, (_, p) => {
    const name = projectName(p);
    // Half the projects have budgets, so costs.overview computes budget status for them.
    const budget = p % 2 === 0 ? `budget: { daily_usd: 5, monthly_usd: 100 }\n` : '';
    return { name, manifest: `name: ${name}\n${budget}tasks:\n  hello:\n    command: ["/bin/true"]\n` };
  });
}

/** The 20 provider line items of one project: 10 OpenAI ("model, input|output") and 10 Anthropic descriptions. */
function lineItems(): Array<{ provider: 'openai' | 'anthropic'; model: string; line_item: string }> {
  const openai = OPENAI_MODELS.flatMap((model) => KINDS.map((k) => ({ provider: 'openai' as const, model, line_item: `${model}, ${k}` })));
  const anthropic = ANTHROPIC_MODELS.flatMap((model) =>
    KINDS.map((k) => ({ provider: 'anthropic' as const, model, line_item: `${model} Usage - ${k === 'input' ? 'Input' : 'Output'} Tokens` })),
  );
  return [...openai, ...anthropic].slice(0, MODELS);
}

/** One provider's fetch for one day: what the built-in executor hands to saveRunOutputs. */
function dayOutputs(day: string, dayIndex: number, provider: 'openai' | 'anthropic'): RunOutputs {
  const items = lineItems().filter((i) => i.provider === provider);
  const costs: RunOutputs['costs'] = [];
  for (let p = 0; p < PROJECTS; p++) {
    for (const [m, item] of items.entries()) {
      costs.push({
        usd: Math.round((((p + 1) * (m + 3) * ((dayIndex % 17) + 1)) % 997) * 1000) / 100_000,
        provider,
        model: item.model,
        day,
        line: costs.length,
        source: provider,
        provider_project: provider === 'openai' ? `proj_${p}Xq9${p}` : `wrkspc_01${p}Zz${p}`,
        line_item: item.line_item,
        project: projectName(p),
      });
    }
  }
  return { results: [], metrics: [{ name: 'cost_lines', value: costs.length }], costs };
}

const dayOf = (offset: number): string => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Ingests a year of daily lines (one saveRunOutputs per provider per day, as 730 daily fetch runs would
 * store them), then re-ingests the last 7 days as an hourly fetch does (every line an upsert of a known key).
 */
export function seedCosts(dbFile: string): { lines: number; ingestMs: number; relines: number; reingestMs: number } {
  const store = openStore(dbFile);
  try {
    let lines = 0;
    const t0 = performance.now();
    for (let d = DAYS - 1; d >= 0; d--) {
      for (const [i, provider] of (['openai', 'anthropic'] as const).entries()) {
        const outputs = dayOutputs(dayOf(d), d, provider);
        store.outputs.saveRunOutputs({ id: (DAYS - d) * 2 + i, task: `agent-os/${provider}-costs`, project: 'agent-os' }, outputs, new Date().toISOString());
        lines += outputs.costs.length;
      }
    }
    const ingestMs = performance.now() - t0;
    const t1 = performance.now();
    let relines = 0;
    for (let d = 6; d >= 0; d--) {
      for (const [i, provider] of (['openai', 'anthropic'] as const).entries()) {
        const outputs = dayOutputs(dayOf(d), d, provider);
        store.outputs.saveRunOutputs({ id: 10_000 + d * 2 + i, task: `agent-os/${provider}-costs`, project: 'agent-os' }, outputs, new Date().toISOString());
        relines += outputs.costs.length;
      }
    }
    return { lines, ingestMs, relines, reingestMs: performance.now() - t1 };
  } finally {
    store.close();
  }
}

/** The costs view's breakdown query as costs-repo.ts runs it (kept in step by hand, for EXPLAIN only). */
const BREAKDOWN_SQL = `
  WITH b AS (
    SELECT project, provider, model, line_item, day, usd,
           CASE WHEN source IN ('openai', 'anthropic') THEN 1 ELSE 0 END AS is_provider
    FROM costs WHERE day >= @since AND day <= @until
  ),
  g AS (
    SELECT COALESCE(project, '') AS p, COALESCE(provider, '') AS pv, day, MAX(is_provider) AS has_provider
    FROM b GROUP BY 1, 2, 3
  )
  SELECT COALESCE(b.project, 'unattributed') AS key,
         SUM(CASE WHEN g.has_provider = b.is_provider THEN b.usd ELSE 0 END) AS usd
  FROM b JOIN g ON g.p = COALESCE(b.project, '') AND g.pv = COALESCE(b.provider, '') AND g.day = b.day
  GROUP BY 1 ORDER BY usd DESC, key`;

/**
 * The same answer (provider figure per project/provider/day where there is one, else the report) in one
 * pass: aggregate to (project, provider, day) first, then choose per group. No self-join.
 */
const PER_GROUP_SQL = `
  WITH g AS (
    SELECT project, provider, day,
           SUM(CASE WHEN source IN ('openai', 'anthropic') THEN usd ELSE 0 END) AS pu,
           SUM(CASE WHEN source IN ('openai', 'anthropic') THEN 0 ELSE usd END) AS ru,
           MAX(source IN ('openai', 'anthropic')) AS hp
    FROM costs WHERE day >= @since AND day <= @until GROUP BY project, provider, day
  )
  SELECT COALESCE(project, 'unattributed') AS key, SUM(CASE WHEN hp THEN pu ELSE ru END) AS usd, SUM(pu) AS provider_usd, SUM(ru) AS reported_usd
  FROM g GROUP BY 1 ORDER BY usd DESC, key`;

/** A daily rollup per (project, provider, day), as saveRunOutputs could keep it, and the query on it. */
const ROLLUP_DDL = `
  CREATE TABLE costs_daily_whatif AS
    SELECT project, provider, day,
           SUM(CASE WHEN source IN ('openai', 'anthropic') THEN usd ELSE 0 END) AS provider_usd,
           SUM(CASE WHEN source IN ('openai', 'anthropic') THEN 0 ELSE usd END) AS reported_usd,
           MAX(source IN ('openai', 'anthropic')) AS has_provider
    FROM costs GROUP BY project, provider, day;
  CREATE INDEX costs_daily_whatif_day ON costs_daily_whatif (day);`;
const ROLLUP_SQL = `
  SELECT COALESCE(project, 'unattributed') AS key, SUM(CASE WHEN has_provider THEN provider_usd ELSE reported_usd END) AS usd,
         SUM(provider_usd) AS provider_usd, SUM(reported_usd) AS reported_usd
  FROM costs_daily_whatif WHERE day >= @since AND day <= @until GROUP BY 1 ORDER BY usd DESC, key`;

/** Times one statement SAMPLES times (after a warm-up) on an open connection. */
function timeSql(db: Database.Database, sql: string, params: Record<string, string>): ReturnType<typeof stats> {
  const statement = db.prepare(sql);
  statement.all(params);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    statement.all(params);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** The candidate fixes, measured on the same (throw-away) database after the product's own figures. */
function candidateFixes(dbFile: string, params: Record<string, string>): Array<[string, ReturnType<typeof stats>]> {
  const db = new Database(dbFile);
  try {
    const out: Array<[string, ReturnType<typeof stats>]> = [];
    out.push(['per-group query, current indexes', timeSql(db, PER_GROUP_SQL, params)]);
    db.exec('CREATE INDEX IF NOT EXISTS costs_bench_cover ON costs (day, project, provider, source, usd); ANALYZE;');
    out.push(['per-group query + covering index', timeSql(db, PER_GROUP_SQL, params)]);
    db.exec(ROLLUP_DDL);
    out.push(['daily rollup table (project, provider, day)', timeSql(db, ROLLUP_SQL, params)]);
    return out;
  } finally {
    db.close();
  }
}

/** The benchmark. */
export async function costsBench(): Promise<BenchRow[]> {
  const { home, remove } = makeHome('costs', projectSpecs());
  try {
    const first = createCore({ home, hostEnv: {} });
    await first.start();
    const dbFile = first.paths.db;
    await first.stop();

    const { lines, ingestMs, relines, reingestMs } = seedCosts(dbFile);
    const params = { since: dayOf(89), until: dayOf(0) };
    const stored = new Database(dbFile, { readonly: true });
    const count = (stored.prepare('SELECT COUNT(*) AS n FROM costs').get() as { n: number }).n;
    const plan = (stored.prepare(`EXPLAIN QUERY PLAN ${BREAKDOWN_SQL}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
    const inWindow = (stored.prepare('SELECT COUNT(*) AS n FROM costs WHERE day >= @since AND day <= @until').get(params) as { n: number }).n;
    const fileMb = (stored.prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()').get() as { b: number }).b / 2 ** 20;
    stored.close();
    if (count !== PROJECTS * MODELS * DAYS) throw new Error(`expected ${PROJECTS * MODELS * DAYS} cost rows, found ${count}`);
    const rate = lines / (ingestMs / 1000);
    const rerate = relines / (reingestMs / 1000);
    console.log(`  ingested ${lines.toLocaleString('en')} cost lines in ${ms(ingestMs)} (${Math.round(rate).toLocaleString('en')} rows/s, 730 transactions)`);
    console.log(
      `  re-ingested the last 7 days (${relines.toLocaleString('en')} upserts) in ${ms(reingestMs)} (${Math.round(rerate).toLocaleString('en')} rows/s)`,
    );
    console.log(`  database: ${count.toLocaleString('en')} cost rows, ${fileMb.toFixed(1)} MB; ${inWindow.toLocaleString('en')} rows in the 90-day window`);
    console.log(`  EXPLAIN QUERY PLAN of costs-repo breakdown (90 days):\n${plan.map((l) => `    ${l}`).join('\n')}`);

    const core = createCore({ home, hostEnv: {} });
    await core.start();
    let summaryStats;
    let overviewStats;
    try {
      const check = core.handlers['costs.summary']({ by: 'project', since_days: 90 });
      if (check.rows.length !== PROJECTS) throw new Error(`costs.summary listed ${check.rows.length} projects, expected ${PROJECTS}`);
      summaryStats = stats(await sample(SAMPLES, () => core.handlers['costs.summary']({ by: 'project', since_days: 90 })));
      core.handlers['costs.overview']();
      overviewStats = stats(await sample(SAMPLES, () => core.handlers['costs.overview']()));
    } finally {
      await core.stop();
    }
    console.log(describeStats('costs.summary 90d by project', summaryStats));
    console.log(describeStats('costs.overview', overviewStats));
    const fixes = candidateFixes(dbFile, params);
    console.log('  candidate fixes, same data, 90 days by project (SQL in bench/costs.ts):');
    for (const [label, s] of fixes) console.log(describeStats(label, s));

    const row = (name: string, value: number, target: number | null): BenchRow => ({ name, value, unit: 'ms', baseline: null, ratio: null, target });
    return [
      row(`costs ingest: ${lines.toLocaleString('en')} lines (${Math.round(rate).toLocaleString('en')} rows/s)`, ingestMs, null),
      row(`costs re-ingest 7 days: ${relines.toLocaleString('en')} upserts (${Math.round(rerate).toLocaleString('en')} rows/s)`, reingestMs, null),
      row('costs.summary 90d by project, 365k rows (median)', summaryStats.p50, TARGET_MS),
      row('costs.summary 90d by project, 365k rows (p95)', summaryStats.p95, TARGET_MS),
      row('costs.overview, 365k rows (median)', overviewStats.p50, TARGET_MS),
      row('costs.overview, 365k rows (p95)', overviewStats.p95, TARGET_MS),
      ...fixes.map(([label, s]) => row(`  what-if: ${label} (median)`, s.p50, null)),
    ];
  } finally {
    remove();
  }
}

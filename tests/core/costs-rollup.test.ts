import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/core/db/store';

let dir = '';
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

const run = { id: 1, task: 'agent-os/openai-costs', project: 'agent-os' };
const line = (usd: number, day: string, providerProject: string, project: string | null, i: number) => ({
  usd,
  provider: 'openai',
  model: 'gpt-4o',
  day,
  line: i,
  source: 'openai',
  provider_project: providerProject,
  line_item: `gpt-4o, input ${i}`,
  project,
});

/** The rollup as it should be, computed from the cost lines themselves. */
function recomputed(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT COALESCE(project, '') AS project, COALESCE(provider, '') AS provider, day,
                ROUND(SUM(CASE WHEN source IN ('openai','anthropic') THEN usd ELSE 0 END), 6) AS provider_usd,
                ROUND(SUM(CASE WHEN source IN ('openai','anthropic') THEN 0 ELSE usd END), 6) AS reported_usd
         FROM costs GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`,
      )
      .all();
  } finally {
    db.close();
  }
}

function rollup(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT project, provider, day, ROUND(provider_usd, 6) AS provider_usd, ROUND(reported_usd, 6) AS reported_usd FROM costs_daily WHERE provider_rows > 0 OR reported_usd != 0 ORDER BY 3, 1, 2',
      )
      .all();
  } finally {
    db.close();
  }
}

describe('the daily cost rollup', () => {
  it('stays equal to the cost lines through inserts, re-fetches that change amounts or attribution, and reported spend', () => {
    dir = mkdtempSync(join(tmpdir(), 'agent-os-rollup-'));
    const file = join(dir, 'agent-os.db');
    store = openStore(file);
    const now = '2026-11-21T10:00:00.000Z';
    store.outputs.saveRunOutputs(
      run,
      { results: [], metrics: [], costs: [line(1.5, '2026-11-20', 'proj_a', 'cortana', 0), line(0.25, '2026-11-20', 'proj_b', null, 1)] },
      now,
    );
    expect(rollup(file)).toEqual(recomputed(file));
    // The provider revised an amount and the user mapped proj_b to a project since: the same natural keys.
    store.outputs.saveRunOutputs(
      { ...run, id: 2 },
      { results: [], metrics: [], costs: [line(1.75, '2026-11-20', 'proj_a', 'cortana', 0), line(0.25, '2026-11-20', 'proj_b', 'trading', 1)] },
      now,
    );
    expect(rollup(file)).toEqual(recomputed(file));
    // A project's own report for the same day sits beside the provider figure.
    store.outputs.saveRunOutputs(
      { id: 3, task: 'cortana/job', project: 'cortana' },
      { results: [], metrics: [], costs: [{ usd: 0.4, provider: 'openai', model: 'gpt-4o', day: '2026-11-20', line: 1 }] },
      now,
    );
    expect(rollup(file)).toEqual(recomputed(file));
    expect(store.costs.breakdown('project', '2026-11-01', '2026-11-30')).toEqual([
      { key: 'cortana', usd: 1.75, provider_usd: 1.75, reported_usd: 0.4 },
      { key: 'trading', usd: 0.25, provider_usd: 0.25, reported_usd: 0 },
    ]);
  });
});

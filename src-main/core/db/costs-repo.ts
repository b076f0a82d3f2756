import type { Db } from './open-database';

/** What a cost breakdown groups by. */
export type CostDimension = 'project' | 'provider' | 'model' | 'day';

/** One group of a breakdown: the figure used (provider data when there is any, else reported), and both sides. */
export interface CostGroup {
  key: string;
  usd: number;
  provider_usd: number;
  reported_usd: number;
}

const KEY_SQL = { model: "COALESCE(b.model, COALESCE(b.line_item, 'unknown'))" } as const;

/**
 * Cost queries. Provider-sourced spend (admin APIs) and project-reported spend (runs, costs.command) are
 * never summed blindly: for each project, provider and day the provider's figure is used when it has one,
 * else the project's own report; both stay visible side by side.
 */
export function costsRepo(db: Db) {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  // Each (project, provider, day) group decides once whether it has provider data. The groups come from
  // costs_daily, which triggers keep exact on every insert, upsert and delete of a cost line.
  const groups = `
    SELECT NULLIF(project, '') AS project, NULLIF(provider, '') AS provider, day, provider_usd, reported_usd,
           CASE WHEN provider_rows > 0 THEN 1 ELSE 0 END AS has_provider
    FROM costs_daily WHERE day >= @since AND day <= @until
      AND (provider_rows > 0 OR ABS(reported_usd) > 1e-9)`; // groups emptied by re-attribution say nothing
  const groupKey: Record<Exclude<CostDimension, 'model'>, string> = {
    project: "COALESCE(project, 'unattributed')",
    provider: "COALESCE(provider, 'other')",
    day: 'day',
  };
  return {
    /** A breakdown between two days (inclusive, YYYY-MM-DD). */
    breakdown(by: CostDimension, since: string, until: string): CostGroup[] {
      if (by === 'model') {
        // Models live below the group: a window tells each row whether its group has provider data.
        const sql = `
          SELECT ${KEY_SQL.model} AS key,
                 SUM(CASE WHEN b.has_provider = b.is_provider THEN b.usd ELSE 0 END) AS usd,
                 SUM(CASE WHEN b.is_provider = 1 THEN b.usd ELSE 0 END) AS provider_usd,
                 SUM(CASE WHEN b.is_provider = 0 THEN b.usd ELSE 0 END) AS reported_usd
          FROM (
            SELECT model, line_item, usd, CASE WHEN source IN ('openai', 'anthropic') THEN 1 ELSE 0 END AS is_provider,
                   MAX(CASE WHEN source IN ('openai', 'anthropic') THEN 1 ELSE 0 END) OVER (PARTITION BY project, provider, day) AS has_provider
            FROM costs WHERE day >= @since AND day <= @until
          ) b GROUP BY 1 ORDER BY usd DESC, key`;
        return prepared(sql).all({ since, until }) as CostGroup[];
      }
      const sql = `
        SELECT ${groupKey[by]} AS key,
               SUM(CASE WHEN has_provider = 1 THEN provider_usd ELSE reported_usd END) AS usd,
               SUM(provider_usd) AS provider_usd,
               SUM(reported_usd) AS reported_usd
        FROM (${groups}) GROUP BY 1 ORDER BY usd DESC, key`;
      return prepared(sql).all({ since, until }) as CostGroup[];
    },
    /** Daily figures per project (or provider/model) for charts. */
    daily(by: Exclude<CostDimension, 'day'>, since: string, until: string): Array<{ day: string; key: string; usd: number }> {
      if (by === 'model') {
        const rows: Array<{ day: string; key: string; usd: number }> = [];
        for (const day of this.breakdown('day', since, until))
          rows.push(...this.breakdown('model', day.key, day.key).map((m) => ({ day: day.key, key: m.key, usd: m.usd })));
        return rows.filter((r) => r.usd > 0);
      }
      const sql = `
        SELECT day, ${groupKey[by]} AS key, SUM(CASE WHEN has_provider = 1 THEN provider_usd ELSE reported_usd END) AS usd
        FROM (${groups}) GROUP BY 1, 2 HAVING usd > 0 ORDER BY 1, 2`;
      return prepared(sql).all({ since, until }) as Array<{ day: string; key: string; usd: number }>;
    },
    /** Spend of every project (null: overall) between two days, by the same rule. */
    spendByProject(since: string, until: string): Map<string | null, number> {
      const out = new Map<string | null, number>();
      for (const row of this.breakdown('project', since, until)) out.set(row.key === 'unattributed' ? null : row.key, row.usd);
      return out;
    },
  };
}

/** The costs repository's type. */
export type CostsRepo = ReturnType<typeof costsRepo>;

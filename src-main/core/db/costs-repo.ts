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

const KEY_SQL: Record<CostDimension, string> = {
  project: "COALESCE(b.project, 'unattributed')",
  provider: "COALESCE(b.provider, 'other')",
  model: "COALESCE(b.model, COALESCE(b.line_item, 'unknown'))",
  day: 'b.day',
};

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
  const withBest = `
    WITH b AS (
      SELECT project, provider, model, line_item, day, usd,
             CASE WHEN source IN ('openai', 'anthropic') THEN 1 ELSE 0 END AS is_provider
      FROM costs WHERE day >= @since AND day <= @until
    ),
    g AS (
      SELECT COALESCE(project, '') AS p, COALESCE(provider, '') AS pv, day, MAX(is_provider) AS has_provider
      FROM b GROUP BY 1, 2, 3
    )`;
  const bestJoin = `JOIN g ON g.p = COALESCE(b.project, '') AND g.pv = COALESCE(b.provider, '') AND g.day = b.day`;

  return {
    /** A breakdown between two days (inclusive, YYYY-MM-DD). */
    breakdown(by: CostDimension, since: string, until: string): CostGroup[] {
      const sql = `${withBest}
        SELECT ${KEY_SQL[by]} AS key,
               SUM(CASE WHEN g.has_provider = b.is_provider THEN b.usd ELSE 0 END) AS usd,
               SUM(CASE WHEN b.is_provider = 1 THEN b.usd ELSE 0 END) AS provider_usd,
               SUM(CASE WHEN b.is_provider = 0 THEN b.usd ELSE 0 END) AS reported_usd
        FROM b ${bestJoin} GROUP BY 1 ORDER BY usd DESC, key`;
      return prepared(sql).all({ since, until }) as CostGroup[];
    },
    /** Daily figures per project (or provider/model) for charts. */
    daily(by: Exclude<CostDimension, 'day'>, since: string, until: string): Array<{ day: string; key: string; usd: number }> {
      const sql = `${withBest}
        SELECT b.day AS day, ${KEY_SQL[by]} AS key, SUM(CASE WHEN g.has_provider = b.is_provider THEN b.usd ELSE 0 END) AS usd
        FROM b ${bestJoin} GROUP BY 1, 2 HAVING usd > 0 ORDER BY 1, 2`;
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

import type { CostOverview, CostSummary, ProjectSpend } from '../../common/costs';
import type { CostDimension } from '../db/costs-repo';
import type { Store } from '../db/store';

/** Budgets as configured: overall in config.yml, per project in each manifest's `budget:`. */
export interface Budgets {
  overall: { daily_usd?: number; monthly_usd?: number };
  projects: Map<string, { daily_usd?: number; monthly_usd?: number }>;
}

/** The budgets as set now: config.yml's overall ones and each loaded manifest's `budget:`. */
export function budgetsOf(overall: Budgets['overall'], projects: ReadonlyArray<{ name: string; manifest: { budget?: Budgets['overall'] } | null }>): Budgets {
  return { overall, projects: new Map(projects.flatMap((p) => (p.manifest?.budget ? [[p.name, p.manifest.budget] as const] : []))) };
}

/** Local calendar day of a date, YYYY-MM-DD. */
export function localDay(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** The `costs` summary: a breakdown over the last `sinceDays` days. */
export function costSummary(store: Store, by: CostDimension, sinceDays: number, now: Date): CostSummary {
  const until = localDay(now);
  const since = localDay(new Date(now.getTime() - (sinceDays - 1) * 86_400_000));
  const rows = store.costs
    .breakdown(by, since, until)
    .map((r) => ({ key: r.key, usd: round(r.usd), provider_usd: round(r.provider_usd), reported_usd: round(r.reported_usd) }));
  // By project the unattributed row is already there; other breakdowns need the project one for it.
  const byProject = by === 'project' ? rows : store.costs.breakdown('project', since, until);
  const unattributed = byProject.find((r) => r.key === 'unattributed')?.usd ?? 0;
  return { total_usd: round(rows.reduce((a, r) => a + r.usd, 0)), rows, unattributed_usd: round(unattributed), by, since, until };
}

/** Today, month to date, forecast and budgets per project and overall, plus the chart series. */
export function costOverview(store: Store, budgets: Budgets, now: Date): CostOverview {
  const today = localDay(now);
  const monthStart = `${today.slice(0, 8)}01`;
  const dayOfMonth = Number(today.slice(8, 10));
  const daysInMonth = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
  const todayBy = store.costs.spendByProject(today, today);
  const monthBy = store.costs.spendByProject(monthStart, today);
  const spend = (project: string | null, todayUsd: number, monthUsd: number, budget?: { daily_usd?: number; monthly_usd?: number }): ProjectSpend => ({
    project,
    today_usd: round(todayUsd),
    month_usd: round(monthUsd),
    forecast_usd: round((monthUsd / dayOfMonth) * daysInMonth),
    daily_budget: budget?.daily_usd ? { limit_usd: budget.daily_usd, spent_usd: round(todayUsd), ratio: todayUsd / budget.daily_usd } : null,
    monthly_budget: budget?.monthly_usd ? { limit_usd: budget.monthly_usd, spent_usd: round(monthUsd), ratio: monthUsd / budget.monthly_usd } : null,
  });
  const names = new Set<string>([...monthBy.keys(), ...budgets.projects.keys()].filter((k): k is string => k !== null));
  const projects = [...names].sort().map((name) => spend(name, todayBy.get(name) ?? 0, monthBy.get(name) ?? 0, budgets.projects.get(name)));
  const sum = (m: Map<string | null, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const since30 = localDay(new Date(now.getTime() - 29 * 86_400_000));
  const byProvider = store.costs.breakdown('provider', since30, today);
  return {
    today,
    projects,
    overall: spend(null, sum(todayBy), sum(monthBy), budgets.overall),
    daily: store.costs.daily('project', since30, today).map((d) => ({ ...d, usd: round(d.usd) })),
    top_models: store.costs
      .breakdown('model', since30, today)
      .slice(0, 8)
      .map((m) => ({ key: m.key, usd: round(m.usd) })),
    by_provider: byProvider,
    unattributed_usd: round(monthBy.get(null) ?? 0),
    has_data: byProvider.length > 0,
  };
}

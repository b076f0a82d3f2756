import type { CostOverview, ProjectSpend } from '../../common/costs';
import { paint, table } from './format';

/** One budget and where this month is heading against it (`costs --json` field `budgets`). */
export interface BudgetForecast {
  /** The project the budget is set in (its manifest's `budget:`), or null for config.yml `budgets:`. */
  project: string | null;
  period: 'monthly' | 'daily';
  limit_usd: number;
  /** Spent this month (monthly) or today (daily). */
  spent_usd: number;
  /** Monthly budgets: the month-end forecast from this month's run rate; null for daily ones. */
  forecast_usd: number | null;
  /** True when the forecast (monthly) or today's spend (daily) goes past the limit. */
  over: boolean;
}

/** The month-end forecast overall and against every budget, as `costs` prints it. */
export interface CostForecast {
  /** Today, YYYY-MM-DD (local). */
  today: string;
  month_usd: number;
  forecast_usd: number;
  budgets: BudgetForecast[];
}

/** Where the month is heading against each budget set overall and per project. */
export function costForecast(overview: CostOverview): CostForecast {
  const budgets = [overview.overall, ...overview.projects].flatMap((s: ProjectSpend): BudgetForecast[] => [
    ...(s.monthly_budget
      ? [
          {
            project: s.project,
            period: 'monthly' as const,
            limit_usd: s.monthly_budget.limit_usd,
            spent_usd: s.month_usd,
            forecast_usd: s.forecast_usd,
            over: s.forecast_usd > s.monthly_budget.limit_usd,
          },
        ]
      : []),
    ...(s.daily_budget
      ? [
          {
            project: s.project,
            period: 'daily' as const,
            limit_usd: s.daily_budget.limit_usd,
            spent_usd: s.today_usd,
            forecast_usd: null,
            over: s.today_usd > s.daily_budget.limit_usd,
          },
        ]
      : []),
  ]);
  return { today: overview.today, month_usd: overview.overall.month_usd, forecast_usd: overview.overall.forecast_usd, budgets };
}

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** The forecast block under the costs table: the month overall, then one row per budget. */
export function renderForecast(f: CostForecast): string {
  const head = `${paint('bold', `Month-end forecast ${usd(f.forecast_usd)}`)} (${usd(f.month_usd)} spent this month to ${f.today})`;
  if (f.budgets.length === 0) return `${head}; no budget is set (budget: in a project's agent-os.yml, budgets: in config.yml).\n`;
  const rows = [
    ['BUDGET', 'LIMIT', 'SPENT', 'FORECAST', ''].map((h) => paint('gray', h)),
    ...f.budgets.map((b) => [
      `${b.project ?? 'all projects'}, ${b.period}`,
      usd(b.limit_usd),
      `${usd(b.spent_usd)} ${b.period === 'daily' ? 'today' : 'this month'}`,
      b.forecast_usd === null ? '—' : usd(b.forecast_usd),
      verdict(b),
    ]),
  ];
  return `${head}\n${table(rows)}\n`;
}

function verdict(b: BudgetForecast): string {
  if (b.period === 'daily') return b.over ? paint(['red', 'bold'], `over by ${usd(b.spent_usd - b.limit_usd)} today`) : paint('green', 'within');
  const forecast = b.forecast_usd ?? b.spent_usd;
  return b.over
    ? paint(['red', 'bold'], `heading ${usd(forecast - b.limit_usd)} over`)
    : paint('green', `on track (${Math.round((forecast / b.limit_usd) * 100)}%)`);
}

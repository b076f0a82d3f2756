/** Cost types shared by the core, the CLI and the dashboard. Money is USD as a number. */

/** `agent-os costs --json` (SPEC §10), plus both sides of each figure. */
export interface CostSummary {
  total_usd: number;
  rows: Array<{ key: string; usd: number; provider_usd: number; reported_usd: number }>;
  /** Provider spend no Agent OS project claims (e.g. Anthropic's default workspace). */
  unattributed_usd: number;
  by: 'project' | 'provider' | 'model' | 'day';
  since: string;
  until: string;
}

/** A budget and where spending stands against it. */
export interface BudgetStatus {
  limit_usd: number;
  spent_usd: number;
  /** spent / limit. */
  ratio: number;
}

/** One project's (or the overall) spend for the costs view. */
export interface ProjectSpend {
  /** Project name, or null for the overall line. */
  project: string | null;
  today_usd: number;
  month_usd: number;
  /** Month-end forecast from this month's run rate. */
  forecast_usd: number;
  daily_budget: BudgetStatus | null;
  monthly_budget: BudgetStatus | null;
}

/** Everything the costs view shows, in one answer. */
export interface CostOverview {
  today: string;
  projects: ProjectSpend[];
  overall: ProjectSpend;
  /** Last 30 days, per project, for the stacked chart. */
  daily: Array<{ day: string; key: string; usd: number }>;
  top_models: Array<{ key: string; usd: number }>;
  by_provider: Array<{ key: string; usd: number; provider_usd: number; reported_usd: number }>;
  unattributed_usd: number;
  /** True once any cost data exists. */
  has_data: boolean;
}

import type { AlertEngine } from '../alerts/alert-engine';
import type { Store } from '../db/store';
import { costOverview, type Budgets } from './cost-report';

const THRESHOLDS = [0.8, 1] as const;

/**
 * Budget alerts (SPEC §5): for each daily and monthly budget, per project and overall, one open alert per
 * period: at 80 %, replaced by the 100 % one when spend reaches it (the 80 % alert then ends quietly). The
 * period and threshold are part of the alert's subject, so the partial unique index on open alerts makes
 * each fire once per period however often costs are re-ingested.
 */
export function checkBudgets(store: Store, alerts: AlertEngine, budgets: Budgets, now: Date): void {
  const overview = costOverview(store, budgets, now);
  const month = overview.today.slice(0, 7);
  for (const spend of [...overview.projects, overview.overall]) {
    const who = spend.project ?? 'overall';
    for (const [period, status, label] of [
      [overview.today, spend.daily_budget, 'daily'],
      [month, spend.monthly_budget, 'monthly'],
    ] as const) {
      if (!status) continue;
      const reached = THRESHOLDS.filter((t) => status.ratio >= t);
      const top = reached[reached.length - 1];
      if (top === undefined) continue;
      const subject = (threshold: number): string => `budget:${who}:${label}:${period}:${Math.round(threshold * 100)}`;
      const pct = Math.round(top * 100);
      alerts.open({
        kind: 'budget',
        subject: subject(top),
        title: `${who === 'overall' ? 'Overall spend' : who} reached ${pct} % of its ${label} budget`,
        detail: `${status.spent_usd.toFixed(2)} of ${status.limit_usd.toFixed(2)} USD (${label}, ${period})${label === 'monthly' ? `; month-end forecast ${spend.forecast_usd.toFixed(2)} USD` : ''}`,
        run_id: null,
      });
      for (const lower of THRESHOLDS) if (lower < top) alerts.supersede(subject(lower), 'budget');
    }
  }
}

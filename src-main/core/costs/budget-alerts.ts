import type { AlertEngine } from '../alerts/alert-engine';
import type { Store } from '../db/store';
import { costOverview, type Budgets } from './cost-report';

const THRESHOLDS = [0.8, 1] as const;

/**
 * Budget alerts (SPEC §5): one at 80 % and one at 100 % per period, for each daily and monthly budget,
 * per project and overall. The period is part of the alert's subject, so the partial unique index on
 * open alerts makes each fire once per period however often costs are re-ingested.
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
      for (const threshold of THRESHOLDS) {
        if (status.ratio < threshold) continue;
        const pct = Math.round(threshold * 100);
        alerts.open({
          kind: 'budget',
          subject: `budget:${who}:${label}:${period}:${pct}`,
          title: `${who === 'overall' ? 'Overall spend' : who} reached ${pct} % of its ${label} budget`,
          detail: `${status.spent_usd.toFixed(2)} of ${status.limit_usd.toFixed(2)} USD (${label}, ${period})${label === 'monthly' ? `; month-end forecast ${spend.forecast_usd.toFixed(2)} USD` : ''}`,
          run_id: null,
        });
      }
    }
  }
}

import { useEffect, useState } from 'react';
import type { BudgetStatus, CostOverview, ProjectSpend } from '../../src-main/common/costs';
import { useClient, useEventListener } from '../app-context';
import { DailyChart } from '../components/daily-chart';

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** Spend today and this month against budgets, the last 30 days by project, top models, unattributed. */
export function CostsView() {
  const client = useClient();
  const listen = useEventListener();
  const [overview, setOverview] = useState<CostOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = (): void =>
      void client
        .call('costs.overview', {})
        .then((o) => {
          setOverview(o);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    load();
    // New cost lines arrive with finished runs (fetchers, reporting tasks).
    return listen((event) => {
      if (event.name === 'run.finished') load();
    });
  }, [client, listen]);
  if (error)
    return (
      <p className="banner error" role="alert">
        {error}
      </p>
    );
  if (!overview) return <p className="empty">Loading…</p>;
  if (!overview.has_data) {
    return (
      <div className="empty">
        <h2>No spend recorded yet</h2>
        <p>
          Set AGENT_OS_OPENAI_ADMIN_KEY or AGENT_OS_ANTHROPIC_ADMIN_KEY (or add keys in the desktop app) for provider data, or have tasks write{' '}
          {'{"type":"cost",…}'} lines to $AGENT_OS_OUTPUT.
        </p>
      </div>
    );
  }
  return (
    <div className="costs-view">
      <section className="spend-cards" aria-label="Spend">
        <SpendCard label="Today" value={overview.overall.today_usd} budget={overview.overall.daily_budget} />
        <SpendCard label="This month" value={overview.overall.month_usd} budget={overview.overall.monthly_budget} />
        <SpendCard label="Month-end forecast" value={overview.overall.forecast_usd} budget={null} />
      </section>
      {overview.unattributed_usd > 0 ? (
        <p className="banner warn">
          {usd(overview.unattributed_usd)} this month is unattributed: map provider projects or workspaces to Agent OS projects under `costs:` in config.yml.
        </p>
      ) : null}
      <section aria-label="Last 30 days">
        <h2>Last 30 days</h2>
        <DailyChart points={overview.daily} today={overview.today} />
      </section>
      <section aria-label="By project">
        <h2>By project</h2>
        <table className="cost-table">
          <thead>
            <tr>
              <th>Project</th>
              <th>Today</th>
              <th>Month</th>
              <th>Budget</th>
            </tr>
          </thead>
          <tbody>
            {overview.projects.map((p) => (
              <ProjectRow key={p.project ?? 'overall'} spend={p} />
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="By provider">
        <h2>By provider (30 days)</h2>
        <table className="cost-table">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Spend</th>
              <th title="From the provider's admin API">Provider data</th>
              <th title="Reported by the projects themselves">Reported</th>
            </tr>
          </thead>
          <tbody>
            {overview.by_provider.map((p) => (
              <tr key={p.key}>
                <td>{p.key}</td>
                <td>{usd(p.usd)}</td>
                <td>{usd(p.provider_usd)}</td>
                <td>{usd(p.reported_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="Top models">
        <h2>Top models (30 days)</h2>
        <ul className="compact-list">
          {overview.top_models.map((m) => (
            <li key={m.key}>
              <span>{m.key}</span>
              <span>{usd(m.usd)}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function SpendCard({ label, value, budget }: { label: string; value: number; budget: BudgetStatus | null }) {
  return (
    <div className={`spend-card${budget && budget.ratio >= 1 ? ' over' : budget && budget.ratio >= 0.8 ? ' near' : ''}`}>
      <span className="muted">{label}</span>
      <strong>{usd(value)}</strong>
      {budget ? <BudgetBar budget={budget} /> : null}
    </div>
  );
}

function ProjectRow({ spend }: { spend: ProjectSpend }) {
  const budget = spend.monthly_budget ?? spend.daily_budget;
  return (
    <tr>
      <td>{spend.project === null ? 'unattributed' : spend.project}</td>
      <td>{usd(spend.today_usd)}</td>
      <td>{usd(spend.month_usd)}</td>
      <td>{budget ? <BudgetBar budget={budget} /> : <span className="muted">—</span>}</td>
    </tr>
  );
}

function BudgetBar({ budget }: { budget: BudgetStatus }) {
  const pct = Math.round(budget.ratio * 100);
  return (
    <span className="budget" title={`${usd(budget.spent_usd)} of ${usd(budget.limit_usd)}`}>
      <span className="budget-track">
        <span className={`budget-fill${pct >= 100 ? ' over' : pct >= 80 ? ' near' : ''}`} style={{ width: `${Math.min(pct, 100)}%` }} />
      </span>
      <span className="muted">
        {pct} % of {usd(budget.limit_usd)}
      </span>
    </span>
  );
}

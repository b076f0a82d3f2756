import type { Digest, DigestFailure, DigestSpend } from '../../common/alerts';
import type { StatusReport, UpcomingRun } from '../../common/models';
import { localDay, type Budgets } from '../costs/cost-report';
import type { Store } from '../db/store';
import { digestText } from './digest-text';

/** What the digest reads: the store, plus the engine's own status, schedule and budgets. */
export interface DigestSources {
  store: Store;
  status: () => StatusReport;
  /** Every run due in [now, now + hours]. */
  upcoming: (now: Date, hours: number) => UpcomingRun[];
  budgets: () => Budgets;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Local midnight `days` days from the day of `date` (DST-safe: calendar arithmetic, not 24 h steps). */
function midnight(date: Date, days = 0): Date {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + days);
  return d;
}

/** The daily digest as of `now`: yesterday (local) in review, what still fails, spend, and the rest of today. */
export function buildDigest(src: DigestSources, now: Date): Digest {
  const { store } = src;
  const today = midnight(now);
  const from = midnight(now, -1).toISOString();
  const to = today.toISOString();
  const subjectOf = (id: number | null): string | null => (id === null ? null : (store.alerts.get(id)?.subject ?? null));
  const failures: DigestFailure[] = store.alerts
    .openedBetween(from, to)
    .filter((a) => a.subject.includes('/'))
    .map((a) => ({
      task: a.subject,
      kind: a.kind as DigestFailure['kind'],
      at: a.opened_at,
      detail: a.detail,
      run_id: a.run_id,
      folded_into: subjectOf(a.muted_by),
    }));
  const stillFailing = src
    .status()
    .projects.flatMap((p) => p.tasks)
    .flatMap((t) =>
      t.state === 'failing' || t.state === 'down'
        ? [
            {
              task: t.id,
              state: t.state,
              since: store.taskHealth.get(t.id)?.changed_at ?? null,
              error: store.runs.lastHealthOfTask(t.id)?.error ?? t.last_run?.error ?? null,
            },
          ]
        : [],
    );
  const endOfToday = midnight(now, 1);
  const byTask = new Map<string, { task: string; count: number; first: string }>();
  for (const run of src.upcoming(now, (endOfToday.getTime() - now.getTime()) / 3_600_000)) {
    if (run.paused || run.at >= endOfToday.toISOString()) continue;
    const entry = byTask.get(run.task) ?? { task: run.task, count: 0, first: run.at };
    entry.count += run.count ?? 1;
    byTask.set(run.task, entry);
  }
  const digest: Omit<Digest, 'text'> = {
    day: localDay(midnight(now, -1)),
    generated_at: now.toISOString(),
    failures,
    recoveries: store.taskHealth.recoveriesBetween(from, to),
    still_failing: stillFailing,
    missed: store.runs.missedBetween(from, to).map((r) => ({ task: r.task, at: r.scheduled_for ?? r.queued_at })),
    spend: spendLines(src, now),
    messages: store.messages.between(from, to).map((m) => ({ project: m.project, title: m.title, message: m.message, level: m.level, at: m.received_at })),
    upcoming: [...byTask.values()].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0)),
  };
  return { ...digest, text: digestText(digest) };
}

/** Spend yesterday and month to date against the daily and monthly budgets: overall, then each project. */
function spendLines(src: DigestSources, now: Date): DigestSpend[] {
  const yesterday = localDay(midnight(now, -1));
  const today = localDay(now);
  const byYesterday = src.store.costs.spendByProject(yesterday, yesterday);
  const byMonth = src.store.costs.spendByProject(`${today.slice(0, 8)}01`, today);
  const budgets = src.budgets();
  const sum = (m: Map<string | null, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const line = (project: string | null, y: number, m: number, budget?: { daily_usd?: number; monthly_usd?: number }): DigestSpend => ({
    project,
    yesterday_usd: round(y),
    month_usd: round(m),
    daily_budget_usd: budget?.daily_usd ?? null,
    monthly_budget_usd: budget?.monthly_usd ?? null,
  });
  const names = new Set([...byYesterday.keys(), ...byMonth.keys(), ...budgets.projects.keys()].filter((k): k is string => k !== null));
  return [
    line(null, sum(byYesterday), sum(byMonth), budgets.overall),
    ...[...names].sort().map((p) => line(p, byYesterday.get(p) ?? 0, byMonth.get(p) ?? 0, budgets.projects.get(p))),
  ];
}

import type { UpcomingRun } from '../../common/models';
import type { Store } from '../db/store';
import { heartbeatSpec, type HeartbeatSpec } from '../monitor/heartbeat-spec';
import type { ManifestTask } from '../projects/manifest-schema';
import type { ProjectRegistry } from '../projects/project-registry';
import type { ExternalJob } from '../external/external-job';
import { byCodeUnit } from '../code-unit-order';
import { taskKind } from '../projects/project-registry';
import { parseDuration } from '../duration';
import { cronFires, cronPace, periodicFires, type Fires } from './fire-count';

/** A task firing more often than this in a day is one entry for that day, with its exact count. */
export const FOLD_OVER = 4;
const MAX_PER_EXTERNAL_JOB = 200;

/** What one task fires in a window [lo, hi), at most `keep` times listed; and its pace in words when steady. */
type FiresIn = (lo: number, hi: number, keep: number) => Fires;

/** "minute", "5 minutes", "2 hours": a period in words, for a folded entry. */
function periodWords(ms: number): string | null {
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) if (ms % size === 0 && ms >= size) return ms === size ? name : `${ms / size} ${name}s`;
  return null;
}

function mergeFires(all: Fires[], keep: number): Fires {
  if (all.length === 1) return all[0]!;
  const last = all.reduce<number | null>((m, f) => (f.last !== null && (m === null || f.last > m) ? f.last : m), null);
  return {
    count: all.reduce((n, f) => n + f.count, 0),
    times: all
      .flatMap((f) => f.times)
      .sort((a, b) => a - b)
      .slice(0, keep),
    last,
  };
}

/** A heartbeat's expected pings after `from` (its deadline when it is a heartbeat task; else now). */
function heartbeatFires(hb: HeartbeatSpec, from: number): { fires: FiresIn; every: string | null } | null {
  const period = hb.period ? parseDuration(hb.period) : null;
  if (period) return { fires: (lo, hi, keep) => periodicFires(from, period, Math.max(lo, from), hi, keep), every: periodWords(period) };
  if (hb.schedules.length === 0) return null;
  const fires: FiresIn = (lo, hi, keep) =>
    mergeFires(
      hb.schedules.map((s) => cronFires(s.cron, s.timezone ?? hb.timezone, Math.max(lo, from + 1), hi, keep)),
      keep,
    );
  return { fires, every: hb.schedules.length === 1 ? cronPace(hb.schedules[0]!.cron) : null };
}

/** How one manifest task fires: its fire times in a window, its pace, and a heartbeat task's own deadline. */
export interface TaskPlan {
  fires: FiresIn;
  every: string | null;
  /** A scheduled heartbeat's next deadline, listed before its expected pings (null otherwise). */
  deadline: number | null;
}

/**
 * A task's plan from its manifest block: a command's schedule or interval, a heartbeat's expected pings after
 * its deadline `lateAt` (or now), a cloud cron on its own schedule. Null for a task nothing schedules.
 */
export function taskPlan(task: ManifestTask, lateAt: string | null, now: Date): TaskPlan | null {
  const hb = heartbeatSpec(task);
  if (hb) {
    let from = now.getTime();
    let deadline: number | null = null;
    if (taskKind(task) === 'heartbeat') {
      from = new Date(lateAt ?? now.toISOString()).getTime();
      if (!hb.period && from >= now.getTime()) deadline = from;
    }
    const plan = heartbeatFires(hb, from);
    return plan ? { ...plan, deadline } : null;
  }
  if (task.command !== undefined && task.schedule) {
    const { schedule, timezone } = task;
    return { fires: (l, h, keep) => cronFires(schedule, timezone, l, h, keep), every: cronPace(schedule), deadline: null };
  }
  const period = task.command !== undefined && task.every ? parseDuration(task.every) : null;
  return period ? { fires: (l, h, keep) => periodicFires(0, period, l, h, keep), every: periodWords(period), deadline: null } : null;
}

/** A task's entries day by day: each fire time, or one entry with the exact count on a busy day. */
function foldedByDay(plan: { fires: FiresIn; every: string | null }, days: Array<[number, number]>, base: Omit<UpcomingRun, 'at'>): UpcomingRun[] {
  const out: UpcomingRun[] = [];
  for (const [dayLo, dayHi] of days) {
    const fires = plan.fires(dayLo, dayHi, FOLD_OVER + 1);
    if (fires.count > FOLD_OVER && fires.last !== null) {
      out.push({ ...base, at: new Date(fires.times[0]!).toISOString(), count: fires.count, last_at: new Date(fires.last).toISOString(), every: plan.every });
    } else for (const t of fires.times) out.push({ ...base, at: new Date(t).toISOString() });
  }
  return out;
}

/** The engine's local midnights splitting [lo, hi): the days a folded entry counts over. */
function localDays(lo: number, hi: number): Array<[number, number]> {
  const days: Array<[number, number]> = [];
  for (let start = lo; start < hi;) {
    const next = new Date(start);
    next.setHours(24, 0, 0, 0);
    const end = Math.min(hi, Math.max(next.getTime(), start + 1));
    days.push([start, end]);
    start = end;
  }
  return days;
}

/**
 * Every fire time (and expected heartbeat ping) of every task in (now, now + hours], soonest first. Counted
 * from each schedule, never stepped through: a task firing more than FOLD_OVER times in a (local) day is one
 * entry for that day with its first time, exact `count`, `last_at` and pace (`every`), so the answer has at
 * most FOLD_OVER entries per task and day whatever the schedules and however many runs the database holds.
 */
export function upcomingRuns(store: Store, registry: ProjectRegistry, now: Date, hours: number, external: readonly ExternalJob[] = []): UpcomingRun[] {
  const lo = now.getTime() + 1;
  const until = now.getTime() + hours * 3_600_000;
  const days = localDays(lo, until + 1);
  const out: UpcomingRun[] = [];
  const paused = new Map(store.catalog.tasks().map((t) => [t.id, t.paused]));
  for (const project of registry.all()) {
    for (const [name, task] of Object.entries(project.manifest?.tasks ?? {})) {
      const id = `${project.name}/${name}`;
      const kind = taskKind(task);
      const isPaused = paused.get(id) ?? false;
      const plan = taskPlan(task, kind === 'heartbeat' ? (store.heartbeats.get(id)?.late_at ?? null) : null, now);
      if (plan?.deadline != null && plan.deadline <= until) out.push({ task: id, kind, at: new Date(plan.deadline).toISOString(), paused: isPaused });
      if (plan) out.push(...foldedByDay(plan, days, { task: id, kind, paused: isPaused }));
    }
  }
  // launchd and crontab jobs, claimed or unassigned: the schedule shows every source.
  for (const job of external) {
    const base = { task: job.taskId, kind: job.kind, paused: paused.get(job.taskId) ?? false };
    const spec = job.cronSpec;
    if (spec) {
      const plan = { fires: (l: number, h: number, keep: number) => cronFires(spec.expression, spec.timezone, l, h, keep), every: cronPace(spec.expression) };
      out.push(...foldedByDay(plan, days, base));
      continue;
    }
    for (const at of job.upcoming?.(now, MAX_PER_EXTERNAL_JOB, new Date(until)) ?? []) {
      if (at.getTime() > until) break;
      out.push({ ...base, at: at.toISOString() });
    }
  }
  return out.sort((a, b) => byCodeUnit(a.at, b.at));
}

import { checkedDuration, parseDuration } from '../duration';
import type { ManifestTask } from '../projects/manifest-schema';
import { nextFireAfter } from '../scheduler/next-fire';

/** When a heartbeat expects its pings. */
export interface HeartbeatSpec {
  /** Crons it is expected on (a cloud task may have several, each in its own zone); empty with a period. */
  schedules: Array<{ cron: string; timezone?: string }>;
  period?: string;
  timezone?: string;
  graceMs: number;
  /** The grace as written in the manifest (default 30m), for messages. */
  grace: string;
  /**
   * False for a cloud task whose runs Agent OS cannot see (no provider token) and that never pinged: it
   * has no deadlines, so nothing nobody wired up goes down; its first ping arms it.
   */
  armed: boolean;
  /** How long after /start its end may come; null: the schedule's grace. */
  startGraceMs: number | null;
  /** As written in the manifest: the least start-to-end time and the least time between end pings. */
  minDuration?: string;
  minInterval?: string;
}

/** The heartbeat spec of a manifest task, or null when it is not a heartbeat (or cloud) task. */
export function heartbeatSpec(task: ManifestTask): HeartbeatSpec | null {
  if (!task.heartbeat) return null;
  return {
    // A cloud cron is expected as its provider runs it (GitHub's 5-minute floor), not as written.
    schedules: task.cloud?.schedules.map((s) => ({ ...s, cron: s.runsAs ?? s.cron })) ?? (task.heartbeat.schedule ? [{ cron: task.heartbeat.schedule }] : []),
    period: task.heartbeat.period,
    timezone: task.timezone,
    graceMs: checkedDuration(task.heartbeat.grace),
    grace: task.heartbeat.grace,
    armed: task.cloud ? task.cloud.observed : true,
    startGraceMs: task.heartbeat.start_grace === undefined ? null : checkedDuration(task.heartbeat.start_grace),
    minDuration: task.min_duration,
    minInterval: task.min_interval,
  };
}

/** A stable text for the spec: a change recomputes the deadlines. */
export function heartbeatSignature(spec: HeartbeatSpec): string {
  return JSON.stringify([spec.schedules, spec.period ?? null, spec.timezone ?? null, spec.graceMs, spec.armed]);
}

/** When the next ping is expected after one at `after` (late from then; down after grace). */
export function expectedAfter(spec: HeartbeatSpec, after: Date): Date | null {
  if (spec.period) {
    const period = parseDuration(spec.period);
    return period ? new Date(after.getTime() + period) : null;
  }
  let soonest: Date | null = null;
  for (const { cron, timezone } of spec.schedules) {
    const at = nextFireAfter({ cron, timezone: timezone ?? spec.timezone }, after);
    if (at && (!soonest || at < soonest)) soonest = at;
  }
  return soonest;
}

/** late_at and down_at for a heartbeat whose last sign of life was at `after`. */
export function deadlines(spec: HeartbeatSpec, after: Date): { late_at: string | null; down_at: string | null } {
  const expected = expectedAfter(spec, after);
  if (!expected) return { late_at: null, down_at: null };
  return { late_at: expected.toISOString(), down_at: new Date(expected.getTime() + spec.graceMs).toISOString() };
}

/**
 * Why a heartbeat is down when its ping did not come: "no ping for 2m 10s, expected every 1m (grace 30s)";
 * `since` is its last ping (or when it was set up, for one that never pinged).
 */
export function silenceText(spec: HeartbeatSpec, since: Date | null, now: Date, formatMs: (ms: number) => string): string {
  const expected = spec.period ? `every ${spec.period}` : `on ${spec.schedules.map((s) => `"${s.cron}"`).join(', ')}`;
  const quiet = since ? `no ping for ${formatMs(now.getTime() - since.getTime())}` : 'no ping yet';
  return `${quiet}, expected ${expected} (grace ${spec.grace})`;
}

import { parseDuration } from '../duration';
import type { ManifestTask } from '../projects/manifest-schema';
import { nextFireAfter } from '../scheduler/next-fire';

/** When a heartbeat expects its pings. */
export interface HeartbeatSpec {
  schedule?: string;
  period?: string;
  timezone?: string;
  graceMs: number;
  /** How long after /start its end may come; null: the schedule's grace. */
  startGraceMs: number | null;
  /** As written in the manifest: the least start-to-end time and the least time between end pings. */
  minDuration?: string;
  minInterval?: string;
}

/** The heartbeat spec of a manifest task, or null when it is not a heartbeat task. */
export function heartbeatSpec(task: ManifestTask): HeartbeatSpec | null {
  if (!task.heartbeat) return null;
  return {
    schedule: task.heartbeat.schedule,
    period: task.heartbeat.period,
    timezone: task.timezone,
    graceMs: parseDuration(task.heartbeat.grace) ?? 30 * 60_000,
    startGraceMs: task.heartbeat.start_grace === undefined ? null : parseDuration(task.heartbeat.start_grace),
    minDuration: task.min_duration,
    minInterval: task.min_interval,
  };
}

/** A stable text for the spec: a change recomputes the deadlines. */
export function heartbeatSignature(spec: HeartbeatSpec): string {
  return JSON.stringify([spec.schedule ?? null, spec.period ?? null, spec.timezone ?? null, spec.graceMs]);
}

/** When the next ping is expected after one at `after` (late from then; down after grace). */
export function expectedAfter(spec: HeartbeatSpec, after: Date): Date | null {
  if (spec.period) {
    const period = parseDuration(spec.period);
    return period ? new Date(after.getTime() + period) : null;
  }
  return spec.schedule ? nextFireAfter({ cron: spec.schedule, timezone: spec.timezone }, after) : null;
}

/** late_at and down_at for a heartbeat whose last sign of life was at `after`. */
export function deadlines(spec: HeartbeatSpec, after: Date): { late_at: string | null; down_at: string | null } {
  const expected = expectedAfter(spec, after);
  if (!expected) return { late_at: null, down_at: null };
  return { late_at: expected.toISOString(), down_at: new Date(expected.getTime() + spec.graceMs).toISOString() };
}

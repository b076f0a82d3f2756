import type { ExternalJob } from '../external/external-job';
import type { ManifestTask } from '../projects/manifest-schema';
import { taskPlan } from './upcoming';

/** How far ahead a task's next times are looked for (a yearly cron still shows). */
const HORIZON_MS = 366 * 86_400_000;

/**
 * The next `count` times one task fires (or, for a heartbeat, is expected to ping) after `now`, from the same
 * plan the schedule view uses. `lateAt` is a heartbeat's current deadline.
 */
export function nextTimesOfTask(task: ManifestTask | undefined, job: ExternalJob | undefined, now: Date, count: number, lateAt: string | null): Date[] {
  if (job) return job.upcoming?.(now, count, new Date(now.getTime() + HORIZON_MS)) ?? [];
  const plan = task ? taskPlan(task, lateAt, now) : null;
  if (!plan) return [];
  const lo = now.getTime() + 1;
  const times = [...(plan.deadline !== null ? [plan.deadline] : []), ...plan.fires(lo, lo + HORIZON_MS, count).times];
  return times.slice(0, count).map((t) => new Date(t));
}

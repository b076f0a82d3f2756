import type { ExternalJob } from '../external/external-job';
import { expectedAfter, heartbeatSpec } from '../monitor/heartbeat-spec';
import type { ManifestTask } from '../projects/manifest-schema';
import { taskKind } from '../projects/project-registry';
import { fireTimesAfter } from './next-fire';

/**
 * The next `count` times one task fires (or, for a heartbeat, is expected to ping) after `now`: from its
 * schedule, not by stepping through time. `lateAt` is a heartbeat's current deadline.
 */
export function nextTimesOfTask(task: ManifestTask | undefined, job: ExternalJob | undefined, now: Date, count: number, lateAt: string | null): Date[] {
  const out: Date[] = [];
  if (job) return job.upcoming?.(now, count, new Date(now.getTime() + 366 * 86_400_000)) ?? [];
  if (!task) return out;
  const hb = heartbeatSpec(task);
  if (hb) {
    let from = now;
    if (taskKind(task) === 'heartbeat' && lateAt && Date.parse(lateAt) >= now.getTime()) {
      from = new Date(lateAt);
      out.push(from);
    }
    for (let at = expectedAfter(hb, from); at && out.length < count; at = expectedAfter(hb, at)) out.push(at);
    return out;
  }
  if (task.command === undefined || !(task.schedule || task.every)) return out;
  for (const at of fireTimesAfter({ cron: task.schedule, every: task.every, timezone: task.timezone }, now)) {
    out.push(at);
    if (out.length >= count) break;
  }
  return out;
}

import type { UpcomingRun } from '../../common/models';
import type { Store } from '../db/store';
import { heartbeatSpec, expectedAfter, type HeartbeatSpec } from '../monitor/heartbeat-spec';
import type { ProjectRegistry } from '../projects/project-registry';
import { fireTimesAfter } from './next-fire';
import type { ExternalJob } from '../external/external-job';
import { byCodeUnit } from '../code-unit-order';
import { taskKind } from '../projects/project-registry';

const MAX_PER_TASK = 200;
const MAX_TOTAL = 5000;

/** A heartbeat's expected pings after `from`, one after another. */
function* expectedTimes(hb: HeartbeatSpec, from: Date): Generator<Date> {
  for (let at = expectedAfter(hb, from); at; at = expectedAfter(hb, at)) yield at;
}

/** Every fire time (and expected heartbeat ping) of every task in [now, now + hours], soonest first. */
export function upcomingRuns(store: Store, registry: ProjectRegistry, now: Date, hours: number, external: readonly ExternalJob[] = []): UpcomingRun[] {
  const until = now.getTime() + hours * 3_600_000;
  const out: UpcomingRun[] = [];
  const paused = new Map(store.catalog.tasks().map((t) => [t.id, t.paused]));
  for (const project of registry.all()) {
    for (const [name, task] of Object.entries(project.manifest?.tasks ?? {})) {
      const id = `${project.name}/${name}`;
      const hb = heartbeatSpec(task);
      const kind = taskKind(task);
      const isPaused = paused.get(id) ?? false;
      let times: Iterable<Date>;
      if (hb) {
        // A heartbeat is next expected at its deadline, then at each expected ping after it; a cloud cron
        // fires on its own schedule.
        let from = now;
        if (kind === 'heartbeat') {
          from = new Date(store.heartbeats.get(id)?.late_at ?? now.toISOString());
          if (from.getTime() >= now.getTime()) out.push({ task: id, kind, at: from.toISOString(), paused: isPaused });
        }
        times = expectedTimes(hb, from);
      } else if (task.command !== undefined && (task.schedule || task.every)) {
        times = fireTimesAfter({ cron: task.schedule, every: task.every, timezone: task.timezone }, now);
      } else continue;
      let count = 0;
      for (const at of times) {
        if (at.getTime() > until || ++count > MAX_PER_TASK) break;
        if (at.getTime() >= now.getTime()) out.push({ task: id, kind, at: at.toISOString(), paused: isPaused });
      }
    }
  }
  // launchd and crontab jobs, claimed or unassigned: the schedule shows every source.
  for (const job of external) {
    for (const at of job.upcoming?.(now, MAX_PER_TASK, new Date(until)) ?? []) {
      if (at.getTime() > until) break;
      out.push({ task: job.taskId, kind: job.kind, at: at.toISOString(), paused: paused.get(job.taskId) ?? false });
    }
  }
  return out.sort((a, b) => byCodeUnit(a.at, b.at)).slice(0, MAX_TOTAL);
}

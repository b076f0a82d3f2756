import type { UpcomingRun } from '../../common/models';
import type { Store } from '../db/store';
import { heartbeatSpec, expectedAfter } from '../monitor/heartbeat-spec';
import type { ProjectRegistry } from '../projects/project-registry';
import { nextFireAfter } from './next-fire';
import type { ExternalJob } from '../external/external-job';
import { byCodeUnit } from '../code-unit-order';
import { taskKind } from '../projects/project-registry';

const MAX_PER_TASK = 200;
const MAX_TOTAL = 5000;

/** Every fire time (and expected heartbeat ping) of every task in [now, now + hours], soonest first. */
export function upcomingRuns(store: Store, registry: ProjectRegistry, now: Date, hours: number, external: readonly ExternalJob[] = []): UpcomingRun[] {
  const until = now.getTime() + hours * 3_600_000;
  const out: UpcomingRun[] = [];
  const paused = new Map(store.catalog.tasks().map((t) => [t.id, t.paused]));
  for (const project of registry.all()) {
    for (const [name, task] of Object.entries(project.manifest?.tasks ?? {})) {
      const id = `${project.name}/${name}`;
      const hb = heartbeatSpec(task);
      const next = hb
        ? (after: Date) => expectedAfter(hb, after)
        : task.command !== undefined && (task.schedule || task.every)
          ? (after: Date) => nextFireAfter({ cron: task.schedule, every: task.every, timezone: task.timezone }, after)
          : null;
      if (!next) continue;
      // A heartbeat is next expected at its deadline; a cloud cron fires on its own schedule.
      const kind = taskKind(task);
      let cursor = kind === 'heartbeat' ? new Date(store.heartbeats.get(id)?.late_at ?? now.toISOString()) : now;
      if (kind === 'heartbeat' && cursor.getTime() >= now.getTime()) out.push({ task: id, kind, at: cursor.toISOString(), paused: paused.get(id) ?? false });
      for (let i = 0; i < MAX_PER_TASK; i++) {
        const at = next(cursor);
        if (!at || at.getTime() > until) break;
        if (at.getTime() >= now.getTime()) out.push({ task: id, kind, at: at.toISOString(), paused: paused.get(id) ?? false });
        cursor = at;
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

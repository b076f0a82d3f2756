import type { ConfigError, ProjectStatus, Run, StatusReport, TaskStatus } from '../../common/models';
import type { Store } from '../db/store';
import type { ProjectRegistry } from '../projects/project-registry';
import { nextFireAfter } from '../scheduler/next-fire';
import { commandTaskState } from '../task-state';

const HEALTH_STATUSES = new Set(['success', 'failed', 'timeout', 'interrupted', 'missed']);

/** The `status --json` document: every project with its tasks' state, last run and next run. */
export function buildStatus(store: Store, registry: ProjectRegistry, configErrors: ConfigError[], pausedAll: boolean, now: Date): StatusReport {
  const tasksById = new Map(store.catalog.tasks().map((t) => [t.id, t]));
  const projects: ProjectStatus[] = registry.list().map((project) => ({
    name: project.name,
    path: project.path,
    state: project.state,
    errors: project.errors,
    tasks: project.tasks.map((id): TaskStatus => {
      const row = tasksById.get(id);
      const last = store.runs.lastOfTask(id);
      const active = last && isActive(last) ? store.runs.activeOfTask(id) : [];
      const lastFinished = last && HEALTH_STATUSES.has(last.status) ? last : active.length > 0 || last ? lastHealthRun(store, id) : null;
      return {
        id,
        kind: row?.kind ?? 'command',
        // An invalid manifest keeps its last good tasks, not scheduled until it is fixed: shown as paused.
        state: commandTaskState((row?.paused ?? false) || pausedAll || project.state === 'invalid', active, lastFinished),
        paused: row?.paused ?? false,
        schedule: row?.schedule ?? null,
        last_run: last,
        next_run: project.state === 'invalid' ? null : (row?.next_run_at ?? computeNextRun(registry, id, now)),
      };
    }),
  }));
  return { projects, config_errors: configErrors, paused_all: pausedAll };
}

function isActive(run: Run): boolean {
  return run.status === 'queued' || run.status === 'waiting' || run.status === 'running';
}

function lastHealthRun(store: Store, taskId: string): Run | null {
  return store.runs.list({ task: taskId, limit: 50 }).find((r) => HEALTH_STATUSES.has(r.status)) ?? null;
}

/** Next fire time from the manifest, for tasks the engine has not scheduled yet (no serve running). */
function computeNextRun(registry: ProjectRegistry, taskId: string, now: Date): string | null {
  const [projectName = '', taskName = ''] = taskId.split('/');
  const task = registry.get(projectName)?.manifest?.tasks[taskName];
  if (!task || task.command === undefined) return null;
  return nextFireAfter({ cron: task.schedule, every: task.every, timezone: task.timezone }, now)?.toISOString() ?? null;
}

import type { ConfigError, ProjectStatus, Run, StatusReport, TaskStatus } from '../../common/models';
import type { Store } from '../db/store';
import type { ProjectRegistry } from '../projects/project-registry';
import { commandTaskState } from '../task-state';

const HEALTH_STATUSES = new Set(['success', 'failed', 'timeout', 'interrupted', 'missed']);

/** The `status --json` document: every project with its tasks' state, last run and next run. */
export function buildStatus(store: Store, registry: ProjectRegistry, configErrors: ConfigError[]): StatusReport {
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
        state: commandTaskState(row?.paused ?? false, active, lastFinished),
        paused: row?.paused ?? false,
        schedule: row?.schedule ?? null,
        last_run: last,
        next_run: row?.next_run_at ?? null,
      };
    }),
  }));
  return { projects, config_errors: configErrors };
}

function isActive(run: Run): boolean {
  return run.status === 'queued' || run.status === 'waiting' || run.status === 'running';
}

function lastHealthRun(store: Store, taskId: string): Run | null {
  return store.runs.list({ task: taskId, limit: 50 }).find((r) => HEALTH_STATUSES.has(r.status)) ?? null;
}

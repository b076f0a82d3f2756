import type { Run, TaskDetail, TaskRunStats, TaskStatus } from '../../common/models';
import type { Store } from '../db/store';
import type { ExternalSource } from '../external/external-source';
import type { ProjectRegistry } from '../projects/project-registry';
import { nextTimesOfTask } from '../scheduler/task-times';

const RUNS = 50;
const NEXT = 5;
/** Runs that ended by themselves: what success rate and durations are about (not skipped, missed or cancelled). */
const ENDED = new Set<Run['status']>(['success', 'failed', 'timeout', 'interrupted']);

/** Success rate, average and p95 duration over the runs given. */
export function runStats(runs: readonly Run[]): TaskRunStats {
  const ended = runs.filter((r) => ENDED.has(r.status));
  const durations = ended
    .map((r) => r.duration_ms)
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b);
  const avg = durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null;
  // Nearest-rank p95: the smallest duration at least 95 % of the runs did not exceed.
  const p95 = durations.length ? (durations[Math.ceil(0.95 * durations.length) - 1] ?? null) : null;
  return {
    ended: ended.length,
    success_rate: ended.length ? ended.filter((r) => r.status === 'success').length / ended.length : null,
    avg_ms: avg,
    p95_ms: p95,
  };
}

/** A command as a person would type it: arguments with spaces or quotes are quoted. */
function commandText(command: string | readonly string[]): string {
  if (typeof command === 'string') return command;
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** One task's page: its status, what runs, the last runs with their figures, and its next fire times. */
export function taskDetail(
  deps: { store: Store; registry: ProjectRegistry; external: ExternalSource; now: Date },
  status: TaskStatus,
  project: string,
): TaskDetail {
  const { store, registry, external, now } = deps;
  const task = registry.get(project)?.manifest?.tasks[status.id.slice(project.length + 1)];
  const job = external.job(status.id);
  const command = job
    ? (job.command ?? job.label ?? job.title)
    : task?.cloud
      ? `${status.cloud?.title ?? ''} (${task.cloud.file})`.trim()
      : task?.command !== undefined
        ? commandText(task.command)
        : null;
  const runs = store.runs.list({ task: status.id, limit: RUNS });
  const paused = status.paused || status.state === 'paused';
  const next = paused ? [] : nextTimesOfTask(task, job, now, NEXT, store.heartbeats.get(status.id)?.late_at ?? null);
  return { task: status, project, command, next_runs: next.map((d) => d.toISOString()), runs, stats: runStats(runs) };
}

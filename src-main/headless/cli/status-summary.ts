import type { ProjectHealth, ProjectStatus, StatusReport, TaskState, TaskStatus } from '../../common/models';

/** Task states that need the user: something broke, or a heartbeat is overdue. */
const ATTENTION_STATES: ReadonlySet<TaskState> = new Set(['failing', 'down', 'late']);
/** The order of the summary line: what needs attention first, then the rest. */
const STATE_ORDER: readonly TaskState[] = ['failing', 'down', 'late', 'unknown', 'running', 'paused', 'never', 'ok'];

/** A project's own report (`status.command`) that needs the user: degraded, down, or unreadable. */
export function healthNeedsAttention(health: ProjectHealth | null | undefined): boolean {
  return health !== null && health !== undefined && health.state !== 'ok';
}

/** Whether a task is one `status --failing` lists. */
export function taskNeedsAttention(task: TaskStatus): boolean {
  return ATTENTION_STATES.has(task.state);
}

/** Whether `status --failing` lists the project (invalid, its status command reporting trouble, or with a task that needs attention). */
export function projectNeedsAttention(p: ProjectStatus): boolean {
  return p.state === 'invalid' || healthNeedsAttention(p.health) || p.tasks.some(taskNeedsAttention);
}

/** The project with only what needs attention: its tasks that do (an invalid project keeps its errors). */
export function attentionOnly(p: ProjectStatus): ProjectStatus {
  return { ...p, tasks: p.tasks.filter(taskNeedsAttention) };
}

/** Every project the report shows: this engine's and those of the remote engines. */
function allProjects(report: StatusReport): ProjectStatus[] {
  return [...report.projects, ...(report.remotes ?? []).flatMap((r) => r.projects)];
}

/** Whether anything in the report needs attention: what `--exit-code` turns into exit status 1. */
export function reportNeedsAttention(report: StatusReport): boolean {
  return report.config_errors.length > 0 || allProjects(report).some(projectNeedsAttention) || (report.remotes ?? []).some((r) => r.state === 'unreachable');
}

/** "4 failing · 1 down · 1 invalid · 495 ok": counts of tasks by state, then project and config problems. */
export function summaryLine(report: StatusReport): string {
  const projects = allProjects(report);
  const counts = new Map<TaskState, number>();
  for (const task of projects.flatMap((p) => p.tasks)) counts.set(task.state, (counts.get(task.state) ?? 0) + 1);
  const parts: string[] = [];
  const add = (n: number, text: string): void => {
    if (n > 0) parts.push(`${n} ${text}`);
  };
  for (const state of STATE_ORDER.slice(0, 3)) add(counts.get(state) ?? 0, state);
  add(projects.filter((p) => p.state === 'invalid').length, 'invalid');
  // A project's own report (status.command), by what it said.
  for (const state of ['down', 'degraded', 'unknown'] as const)
    add(projects.filter((p) => p.health?.state === state).length, `project${state === 'unknown' ? ' status unknown' : ` ${state}`}`);
  add((report.remotes ?? []).filter((r) => r.state === 'unreachable').length, 'remote unreachable');
  add(report.config_errors.length, 'config.yml problem' + (report.config_errors.length === 1 ? '' : 's'));
  for (const state of STATE_ORDER.slice(3)) add(counts.get(state) ?? 0, state === 'never' ? 'never run' : state);
  return parts.length > 0 ? parts.join(' · ') : 'no tasks';
}

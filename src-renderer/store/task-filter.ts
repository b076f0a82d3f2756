import type { ProjectStatus, TaskState, TaskStatus } from '../../src-main/common/models';

/** The state chips of the Tasks view. */
export const CHIPS = ['failing', 'late', 'running', 'paused'] as const;
/** One chip. */
export type Chip = (typeof CHIPS)[number];

const OF_CHIP: Record<Chip, readonly TaskState[]> = { failing: ['failing', 'down'], late: ['late'], running: ['running'], paused: ['paused'] };

/** What the Tasks view filters by: words (project, task, command or schedule) and state chips (any of them). */
export interface TaskFilter {
  query: string;
  chips: readonly Chip[];
}

/** True when the task is in one of the chips' states (or no chip is on). */
export function inChips(task: TaskStatus, chips: readonly Chip[]): boolean {
  return chips.length === 0 || chips.some((c) => OF_CHIP[c].includes(task.state) || (c === 'paused' && task.paused));
}

/** Every word of the query is found in the task's id, project, schedule, command or cloud file. */
export function matchesQuery(task: TaskStatus, project: ProjectStatus, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [task.id, project.name, task.kind, task.schedule ?? '', task.command ?? '', task.linked ?? '', task.cloud?.file ?? '', task.cloud?.title ?? '']
    .join(' ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** A project's tasks that pass the filter. */
export function filterTasks(project: ProjectStatus, filter: TaskFilter): TaskStatus[] {
  return project.tasks.filter((t) => inChips(t, filter.chips) && matchesQuery(t, project, filter.query));
}

/** How many tasks are in each chip's state, for the chip labels. */
export function chipCounts(projects: readonly ProjectStatus[]): Record<Chip, number> {
  const out: Record<Chip, number> = { failing: 0, late: 0, running: 0, paused: 0 };
  for (const t of projects.flatMap((p) => p.tasks)) for (const c of CHIPS) if (inChips(t, [c])) out[c] += 1;
  return out;
}

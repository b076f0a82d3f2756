import type { ProjectStatus, Run, TaskStatus } from '../../common/models';

/** A run as MCP replies show it: the `runs --json` fields (SPEC §10) and how long it took. */
export type RunView = Pick<
  Run,
  'id' | 'task' | 'status' | 'trigger' | 'attempt' | 'started_at' | 'finished_at' | 'duration_ms' | 'exit_code' | 'signal' | 'error'
>;

/** A task as MCP replies show it. */
export interface TaskView {
  id: string;
  kind: TaskStatus['kind'];
  state: TaskStatus['state'];
  paused: boolean;
  schedule: string | null;
  next_run: string | null;
  last_run: RunView | null;
  note?: string;
}

export function runView(run: Run): RunView {
  return {
    id: run.id,
    task: run.task,
    status: run.status,
    trigger: run.trigger,
    attempt: run.attempt,
    started_at: run.started_at,
    finished_at: run.finished_at,
    duration_ms: run.duration_ms,
    exit_code: run.exit_code,
    signal: run.signal,
    error: run.error,
  };
}

/**
 * A task without what may carry a secret: the ping URL holds the heartbeat's ping key (SPEC §9: the key is
 * the secret) and `linked` is a whole crontab line, which may hold tokens no project env file names.
 */
export function taskView(task: TaskStatus): TaskView {
  return {
    id: task.id,
    kind: task.kind,
    state: task.state,
    paused: task.paused,
    schedule: task.schedule,
    next_run: task.next_run,
    last_run: task.last_run ? runView(task.last_run) : null,
    ...(task.note ? { note: task.note } : {}),
  };
}

/** A project's block of `status`, with its tasks as views. */
export function projectView(project: ProjectStatus) {
  return {
    name: project.name,
    path: project.path,
    state: project.state,
    errors: project.errors,
    health: project.health ?? null,
    tasks: project.tasks.map(taskView),
  };
}

const TAIL_LINES = 20;
const TAIL_CHARS = 2000;

/** The last lines of a log (already redacted when written), for error context. */
export function logTail(log: string): string {
  return log.trimEnd().split('\n').slice(-TAIL_LINES).join('\n').slice(-TAIL_CHARS);
}

/**
 * A log cut to its last `maxChars` characters, with the cut marked, so one reply stays a size a model can
 * read; the head is dropped because the end of a log says how the run ended.
 */
export function cappedLog(log: string, maxChars: number): { log: string; cut_chars: number } {
  if (log.length <= maxChars) return { log, cut_chars: 0 };
  const cut = log.length - maxChars;
  return { log: `[agent-os] … ${cut} earlier characters left out; ask run_log with a larger max_chars to see more\n${log.slice(cut)}`, cut_chars: cut };
}

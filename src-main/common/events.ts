import type { Alert } from './alerts';
import type { ProjectInfo, Run, TaskState } from './models';

/**
 * Events the core emits, name -> payload. Hosts forward them (SSE, IPC) unchanged.
 */
export interface CoreEvents {
  /** A run row was created or changed state (queued, waiting, running). */
  'run.started': { run: Run };
  /** A run reached a terminal state. */
  'run.finished': { run: Run };
  /** A task's derived state changed; `previous` is null the first time this engine looks at the task. */
  'task.state': { task: string; state: TaskState; previous: TaskState | null };
  /** A running run wrote to its log (batched, a few per second at most): fetch `runs.tail` to read it. */
  'run.output': { run_id: number; bytes: number };
  /** A project was added, changed, became invalid or was removed (`removed: true`). */
  'project.changed': { project: ProjectInfo; removed: boolean };
  /** An alert opened. */
  'alert.raised': { alert: Alert };
  /** An alert was acknowledged or resolved. */
  'alert.resolved': { alert: Alert };
  /** A remote engine's status or reachability changed: fetch `status.get` for its `remotes` entry. */
  'remote.changed': { engine: string };
  /** A remote engine raised or resolved an alert (a desktop host shows it natively, once). */
  'remote.alert': { engine: string; alert: Alert; event: 'opened' | 'resolved' };
}

/** Name of a core event. */
export type CoreEventName = keyof CoreEvents;

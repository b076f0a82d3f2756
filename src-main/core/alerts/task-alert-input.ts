import type { TaskStatus } from '../../common/models';
import type { Store } from '../db/store';

/** What the alert rules are told about a task's state: its state, the run that shows it, and why. */
export interface TaskAlertInput {
  state: TaskStatus['state'];
  runId: number | null;
  detail: string | null;
}

/**
 * What a task's current status tells the alert rules, or null when it is no news yet. A failed attempt
 * whose retry waits is no news: the last attempt decides, and its error is the one told (issue 25 §1). A
 * heartbeat down for want of a ping says how long it has been silent, not what its last good ping said.
 */
export function taskAlertInput(store: Store, task: TaskStatus): TaskAlertInput | null {
  if (task.retry) return null;
  const change = task.state === 'down' ? store.heartbeats.lastChange(task.id) : null;
  if (change?.to_state === 'down' && change.run_id === null) return { state: 'down', runId: null, detail: change.detail };
  const last = task.last_run?.status === 'queued' ? store.runs.lastHealthOfTask(task.id) : task.last_run;
  return { state: task.state, runId: last?.id ?? null, detail: last?.error ?? null };
}

import type { TaskState } from '../common/models';
import type { EventBus } from './event-bus';

/**
 * Emits `task.state` when a task's derived state really changes (not on every run event), and at the first
 * look at each task in this engine process (`previous: null`), so a page that loaded the status before that
 * look still hears the state: the core is the only place that derives it.
 */
export class TaskStateTracker {
  private readonly known = new Map<string, TaskState>();

  constructor(private readonly events: EventBus) {}

  /** Records a state computed elsewhere; emits when it differs from the last one seen. */
  record(taskId: string, state: TaskState): void {
    const previous = this.known.get(taskId);
    this.known.set(taskId, state);
    if (previous !== state) this.events.emit('task.state', { task: taskId, state, previous: previous ?? null });
  }
}

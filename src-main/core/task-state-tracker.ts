import type { TaskState } from '../common/models';
import type { EventBus } from './event-bus';

/**
 * Emits `task.state` when a task's derived state really changes (not on every run event): the cache of
 * last-seen states is per engine process and starts from the first look at each task.
 */
export class TaskStateTracker {
  private readonly known = new Map<string, TaskState>();

  constructor(
    private readonly events: EventBus,
    private readonly stateOf: (taskId: string) => TaskState | null,
  ) {}

  refresh(taskId: string): void {
    const state = this.stateOf(taskId);
    if (state !== null) this.record(taskId, state);
  }

  /** Records a state computed elsewhere; emits when it differs from the last one seen. */
  record(taskId: string, state: TaskState): void {
    const previous = this.known.get(taskId);
    this.known.set(taskId, state);
    if (previous !== undefined && previous !== state) this.events.emit('task.state', { task: taskId, state, previous });
  }
}

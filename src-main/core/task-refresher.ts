import type { Logger } from './app-log';
import type { AlertEngine } from './alerts/alert-engine';
import { taskAlertInput } from './alerts/task-alert-input';
import type { Store } from './db/store';
import type { EventBus } from './event-bus';
import { describeTask } from './handlers/status';
import type { ProjectRegistry } from './projects/project-registry';
import { TaskStateTracker } from './task-state-tracker';

/** What the refresher reads a task's state from. */
export interface TaskRefresherDeps {
  store: Store;
  registry: ProjectRegistry;
  events: EventBus;
  alerts: AlertEngine;
  log: Logger;
  now: () => Date;
  /** Whether the whole schedule is paused (the scheduler's). */
  pausedAll: () => boolean;
  /** Where hosts serve /ping (part of a heartbeat's description). */
  pingBase: () => string;
}

/**
 * After anything that may change a task's state: task.state events and the alert rules. Coalesced per task
 * to once per turn of the event loop, so a burst (pings, a run's started/finished pair) costs one look.
 */
export class TaskRefresher {
  private readonly pending = new Set<string>();
  private readonly tracker: TaskStateTracker;
  private stopped = false;

  constructor(private readonly deps: TaskRefresherDeps) {
    this.tracker = new TaskStateTracker(deps.events);
  }

  /** Looks at the task again on the next turn of the event loop (once, however often it is asked). */
  refresh(taskId: string): void {
    if (this.pending.size === 0) setImmediate(() => this.flush());
    this.pending.add(taskId);
  }

  /** Nothing is looked at any more (the engine stops). */
  stop(): void {
    this.stopped = true;
  }

  private flush(): void {
    const ids = [...this.pending];
    this.pending.clear();
    if (this.stopped) return;
    for (const id of ids) {
      try {
        this.refreshNow(id);
      } catch (error) {
        this.deps.log.error({ task: id, err: String(error) }, 'task refresh failed');
      }
    }
  }

  private refreshNow(taskId: string): void {
    const { store, registry } = this.deps;
    const row = store.catalog.task(taskId);
    const project = row ? registry.get(row.project) : undefined;
    if (!row || !project) return;
    const context = { store, registry, pausedAll: this.deps.pausedAll(), now: this.deps.now(), pingBase: this.deps.pingBase() };
    const task = describeTask(context, registry.info(project), taskId, row);
    this.tracker.record(taskId, task.state);
    const input = taskAlertInput(store, task);
    if (input) this.deps.alerts.taskState(taskId, input.state, input.runId, input.detail, task.kind);
  }
}

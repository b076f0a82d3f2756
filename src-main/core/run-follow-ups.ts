import type { Run } from '../common/models';
import type { Logger } from './app-log';
import type { AlertEngine } from './alerts/alert-engine';
import { checkBudgets } from './costs/budget-alerts';
import type { Budgets } from './costs/cost-report';
import type { Store } from './db/store';
import type { EventBus } from './event-bus';
import { recordHealth } from './monitor/project-health';

/** What follows a finished run. */
export interface RunFollowUpDeps {
  store: Store;
  events: EventBus;
  alerts: AlertEngine;
  log: Logger;
  now: () => Date;
  budgets: () => Budgets;
  /** The task's state may have changed. */
  refreshTask: (taskId: string) => void;
  /** The triggers on the run's task start their targets. */
  triggers: { runFinished(run: Run): void };
}

/**
 * On every finished run: the task's state, its triggers, a project's `_status` health and the budgets when
 * the run reported costs. Each on its own: one failing must not skip the others.
 */
export function followFinishedRuns(deps: RunFollowUpDeps): void {
  const { store, alerts, now } = deps;
  const followUps: Array<(run: Run) => void> = [
    (run) => deps.refreshTask(run.task),
    (run) => deps.triggers.runFinished(run),
    (run) => run.task.endsWith('/_status') && recordHealth(store, alerts, run, now()),
    (run) => store.outputs.costsOfRun(run.id).length > 0 && checkBudgets(store, alerts, deps.budgets(), now()),
  ];
  deps.events.on('run.finished', ({ run }) => {
    for (const step of followUps) {
      try {
        step(run);
      } catch (error) {
        deps.log.error({ run: run.id, err: String(error) }, 'a follow-up of a finished run failed');
      }
    }
  });
}

import type { RunStatus, TaskState } from '../../src-main/common/models';

const LABEL: Record<TaskState, string> = {
  ok: 'OK',
  failing: 'Failing',
  running: 'Running',
  late: 'Late',
  down: 'Down',
  paused: 'Paused',
  never: 'Never run',
  unknown: 'Unknown',
};

/** A task's state as a colored pill; the words are there for screen readers and color-blind eyes. */
export function StateBadge({ state }: { state: TaskState }) {
  return <span className={`badge state-${state}`}>{LABEL[state]}</span>;
}

/** A run's status as a small colored label. */
export function RunStatusLabel({ status }: { status: RunStatus }) {
  return <span className={`run-status status-${status}`}>{status}</span>;
}

import type { Run, RunStatus, TaskState } from '../common/models';

/**
 * A command task's state from its runs: paused wins, then a run in flight, then the last run that
 * really ran (skipped and cancelled runs say nothing about health).
 */
export function commandTaskState(paused: boolean, active: ReadonlySet<RunStatus>, lastFinished: Run | null): TaskState {
  if (paused) return 'paused';
  if (active.has('running') || active.has('waiting')) return 'running';
  if (!lastFinished) return active.size > 0 ? 'running' : 'never';
  switch (lastFinished.status) {
    case 'success':
      return 'ok';
    case 'failed':
    case 'timeout':
    case 'interrupted':
      return 'failing';
    case 'missed':
      // Its catch-up run is already on its way: the slot is being made good.
      return active.size > 0 ? 'running' : 'late';
    default:
      return 'never';
  }
}

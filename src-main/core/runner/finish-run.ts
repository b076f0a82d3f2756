import type { Run } from '../../common/models';
import type { ExecuteContext } from './execute-context';

/** Ends a run row (if still active), logs it and tells everyone; returns the final row. */
export function finishRun(
  ctx: Pick<ExecuteContext, 'store' | 'events' | 'log' | 'now'>,
  run: Run,
  started: Date,
  status: Run['status'],
  error: string | null,
  extra: Partial<Pick<Run, 'exit_code' | 'signal'>> = {},
): Run {
  const finishedAt = ctx.now();
  ctx.store.runs.finish(run.id, {
    status,
    error,
    finished_at: finishedAt.toISOString(),
    duration_ms: finishedAt.getTime() - started.getTime(),
    exit_code: extra.exit_code ?? null,
    signal: extra.signal ?? null,
  });
  const ended = ctx.store.runs.get(run.id) as Run;
  ctx.log.info({ run: run.id, task: run.task, status: ended.status }, 'run finished');
  ctx.events.emit('run.finished', { run: ended });
  return ended;
}

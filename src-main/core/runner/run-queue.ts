// What a run waiting its turn is promised across a stop or a crash (issue 22 §2): a retry keeps its due time
// (stored as the run's scheduled_for), an `overlap: queue` run keeps its place; both are started again by the
// next engine, unless they went stale while it was off.
import type { Run } from '../../common/models';
import { checkedDuration } from '../duration';
import type { ManifestTask } from '../projects/manifest-schema';

/** A retry's wait is its nominal backoff less up to this share, at random (so retries of many tasks spread out). */
export const RETRY_JITTER = 0.2;

/** A queued run or a retry whose time is further in the past than this when an engine starts again is dropped. */
export const STALE_AFTER_MS = 24 * 3_600_000;

/**
 * The wait before retry `attempt + 1`: retry_delay doubled per attempt, capped at retry_max_delay, then less
 * up to RETRY_JITTER of it. Never above the cap, never below (1 − RETRY_JITTER) of the nominal wait.
 */
export function retryDelay(task: Pick<ManifestTask, 'retry_delay' | 'retry_max_delay'>, attempt: number, random: () => number = Math.random): number {
  const base = checkedDuration(task.retry_delay);
  const cap = checkedDuration(task.retry_max_delay);
  const nominal = Math.min(cap, base * 2 ** Math.min(attempt, 60));
  return Math.round(nominal * (1 - RETRY_JITTER * random()));
}

/** A retry waiting for its due time (or its turn after it): its promise is in its row. */
export function isRetry(run: Run): boolean {
  return run.trigger === 'retry' && run.scheduled_for !== null;
}

/** Whether a run not yet started is kept (left queued) when the engine stops, for the next engine to start. */
export function keptAcrossStop(run: Run, task: ManifestTask | null): boolean {
  return isRetry(run) || task?.overlap === 'queue';
}

/** Why a kept run is not started after a restart (it went stale while the engine was off), or null. */
export function staleReason(run: Run, now: Date): string | null {
  const since = isRetry(run) ? (run.scheduled_for as string) : run.queued_at;
  if (now.getTime() - Date.parse(since) <= STALE_AFTER_MS) return null;
  const what = isRetry(run) ? `the retry due at ${since}` : `the run queued at ${since}`;
  return `skipped: ${what} is more than 24 h old; Agent OS was not running to start it`;
}

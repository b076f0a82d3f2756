import type { TaskRetry } from '../../src-main/common/models';

/** "retry 1/2 in 10s": which retry of a failed attempt waits, and when it starts (issue 25: one alert, at the last attempt). */
export function retryText(retry: TaskRetry, now = Date.now()): string {
  const s = Math.max(0, Math.round((Date.parse(retry.at) - now) / 1000));
  const wait =
    s === 0 ? 'starting' : s < 60 ? `in ${s}s` : s < 3600 ? `in ${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `in ${Math.round(s / 3600)}h`;
  return `retry ${retry.attempt}/${retry.of} ${wait}`;
}

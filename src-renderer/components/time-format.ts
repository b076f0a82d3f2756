import { formatDuration } from '../../src-main/common/pure/time-text';

export { relativeTime } from '../../src-main/common/pure/time-text';

/** "850ms", "12s", "3m 05s", "2h 10m"; empty for no duration. */
export function duration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : formatDuration(ms);
}

/** Local date and time, short. */
export function clock(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const date = new Date(iso);
  // Within the week the weekday is enough; older runs need their date.
  const old = now - date.getTime() > 6 * 86_400_000;
  return date.toLocaleString(
    undefined,
    old ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } : { weekday: 'short', hour: '2-digit', minute: '2-digit' },
  );
}

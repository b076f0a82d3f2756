import { CronExpressionParser } from 'cron-parser';

/** crontab(5)'s macros as the 5-field schedules cron treats them as. @reboot has no clock time. */
export const CRON_MACROS: Readonly<Record<string, string | null>> = {
  '@reboot': null,
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Why a schedule is not one cron would run, or null when it is fine. */
export function cronScheduleError(schedule: string): string | null {
  const text = schedule.trim();
  if (text.startsWith('@')) {
    return Object.hasOwn(CRON_MACROS, text.toLowerCase())
      ? null
      : `${JSON.stringify(text)} is not a cron macro (expected one of ${Object.keys(CRON_MACROS).join(', ')})`;
  }
  const fields = text.split(/\s+/);
  // cron-parser also takes 6 fields (seconds first); crontab lines never have them.
  if (fields.length !== 5) return `${JSON.stringify(text)} has ${fields.length} time fields; cron expects 5 (minute hour day month weekday)`;
  try {
    CronExpressionParser.parse(text);
    return null;
  } catch (error) {
    return `${JSON.stringify(text)} is not a valid cron schedule (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * The next `count` times cron would run `schedule` (5 fields or a macro), strictly after `after`, in
 * `tz` (an IANA zone, e.g. the entry's CRON_TZ; default local time). Null for @reboot, which has no
 * next time. Stops early at `until` when given. Throws for a schedule cronScheduleError would reject.
 */
export function cronNextRuns(schedule: string, after: Date, count: number, tz?: string, until?: Date): Date[] | null {
  const problem = cronScheduleError(schedule);
  if (problem) throw new Error(problem);
  const text = schedule.trim();
  const expression = text.startsWith('@') ? CRON_MACROS[text.toLowerCase()] : text;
  if (expression === null || expression === undefined) return null;
  const iterator = CronExpressionParser.parse(expression, { currentDate: after, ...(tz ? { tz } : {}) });
  const out: Date[] = [];
  while (out.length < count) {
    const next = iterator.next().toDate();
    if (until && next > until) break;
    out.push(next);
  }
  return out;
}

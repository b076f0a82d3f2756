import type { CalendarInterval } from './calendar-interval';
import type { LaunchdSchedule } from './launch-agent';
import { addDays, civilDateOf, DayResolver, localTimeZone, type CivilDate } from '../../src-main/common/pure/zoned-time';

// {Month: 2, Day: 30} never matches; 9 years covers the rarest real date (Feb 29 across 2100).
const MAX_DAYS = 366 * 9;
const ALL_HOURS = Array.from({ length: 24 }, (_, i) => i);
const ALL_MINUTES = Array.from({ length: 60 }, (_, i) => i);

/**
 * The next `count` times launchd would start a job, strictly after `after`.
 *
 * StartCalendarInterval follows launchd.plist(5): each dict's missing keys are wildcards, an array is
 * the union of its dicts, Weekday 0 and 7 are Sunday, and times are wall-clock times in `timezone`
 * (default: the process's zone, which is launchd's). When a dict gives both Day and Weekday either
 * may match, as in cron. Across DST: a skipped time runs just after the jump (see DayResolver); a
 * repeated time runs once when the dict fixes the Hour, and every real hour when Hour is a wildcard.
 *
 * StartInterval counts from `lastRunAt` when known (launchd's timer runs from the last start), else
 * from `after`. Jobs with both keys get the union. RunAtLoad/KeepAlive have no clock time: [].
 * Throws RangeError for an unknown `timezone` name.
 */
export function launchdNextRuns(
  schedule: Pick<LaunchdSchedule, 'calendar' | 'interval'>,
  after: Date,
  count: number,
  timezone?: string,
  lastRunAt?: Date | null,
): Date[] {
  if (count <= 0) return [];
  const times = [
    ...(schedule.calendar && schedule.calendar.length > 0 ? calendarRuns(schedule.calendar, after.getTime(), count, timezone ?? localTimeZone()) : []),
    ...(schedule.interval ? intervalRuns(schedule.interval, after.getTime(), count, lastRunAt?.getTime() ?? null) : []),
  ];
  return [...new Set(times)]
    .sort((a, b) => a - b)
    .slice(0, count)
    .map((t) => new Date(t));
}

function calendarRuns(calendar: CalendarInterval[], after: number, count: number, timeZone: string): number[] {
  const out: number[] = [];
  // Start a day early: a zone that falls back at midnight repeats the previous day's last hour.
  const first = addDays(civilDateOf(after, timeZone), -1);
  for (let i = 0; i < MAX_DAYS && out.length < count; i++) {
    const date = addDays(first, i);
    const matching = calendar.filter((dict) => matchesDay(dict, date));
    if (matching.length === 0) continue;
    const resolver = new DayResolver(date, timeZone);
    const day = new Set<number>();
    for (const dict of matching) {
      for (const hour of dict.Hour === undefined ? ALL_HOURS : [dict.Hour]) {
        for (const minute of dict.Minute === undefined ? ALL_MINUTES : [dict.Minute]) {
          const instants = resolver.instants(hour, minute);
          for (const t of dict.Hour === undefined ? instants : instants.slice(0, 1)) if (t > after) day.add(t);
        }
      }
    }
    out.push(...[...day].sort((a, b) => a - b));
  }
  return out.slice(0, count);
}

function matchesDay(dict: CalendarInterval, date: CivilDate): boolean {
  if (dict.Month !== undefined && dict.Month !== date.month) return false;
  const byDay = dict.Day === undefined ? null : dict.Day === date.day;
  const byWeekday = dict.Weekday === undefined ? null : dict.Weekday % 7 === date.weekday;
  if (byDay === null && byWeekday === null) return true;
  return byDay === true || byWeekday === true;
}

function intervalRuns(seconds: number, after: number, count: number, lastRunAt: number | null): number[] {
  const step = seconds * 1000;
  const first = lastRunAt === null ? after + step : lastRunAt + (Math.floor(Math.max(0, after - lastRunAt) / step) + 1) * step;
  return Array.from({ length: count }, (_, i) => first + i * step);
}

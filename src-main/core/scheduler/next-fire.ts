import { CronExpressionParser } from 'cron-parser';
import { parseDuration } from '../duration';

/** When a task fires: a cron expression (5 or 6 fields) in a time zone, or a fixed interval. */
export interface FireSpec {
  cron?: string;
  every?: string;
  timezone?: string;
}

/** A stable text for a spec: when it changes, the persisted next_run_at is recomputed. */
export function specSignature(spec: FireSpec): string | null {
  if (spec.cron) return `cron:${spec.cron.trim()}${spec.timezone ? `@${spec.timezone}` : ''}`;
  if (spec.every) return `every:${spec.every}`;
  return null;
}

/** The first fire time strictly after `after`, or null for an unscheduled task. */
export function nextFireAfter(spec: FireSpec, after: Date): Date | null {
  return fireTimesAfter(spec, after).next().value ?? null;
}

/**
 * The fire times strictly after `after`, soonest first, without end (the caller stops). One cron
 * expression is parsed per call (~70 µs); each further time costs ~15 µs.
 */
export function* fireTimesAfter(spec: FireSpec, after: Date): Generator<Date, void, undefined> {
  if (spec.cron) {
    const expression = CronExpressionParser.parse(spec.cron, { currentDate: after, ...(spec.timezone ? { tz: spec.timezone } : {}) });
    for (;;) yield expression.next().toDate();
  }
  if (spec.every) {
    const period = parseDuration(spec.every);
    if (!period) return;
    // Intervals are aligned to the epoch, so `every: 15m` fires at :00, :15, :30, :45 and is stable across restarts.
    for (let at = (Math.floor(after.getTime() / period) + 1) * period; ; at += period) yield new Date(at);
  }
}

/** The latest fire time at or before `at` and after `since`, with how many there were (capped). */
export function missedBetween(spec: FireSpec, since: Date, at: Date, cap = 10_000): { count: number; latest: Date | null } {
  let count = 0;
  let latest: Date | null = null;
  for (const next of fireTimesAfter(spec, new Date(since.getTime() - 1))) {
    if (next > at) break;
    latest = next;
    // Long outages: count no further, but jump to the last occurrence.
    if (++count >= cap) return { count, latest: lastFireAtOrBefore(spec, at, next) };
  }
  return { count, latest };
}

function lastFireAtOrBefore(spec: FireSpec, at: Date, floor: Date): Date {
  if (spec.every) {
    const period = parseDuration(spec.every) ?? 1;
    return new Date(Math.floor(at.getTime() / period) * period);
  }
  if (spec.cron) {
    const options = { currentDate: new Date(at.getTime() + 1), ...(spec.timezone ? { tz: spec.timezone } : {}) };
    const prev = CronExpressionParser.parse(spec.cron, options).prev().toDate();
    return prev > floor ? prev : floor;
  }
  return floor;
}

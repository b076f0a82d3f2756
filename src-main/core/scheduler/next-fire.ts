import cronParser from 'cron-parser';
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
  if (spec.cron) {
    // No occurrence lies between the last question and its answer, so any time in that window has the
    // same answer: a burst of pings for a cron heartbeat computes the next fire once.
    const key = `${spec.cron}@${spec.timezone ?? ''}`;
    const known = lastAnswers.get(key);
    const t = after.getTime();
    if (known && t >= known.after && t < known.next) return new Date(known.next);
    const expression = parsedCron(spec.cron, spec.timezone);
    expression.reset(after);
    const next = (expression.next() as { toDate(): Date }).toDate();
    lastAnswers.set(key, { after: t, next: next.getTime() });
    return next;
  }
  if (spec.every) {
    const period = parseDuration(spec.every);
    if (!period) return null;
    // Intervals are aligned to the epoch, so `every: 15m` fires at :00, :15, :30, :45 and is stable across restarts.
    return new Date((Math.floor(after.getTime() / period) + 1) * period);
  }
  return null;
}

/** The latest fire time at or before `at` and after `since`, with how many there were (capped). */
export function missedBetween(spec: FireSpec, since: Date, at: Date, cap = 10_000): { count: number; latest: Date | null } {
  let count = 0;
  let latest: Date | null = null;
  let cursor = new Date(since.getTime() - 1);
  for (;;) {
    const next = nextFireAfter(spec, cursor);
    if (!next || next > at) break;
    latest = next;
    cursor = next;
    if (++count >= cap) {
      // Long outages: count no further, but jump to the last occurrence.
      const last = lastFireAtOrBefore(spec, at, next);
      return { count, latest: last };
    }
  }
  return { count, latest };
}

function lastFireAtOrBefore(spec: FireSpec, at: Date, floor: Date): Date {
  if (spec.every) {
    const period = parseDuration(spec.every) ?? 1;
    return new Date(Math.floor(at.getTime() / period) * period);
  }
  if (spec.cron) {
    const options = spec.timezone ? { currentDate: new Date(at.getTime() + 1), tz: spec.timezone } : { currentDate: new Date(at.getTime() + 1) };
    const prev = cronParser.parseExpression(spec.cron, options).prev().toDate();
    return prev > floor ? prev : floor;
  }
  return floor;
}

// Parsing a cron expression is the costly part of a fire-time computation (heartbeat pings, status, the
// scheduler); parsed expressions are kept and reset to each new start time. Single-threaded, so sharing
// one stateful iterator per expression is safe.
const parsed = new Map<string, ReturnType<typeof cronParser.parseExpression>>();
const lastAnswers = new Map<string, { after: number; next: number }>();

function parsedCron(expr: string, tz: string | undefined): ReturnType<typeof cronParser.parseExpression> {
  const key = `${expr}@${tz ?? ''}`;
  let expression = parsed.get(key);
  if (!expression) {
    if (parsed.size > 1000) {
      parsed.clear();
      lastAnswers.clear();
    }
    expression = cronParser.parseExpression(expr, tz ? { tz } : {});
    parsed.set(key, expression);
  }
  return expression;
}

// The schedule view's counts (issue 22/26) come from a cron expression's fields, not from stepping through
// its fire times: they must agree exactly with cron-parser, which the scheduler fires by, including across
// DST changes, last-day-of-month, nth weekday and day-of-month-or-weekday rules.
import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { cronFires, periodicFires } from '../../src-main/core/scheduler/fire-count';

const CRONS = [
  '* * * * *',
  '*/5 * * * *',
  '0 3 * * *',
  '30 2 * * *',
  '15 1-3 * * *',
  '0 0 * * 5L',
  '0 9 * * 1#2',
  '0 0 L * *',
  '0 0 1,15 * 1-5',
  '0 0 29 2 *',
  '*/7 9-17 * * 1-5',
];
const ZONES = [undefined, 'Europe/Oslo', 'America/New_York', 'Asia/Kolkata'];
// Spring forward and fall back in Europe and the US, a leap February, a plain June day (from a fractional ms).
const STARTS = [
  '2026-03-07T12:00:00Z',
  '2026-03-28T10:17:33.123Z',
  '2026-10-24T00:00:00Z',
  '2026-10-31T18:00:00Z',
  '2028-02-27T00:00:00Z',
  '2026-06-11T05:00:00Z',
];

/** Every fire time in [lo, hi) as cron-parser steps them. */
function stepped(cron: string, tz: string | undefined, lo: number, hi: number): number[] {
  const expression = CronExpressionParser.parse(cron, { currentDate: new Date(lo - 1), ...(tz ? { tz } : {}) });
  const out: number[] = [];
  for (let at = expression.next().getTime(); at < hi; at = expression.next().getTime()) out.push(at);
  return out;
}

describe('fire counts from the schedule', () => {
  it('agrees with cron-parser on count, first times and last time, over 3 days from each start', () => {
    const wrong: string[] = [];
    for (const cron of CRONS)
      for (const tz of ZONES)
        for (const start of STARTS) {
          const lo = Date.parse(start);
          const hi = lo + 3 * 86_400_000;
          const want = stepped(cron, tz, lo, hi);
          const got = cronFires(cron, tz, lo, hi, 5);
          const same = got.count === want.length && got.times.join() === want.slice(0, 5).join() && got.last === (want.at(-1) ?? null);
          if (!same) wrong.push(`${cron} ${tz ?? 'local'} from ${start}: ${got.count} vs ${want.length}`);
        }
    expect(wrong).toEqual([]);
  });

  it('counts an interval by arithmetic, aligned to its anchor, half-open', () => {
    const lo = Date.parse('2026-06-11T00:00:00Z');
    expect(periodicFires(0, 60_000, lo, lo + 86_400_000, 2)).toEqual({ count: 1440, times: [lo, lo + 60_000], last: lo + 86_340_000 });
    expect(periodicFires(lo + 30_000, 300_000, lo, lo + 3_600_000, 1)).toEqual({ count: 12, times: [lo + 30_000], last: lo + 30_000 + 11 * 300_000 });
    expect(periodicFires(0, 60_000, lo + 1, lo + 60_000, 5)).toEqual({ count: 0, times: [], last: null });
  });

  it('answers for a cron that does not parse with no fire times, not an error', () => {
    expect(cronFires('not a cron', undefined, 0, 86_400_000, 5)).toEqual({ count: 0, times: [], last: null });
  });
});

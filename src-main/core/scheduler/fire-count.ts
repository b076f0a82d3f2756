// How often a schedule fires in a window, computed from the schedule itself: the interval's arithmetic, or
// the cron expression's fields (which hours, minutes and seconds, on which days), one local day at a time.
// Never steps fire time by fire time, so a task that fires every minute costs the same as a daily one.
import { CronExpressionParser } from 'cron-parser';
import { localTimeZone, offsetAt } from '../../common/pure/zoned-time';

/** The fire times of a schedule in a window: the exact count, the first few and the last. */
export interface Fires {
  count: number;
  /** The first `keep` fire times (epoch ms), soonest first. */
  times: number[];
  /** The last fire time in the window (epoch ms), or null with none. */
  last: number | null;
}

export const NO_FIRES: Fires = { count: 0, times: [], last: null };

/** Times `anchor + k·period` (k ≥ 0) in [lo, hi): an `every:` interval (anchor 0) or a heartbeat's period. */
export function periodicFires(anchor: number, period: number, lo: number, hi: number, keep: number): Fires {
  if (!(period > 0) || hi <= lo) return NO_FIRES;
  const k0 = Math.max(0, Math.ceil((lo - anchor) / period));
  const k1 = Math.max(0, Math.ceil((hi - anchor) / period));
  const count = k1 - k0;
  if (count <= 0) return NO_FIRES;
  const times = Array.from({ length: Math.min(keep, count) }, (_, i) => anchor + (k0 + i) * period);
  return { count, times, last: anchor + (k1 - 1) * period };
}

interface CronFields {
  seconds: number[];
  minutes: number[];
  hours: number[];
  months: Set<number>;
  dom: { wildcard: boolean; values: Set<number>; last: boolean };
  dow: { wildcard: boolean; values: Set<number>; nth: number; lastOf: Set<number> };
  /** How often it fires, in words ("minute", "5 minutes"), when it fires at a steady pace within its hours. */
  every: string | null;
}

const fieldsCache = new Map<string, CronFields | null>();

/** The fields of a cron expression (parsed once per expression), or null when it does not parse. */
function cronFields(cron: string): CronFields | null {
  const cached = fieldsCache.get(cron);
  if (cached !== undefined) return cached;
  let fields: CronFields | null = null;
  try {
    const f = CronExpressionParser.parse(cron).fields;
    const nums = (values: readonly (number | string)[]): number[] => values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
    const dowValues: readonly (number | string)[] = f.dayOfWeek.values;
    fields = {
      seconds: nums(f.second.values),
      minutes: nums(f.minute.values),
      hours: nums(f.hour.values),
      months: new Set(nums(f.month.values)),
      dom: { wildcard: f.dayOfMonth.isWildcard, values: new Set(nums(f.dayOfMonth.values)), last: f.dayOfMonth.hasLastChar },
      dow: {
        wildcard: f.dayOfWeek.isWildcard,
        values: new Set(nums(dowValues).map((d) => d % 7)),
        nth: f.dayOfWeek.nthDay,
        lastOf: new Set(dowValues.filter((v): v is string => typeof v === 'string' && v.endsWith('L')).map((v) => parseInt(v, 10) % 7)),
      },
      every: null,
    };
    fields.every = steadyPace(fields.seconds, fields.minutes);
  } catch {
    fields = null;
  }
  if (fieldsCache.size > 5000) fieldsCache.clear();
  fieldsCache.set(cron, fields);
  return fields;
}

/** "second", "minute", "5 minutes": the pace of evenly spread seconds/minutes within an hour; else null. */
function steadyPace(seconds: number[], minutes: number[]): string | null {
  const step = (values: number[], size: number): number | null => {
    const s = values.length > 1 ? values[1]! - values[0]! : size;
    return values[0] === 0 && size % s === 0 && values.length === size / s && values.every((v, i) => v === i * s) ? s : null;
  };
  if (seconds.length > 1) {
    const s = step(seconds, 60);
    return s !== null && minutes.length === 60 ? (s === 1 ? 'second' : `${s} seconds`) : null;
  }
  const m = step(minutes, 60);
  return m === null ? null : m === 1 ? 'minute' : m === 60 ? 'hour' : `${m} minutes`;
}

/** A time zone's wall clock at an instant: the local date, weekday, seconds since local midnight and UTC offset. */
interface Wall {
  year: number;
  month: number;
  day: number;
  weekday: number;
  /** Milliseconds since local midnight. */
  sodMs: number;
  offsetMs: number;
}

/** Recent answers: every task of a call asks about the same day boundaries. */
const walls = new Map<string, Wall>();

function wallAt(ms: number, tz: string | undefined): Wall {
  const key = `${tz ?? ''}|${ms}`;
  let wall = walls.get(key);
  if (!wall) {
    if (walls.size > 10_000) walls.clear();
    wall = computeWall(ms, tz);
    walls.set(key, wall);
  }
  return wall;
}

function computeWall(ms: number, tz: string | undefined): Wall {
  const offsetMs = offsetAt(ms, tz ?? localTimeZone());
  const local = new Date(ms + offsetMs);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: local.getUTCDay(),
    sodMs: ((local.getUTCHours() * 60 + local.getUTCMinutes()) * 60 + local.getUTCSeconds()) * 1000 + local.getUTCMilliseconds(),
    offsetMs,
  };
}

/** The same day rules as cron-parser: day of month and day of week, either one when both are restricted. */
function dayMatches(f: CronFields, w: Wall): boolean {
  if (!f.months.has(w.month)) return false;
  const lastDay = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  const dom = f.dom.values.has(w.day) || (f.dom.last && w.day === lastDay);
  const dow = (f.dow.values.has(w.weekday) && (f.dow.nth <= 0 || Math.ceil(w.day / 7) === f.dow.nth)) || (f.dow.lastOf.has(w.weekday) && w.day > lastDay - 7);
  if (!f.dom.wildcard && !f.dow.wildcard) return dom || dow;
  if (!f.dom.wildcard) return dom;
  return f.dow.wildcard || dow;
}

/** Into `out`, the local times (seconds since midnight) of the fields in [from, to): counted, with the first few. */
function countLocal(f: CronFields, from: number, to: number, keep: number, out: { count: number; times: number[]; last: number | null }): void {
  const lo = Math.ceil(from);
  const perHour = f.minutes.length * f.seconds.length;
  for (const h of f.hours) {
    const start = h * 3600;
    if (start + 3600 <= lo || start >= to) continue;
    const whole = start >= lo && start + 3600 <= to;
    if (whole && out.times.length >= keep) {
      out.count += perHour;
      out.last = start + f.minutes[f.minutes.length - 1]! * 60 + f.seconds[f.seconds.length - 1]!;
      continue;
    }
    for (const m of f.minutes)
      for (const s of f.seconds) {
        const t = start + m * 60 + s;
        if (t < lo || t >= to) continue;
        out.count++;
        out.last = t;
        if (out.times.length < keep) out.times.push(t);
      }
  }
}

/** The first instant in (lo, hi] whose UTC offset differs from lo's (a DST change), found by halving. */
function offsetChange(lo: number, hi: number, offset: number, tz: string | undefined): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(mid, tz).offsetMs === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Below this many fire times a day, a DST day is stepped through with cron-parser (exact, and cheap). */
const STEP_DST_DAYS_UNDER = 48;

/**
 * A cron expression's fire times in [lo, hi) in a time zone (the engine's when none). Each local day is
 * split where its UTC offset changes; for a task firing more than STEP_DST_DAYS_UNDER times a day, local
 * times a DST change skips do not fire and repeated ones fire twice (cron-parser: shifted, once).
 */
export function cronFires(cron: string, tz: string | undefined, lo: number, hi: number, keep: number): Fires {
  const f = cronFields(cron);
  if (!f || hi <= lo) return NO_FIRES;
  const times: number[] = [];
  let count = 0;
  let last: number | null = null;
  for (let t = lo; t < hi;) {
    const w = wallAt(t, tz);
    let end = Math.min(hi, t + 86_400_000 - w.sodMs);
    if (wallAt(end - 1, tz).offsetMs !== w.offsetMs) {
      end = offsetChange(t, end - 1, w.offsetMs, tz);
      if (f.hours.length * f.minutes.length * f.seconds.length <= STEP_DST_DAYS_UNDER) {
        // A DST day of a task that fires a few times a day: exactly as the scheduler (cron-parser) fires it,
        // a skipped local time at the shifted instant, a repeated one once.
        const dayEnd = Math.min(hi, end + 86_400_000 - wallAt(end, tz).sodMs);
        const expression = CronExpressionParser.parse(cron, { currentDate: new Date(t - 1), ...(tz ? { tz } : {}) });
        for (let at = expression.next().getTime(); at < dayEnd; at = expression.next().getTime()) {
          count++;
          last = at;
          if (times.length < keep) times.push(at);
        }
        t = Math.max(dayEnd, t + 1);
        continue;
      }
    }
    if (dayMatches(f, w)) {
      const local = { count: 0, times: [] as number[], last: null as number | null };
      countLocal(f, w.sodMs / 1000, (w.sodMs + end - t) / 1000, keep - times.length, local);
      const toUtc = (s: number): number => t + s * 1000 - w.sodMs;
      count += local.count;
      times.push(...local.times.map(toUtc));
      if (local.last !== null) last = toUtc(local.last);
    }
    t = Math.max(end, t + 1);
  }
  return { count, times, last };
}

/** How often a cron expression fires, in words, when it is steady ("minute", "5 minutes"); else null. */
export function cronPace(cron: string): string | null {
  return cronFields(cron)?.every ?? null;
}

// Wall-clock arithmetic in an IANA time zone with nothing but Intl, so local-time schedules (launchd's
// calendar intervals, the schedule's day counts) can be computed for any zone (and tested under
// TZ=Europe/Oslo) without a date library. Pure code the core and the plugins share (see time-text.ts).

/** A calendar day in some zone; month is 1–12, weekday 0 = Sunday. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone name, which is what callers should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone the process runs in; read per call because tests (and users) set TZ at runtime. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Milliseconds the zone's wall clock is ahead of UTC at instant `t`. */
export function offsetAt(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** The calendar day, in the zone, that contains instant `t`. */
export function civilDateOf(t: number, timeZone: string): CivilDate {
  const shifted = new Date(t + offsetAt(t, timeZone));
  return civil(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return civil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function civil(year: number, month: number, day: number): CivilDate {
  return { year, month, day, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/**
 * Resolves wall-clock times of one day to instants. Most days have one offset and the answer is plain
 * arithmetic; only on a DST-change day does each time get checked against both offsets.
 */
export class DayResolver {
  private readonly before: number;
  private readonly after: number;

  constructor(
    private readonly date: CivilDate,
    private readonly timeZone: string,
  ) {
    const midnight = Date.UTC(date.year, date.month - 1, date.day);
    // Offsets are within ±14 h, so these two instants bracket every instant of the local day.
    this.before = offsetAt(midnight - 15 * 3_600_000, timeZone);
    this.after = offsetAt(midnight + 39 * 3_600_000, timeZone);
  }

  /**
   * All instants showing hour:minute on this day, ascending: two inside a fall-back repeat. A time
   * skipped by a spring-forward jump resolves to the same distance past the jump (02:30 → 03:30),
   * as mktime normalises it, so the job still runs that day.
   */
  instants(hour: number, minute: number): number[] {
    const wall = Date.UTC(this.date.year, this.date.month - 1, this.date.day, hour, minute);
    if (this.before === this.after) return [wall - this.before];
    const found = [wall - this.before, wall - this.after].filter((t) => offsetAt(t, this.timeZone) === wall - t);
    if (found.length === 0) return [wall - this.before];
    return [...new Set(found)].sort((a, b) => a - b);
  }
}

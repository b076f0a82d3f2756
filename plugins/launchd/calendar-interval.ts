import { describeValue, isPlistDict, toInteger, type PlistValue } from './plist-file';

/**
 * One StartCalendarInterval dict. A missing key is a wildcard (launchd.plist(5)), so `{ Hour: 3 }`
 * fires every minute from 03:00 to 03:59, which surprises people but is what launchd does.
 */
export interface CalendarInterval {
  Minute?: number;
  Hour?: number;
  Day?: number;
  /** 0 and 7 are both Sunday. */
  Weekday?: number;
  Month?: number;
}

export const CALENDAR_RANGES = {
  Minute: [0, 59],
  Hour: [0, 23],
  Day: [1, 31],
  Weekday: [0, 7],
  Month: [1, 12],
} as const satisfies Record<keyof CalendarInterval, readonly [number, number]>;

type CalendarKey = keyof typeof CALENDAR_RANGES;
const KEYS = Object.keys(CALENDAR_RANGES) as CalendarKey[];

/** Reads StartCalendarInterval (a dict or an array of dicts), pushing problems instead of throwing. */
export function readCalendar(value: PlistValue, errors: string[], warnings: string[]): CalendarInterval[] | null {
  const dicts = Array.isArray(value) ? value : [value];
  const out: CalendarInterval[] = [];
  dicts.forEach((dict, index) => {
    const where = Array.isArray(value) ? `StartCalendarInterval[${index}]` : 'StartCalendarInterval';
    if (!isPlistDict(dict)) {
      errors.push(`${where} must be a dict, found ${describeValue(dict)}`);
      return;
    }
    const interval: CalendarInterval = {};
    for (const [key, raw] of Object.entries(dict)) {
      if (!(KEYS as string[]).includes(key)) {
        // launchd ignores unknown keys, so a typo like "Minutes" silently turns into "every minute".
        warnings.push(`${where}.${key} is not a launchd calendar key (expected ${KEYS.join(', ')}); launchd ignores it`);
        continue;
      }
      const [min, max] = CALENDAR_RANGES[key as CalendarKey];
      const n = toInteger(raw);
      if (n === null || n < min || n > max) {
        errors.push(`${where}.${key} must be an integer from ${min} to ${max}, found ${describeValue(raw)}`);
        continue;
      }
      interval[key as CalendarKey] = n;
    }
    out.push(interval);
  });
  if (Array.isArray(value) && value.length === 0) warnings.push('StartCalendarInterval is an empty array; launchd never starts this job on a schedule');
  return out;
}

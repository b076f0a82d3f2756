// launchd schedules are wall-clock times in the machine's zone; pin one with DST before anything reads it.
process.env.TZ = 'Europe/Oslo';

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCH_AGENTS } from './fixture-paths';

const { launchdNextRuns, readLaunchAgent } = await import('../../plugins/launchd');

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());
/** Oslo wall time as `YYYY-MM-DD HH:MM`, to state expectations the way a user reads them. */
const oslo = (dates: Date[]): string[] => dates.map((d) => d.toLocaleString('sv-SE', { timeZone: 'Europe/Oslo' }).slice(0, 16));
const calendar = (...dicts: Record<string, number>[]) => ({ calendar: dicts, interval: null });
const scheduleOf = async (name: string) => (await readLaunchAgent(join(LAUNCH_AGENTS, name))).schedule;

describe('launchd next runs', () => {
  it('runs a {Hour, Minute} job daily at that local time', async () => {
    const runs = launchdNextRuns(await scheduleOf('com.example.nightly-backup.plist'), new Date('2026-01-10T12:00:00Z'), 3);
    expect(oslo(runs)).toEqual(['2026-01-11 03:15', '2026-01-12 03:15', '2026-01-13 03:15']);
  });

  it('runs {Hour: 3} every minute of hour 3, as launchd treats missing keys as wildcards', async () => {
    const runs = launchdNextRuns(await scheduleOf('com.example.hour-three.plist'), new Date('2026-01-10T12:00:00Z'), 61);
    expect(runs).toHaveLength(61);
    expect(oslo(runs.slice(0, 3))).toEqual(['2026-01-11 03:00', '2026-01-11 03:01', '2026-01-11 03:02']);
    expect(oslo(runs.slice(59))).toEqual(['2026-01-11 03:59', '2026-01-12 03:00']);
  });

  it('continues inside hour 3 when asked from the middle of it', () => {
    const runs = launchdNextRuns(calendar({ Hour: 3 }), new Date('2026-01-11T02:58:30Z'), 2);
    expect(oslo(runs)).toEqual(['2026-01-11 03:59', '2026-01-12 03:00']);
  });

  it('takes the union of a calendar array, with Weekday 7 meaning Sunday', async () => {
    // 2026-03-07 is a Saturday.
    const runs = launchdNextRuns(await scheduleOf('com.example.twice-weekly.plist'), new Date('2026-03-07T12:00:00Z'), 4);
    expect(oslo(runs)).toEqual(['2026-03-08 18:30', '2026-03-09 09:00', '2026-03-15 18:30', '2026-03-16 09:00']);
  });

  it('treats Weekday 0 and 7 alike', () => {
    const after = new Date('2026-03-07T12:00:00Z');
    expect(iso(launchdNextRuns(calendar({ Weekday: 0, Hour: 8, Minute: 0 }), after, 3))).toEqual(
      iso(launchdNextRuns(calendar({ Weekday: 7, Hour: 8, Minute: 0 }), after, 3)),
    );
  });

  it('reads a binary calendar array of days of the month', async () => {
    const runs = launchdNextRuns(await scheduleOf('com.example.month-ends.plist'), new Date('2026-01-20T12:00:00Z'), 3);
    expect(oslo(runs)).toEqual(['2026-02-01 06:00', '2026-02-15 06:00', '2026-03-01 06:00']);
  });

  it('fires when either Day or Weekday matches if both are given, as cron does', () => {
    // Fridays and the 13th, at noon, from Sunday 2026-03-01.
    const runs = launchdNextRuns(calendar({ Day: 13, Weekday: 5, Hour: 12, Minute: 0 }), new Date('2026-03-01T00:00:00Z'), 4);
    expect(oslo(runs)).toEqual(['2026-03-06 12:00', '2026-03-13 12:00', '2026-03-20 12:00', '2026-03-27 12:00']);
  });

  it('restricts to a Month and skips days a month does not have', () => {
    expect(oslo(launchdNextRuns(calendar({ Month: 2, Day: 29, Hour: 0, Minute: 0 }), new Date('2026-01-01T00:00:00Z'), 1))).toEqual(['2028-02-29 00:00']);
    expect(launchdNextRuns(calendar({ Month: 2, Day: 30 }), new Date('2026-01-01T00:00:00Z'), 1)).toEqual([]);
  });

  it('counts StartInterval from the last run when known, else from now', async () => {
    const schedule = await scheduleOf('com.example.poller.plist');
    const now = new Date('2026-05-01T10:00:00Z');
    expect(iso(launchdNextRuns(schedule, now, 2))).toEqual(['2026-05-01T10:15:00.000Z', '2026-05-01T10:30:00.000Z']);
    const lastRunAt = new Date('2026-05-01T09:50:00Z');
    expect(iso(launchdNextRuns(schedule, now, 2, undefined, lastRunAt))).toEqual(['2026-05-01T10:05:00.000Z', '2026-05-01T10:20:00.000Z']);
  });

  it('gives no clock times to a job that only runs at load or is kept alive', async () => {
    expect(launchdNextRuns(await scheduleOf('com.example.keepalive.plist'), new Date(), 5)).toEqual([]);
  });

  it('honours an explicit time zone over the process’s', () => {
    const runs = launchdNextRuns(calendar({ Hour: 9, Minute: 0 }), new Date('2026-01-10T12:00:00Z'), 1, 'America/New_York');
    expect(iso(runs)).toEqual(['2026-01-10T14:00:00.000Z']);
  });
});

describe('launchd next runs across a DST change (Europe/Oslo)', () => {
  it('runs a job set inside the skipped hour just after the spring-forward jump', () => {
    // 2026-03-29 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that night.
    const runs = launchdNextRuns(calendar({ Hour: 2, Minute: 30 }), new Date('2026-03-27T12:00:00Z'), 4);
    expect(oslo(runs)).toEqual(['2026-03-28 02:30', '2026-03-29 03:30', '2026-03-30 02:30', '2026-03-31 02:30']);
    expect(iso(runs.slice(0, 3))).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('keeps a 03:15 job at 03:15 local time on both sides of spring forward', async () => {
    const runs = launchdNextRuns(await scheduleOf('com.example.nightly-backup.plist'), new Date('2026-03-28T00:00:00Z'), 3);
    expect(iso(runs)).toEqual(['2026-03-28T02:15:00.000Z', '2026-03-29T01:15:00.000Z', '2026-03-30T01:15:00.000Z']);
  });

  it('runs an hourly job once per real hour when an hour is skipped', () => {
    const runs = launchdNextRuns(calendar({ Minute: 30 }), new Date('2026-03-28T23:00:00Z'), 4);
    expect(oslo(runs)).toEqual(['2026-03-29 00:30', '2026-03-29 01:30', '2026-03-29 03:30', '2026-03-29 04:30']);
  });

  it('runs a fixed-time job once when fall back repeats its hour', () => {
    // 2026-10-25 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    const runs = launchdNextRuns(calendar({ Hour: 2, Minute: 30 }), new Date('2026-10-24T12:00:00Z'), 3);
    expect(iso(runs)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
  });

  it('runs an hourly job in both copies of the repeated hour', () => {
    const runs = launchdNextRuns(calendar({ Minute: 30 }), new Date('2026-10-24T23:00:00Z'), 4);
    expect(iso(runs)).toEqual(['2026-10-24T23:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T02:30:00.000Z']);
    expect(oslo(runs)).toEqual(['2026-10-25 01:30', '2026-10-25 02:30', '2026-10-25 02:30', '2026-10-25 03:30']);
  });

  it('runs {Hour: 3} for the 60 minutes of the one hour 3 on fall-back night', () => {
    const runs = launchdNextRuns(calendar({ Hour: 3 }), new Date('2026-10-24T12:00:00Z'), 61);
    expect(iso([runs[0] as Date, runs[59] as Date, runs[60] as Date])).toEqual([
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T02:59:00.000Z',
      '2026-10-26T02:00:00.000Z',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronNextRuns, cronScheduleError, parseCrontab, type CronEntry } from '../../plugins/cron';
import { CRON_FIXTURES } from './fixture-paths';

const iso = (dates: Date[] | null): string[] | null => dates?.map((d) => d.toISOString()) ?? null;
const after = new Date('2026-03-28T12:00:00Z'); // a Saturday, the day before Europe's spring forward

describe('cronNextRuns', () => {
  it('gives the next runs of a 5-field schedule in the given zone', () => {
    expect(iso(cronNextRuns('30 2 * * *', new Date('2026-01-10T00:00:00Z'), 2, 'UTC'))).toEqual(['2026-01-10T02:30:00.000Z', '2026-01-11T02:30:00.000Z']);
    expect(iso(cronNextRuns('30 2 * * *', new Date('2026-01-10T00:00:00Z'), 1, 'America/New_York'))).toEqual(['2026-01-10T07:30:00.000Z']);
  });

  it.each([
    ['@yearly', '2027-01-01T00:00:00.000Z'],
    ['@annually', '2027-01-01T00:00:00.000Z'],
    ['@monthly', '2026-04-01T00:00:00.000Z'],
    ['@weekly', '2026-03-29T00:00:00.000Z'],
    ['@daily', '2026-03-29T00:00:00.000Z'],
    ['@midnight', '2026-03-29T00:00:00.000Z'],
    ['@hourly', '2026-03-28T13:00:00.000Z'],
  ])('maps %s to its schedule', (macro, next) => {
    expect(iso(cronNextRuns(macro, after, 1, 'UTC'))).toEqual([next]);
  });

  it('has no next run for @reboot', () => {
    expect(cronNextRuns('@reboot', after, 3, 'UTC')).toBeNull();
  });

  it('runs a job in the skipped hour just after the spring-forward jump, like launchd', () => {
    expect(iso(cronNextRuns('30 2 * * *', after, 2, 'Europe/Oslo'))).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('refuses a schedule cron would not run, saying why', () => {
    expect(() => cronNextRuns('0 25 * * *', after, 1)).toThrow(/"0 25 \* \* \*" is not a valid cron schedule/);
    expect(() => cronNextRuns('* * * *', after, 1)).toThrow(/has 4 time fields; cron expects 5/);
    expect(cronScheduleError('*/15 9-17 * * 1-5')).toBeNull();
    expect(cronScheduleError('@Daily')).toBeNull();
  });

  it('gives each entry of the realistic crontab its next run in its own zone', () => {
    const entries = parseCrontab(readFileSync(join(CRON_FIXTURES, 'user-crontab'), 'utf8'), 'crontab -l').filter((e): e is CronEntry => e.kind === 'job');
    const next = Object.fromEntries(entries.map((e) => [e.schedule, iso(cronNextRuns(e.schedule, after, 1, e.timezone ?? 'UTC'))?.[0] ?? null]));
    expect(next).toEqual({
      '30 2 * * *': '2026-03-29T02:30:00.000Z',
      '0 */6 * * *': '2026-03-28T18:00:00.000Z',
      '15 8 * * mon': '2026-03-30T08:15:00.000Z',
      '@reboot': null,
      '@daily': '2026-03-29T00:00:00.000Z',
      '@hourly': '2026-03-28T13:00:00.000Z',
      // CRON_TZ=Europe/Oslo: 07:00 CEST on April 1st.
      '0 7 1 * *': '2026-04-01T05:00:00.000Z',
      // Weekdays 09–17 Oslo time; Saturday afternoon, so Monday 09:00 CEST.
      '*/15 9-17 * * 1-5': '2026-03-30T07:00:00.000Z',
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCrontab, splitPercent, type CronEntry, type CrontabLine } from '../../plugins/cron';
import { CRON_FIXTURES } from './fixture-paths';

const fixture = (name: string): string => readFileSync(join(CRON_FIXTURES, name), 'utf8');
const jobs = (lines: CrontabLine[]): CronEntry[] => lines.filter((l): l is CronEntry => l.kind === 'job');

describe('parseCrontab on a realistic user crontab', () => {
  const lines = parseCrontab(fixture('user-crontab'), 'crontab -l');
  const entries = jobs(lines);
  const byCommand = (start: string) => entries.find((e) => e.command.startsWith(start)) as CronEntry;

  it('finds every job line and nothing else', () => {
    expect(lines.every((l) => l.kind === 'job')).toBe(true);
    expect(entries.map((e) => e.schedule)).toEqual([
      '30 2 * * *',
      '0 */6 * * *',
      '15 8 * * mon',
      '@reboot',
      '@daily',
      '@hourly',
      '0 7 1 * *',
      '*/15 9-17 * * 1-5',
    ]);
  });

  it('keeps the line number, source and command with its own spacing', () => {
    expect(byCommand('/usr/local/bin/sync.sh')).toMatchObject({
      source: 'crontab -l',
      line: 10,
      command: '/usr/local/bin/sync.sh >> /tmp/sync.log 2>&1',
      user: null,
      stdin: null,
    });
  });

  it('attaches the comment written directly above a job, and no header comment', () => {
    expect(byCommand('/usr/local/bin/sync.sh').comment).toBe('Nightly sync of the image workflow');
    expect(byCommand('cd /Users/erik/trading').comment).toBe('Trading refresh, pinged to Agent OS so a missed run is noticed');
    expect(byCommand('/usr/local/bin/start-tunnel').comment).toBeNull();
  });

  it('records the environment assignments in effect above each job', () => {
    expect(byCommand('/usr/local/bin/sync.sh').env).toEqual({ SHELL: '/bin/bash', PATH: '/usr/local/bin:/usr/bin:/bin', MAILTO: '' });
    expect(byCommand('/usr/local/bin/sync.sh').shell).toBe('/bin/bash');
    expect(byCommand('/usr/local/bin/poll-inbox').env.CRON_TZ).toBe('Europe/Oslo');
  });

  it('applies CRON_TZ only to the jobs below it', () => {
    expect(byCommand('/usr/local/bin/rotate-logs').timezone).toBeNull();
    expect(byCommand('/usr/local/bin/poll-inbox').timezone).toBe('Europe/Oslo');
  });

  it('keeps macros as schedules, @reboot included', () => {
    expect(byCommand('/usr/local/bin/start-tunnel').schedule).toBe('@reboot');
    expect(byCommand('/usr/local/bin/rotate-logs').schedule).toBe('@daily');
  });

  it('cuts the command at the first unescaped % and keeps the rest as stdin, noting why', () => {
    const invoice = byCommand('/usr/local/bin/invoice');
    expect(invoice.command).toBe('/usr/local/bin/invoice --month "$(date +%Y-%m)"');
    expect(invoice.stdin).toBe(' first line of stdin\nsecond line');
    expect(invoice.note).toMatch(/text after the first unescaped % .* on stdin/);
  });

  it('links the Agent OS and healthchecks.io ping suffixes by key', () => {
    expect(byCommand('cd /Users/erik/trading').pingKey).toBe('7f3c9a2e4b1d8c6f');
    expect(byCommand('/usr/local/bin/weekly-report').pingKey).toBe('5b7c7a2e-3f4d-4c1e-9a8b-0d6e2f1a9c33');
    expect(byCommand('wget -q').pings).toMatchObject([{ key: 'abc123def', event: 'start', tool: 'wget' }]);
    expect(byCommand('/usr/local/bin/sync.sh').pingKey).toBeNull();
  });
});

describe('parseCrontab on lines cron would reject', () => {
  const lines = parseCrontab(fixture('broken-crontab'), 'crontab -l');

  it('turns each bad line into an error with its line number and keeps going', () => {
    expect(lines.map((l) => [l.kind, l.line])).toEqual([
      ['error', 3],
      ['error', 4],
      ['error', 5],
      ['error', 6],
      ['job', 7],
    ]);
  });

  it('says what is wrong in words', () => {
    const errors = lines.flatMap((l) => (l.kind === 'error' ? [l.error] : []));
    expect(errors[0]).toMatch(/"61 \* \* \* \*" is not a valid cron schedule \(.*0-59\)/);
    expect(errors[1]).toMatch(/is not a crontab line: expected 5 time fields/);
    expect(errors[2]).toMatch(/"@fortnightly" is not a cron macro/);
    expect(errors[3]).toMatch(/"0 4 \* \* \*" has no command after it/);
  });

  it.each([['\u0000\u0001\u0002'], ['}{'], ['='], ['@'], ['     '], ['#'], ['* * * * *']])('never throws on %j', (text) => {
    expect(() => parseCrontab(text, 'x')).not.toThrow();
  });
});

describe('parseCrontab details', () => {
  it('reads /etc/cron.d lines with a user column', () => {
    const [entry] = jobs(parseCrontab(fixture('cron.d/php'), '/etc/cron.d/php', { withUser: true }));
    expect(entry).toMatchObject({ schedule: '09,39 * * * *', user: 'root' });
    expect(entry?.command).toBe('[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi');
  });

  it('reports a cron.d line whose user is missing', () => {
    const [line] = parseCrontab('@daily', '/etc/cron.d/x', { withUser: true });
    expect(line).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/has no user and command after it \(cron\.d lines are: schedule, user, command\)/),
    });
  });

  it('strips quotes and spaces around = in environment assignments, and later ones override', () => {
    const [entry] = jobs(parseCrontab(`A = "one two"\nB='x'\nA=three\n* * * * * run`, 'x'));
    expect(entry?.env).toEqual({ A: 'three', B: 'x' });
  });

  it('drops a comment that an environment line or blank line separates from the job', () => {
    const entries = jobs(parseCrontab('# about A\nX=1\n* * * * * a\n# about B\n\n* * * * * b\n# about C\n# more\n* * * * * c', 'x'));
    expect(entries.map((e) => e.comment)).toEqual([null, null, 'about C\nmore']);
  });

  it('notes a CRON_TZ that is not a real zone and falls back to local time', () => {
    const [entry] = jobs(parseCrontab('CRON_TZ=Mars/Olympus\n0 1 * * * x', 'x'));
    expect(entry?.timezone).toBeNull();
    expect(entry?.note).toMatch(/CRON_TZ=Mars\/Olympus is not a known time zone/);
  });

  it('finds a ping URL held in a crontab variable', () => {
    const [entry] = jobs(parseCrontab('PING=https://agent.local/ping/k3y\n0 * * * * job && curl -fsS "$PING"', 'x'));
    expect(entry?.pingKey).toBe('k3y');
    expect(entry?.command).toBe('job && curl -fsS "$PING"');
  });

  it('turns later % into newlines and \\% into a literal % in stdin', () => {
    expect(splitPercent('mail -s hi me%line 1%line 2 \\% done')).toEqual({ command: 'mail -s hi me', stdin: 'line 1\nline 2 % done' });
    expect(splitPercent('date +\\%s')).toEqual({ command: 'date +%s', stdin: null });
  });
});

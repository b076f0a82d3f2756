import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCrontab, readCronDir, readCrontab, type CronEntry } from '../../plugins/cron';
import { CRON_FIXTURES, fakeToolEnv } from './fixture-paths';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fake-crontab-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readCrontab with crontab on PATH (a stand-in replaying a realistic crontab)', () => {
  it('reads the user’s crontab into entries, with next-run schedules and ping links', async () => {
    const result = await readCrontab({ env: fakeToolEnv() });
    expect(result.active).toBe(true);
    if (!result.active) return;
    expect(result.error).toBeNull();
    expect(result.entries).toEqual(parseCrontab(readFileSync(join(CRON_FIXTURES, 'user-crontab'), 'utf8'), 'crontab -l'));
    const linked = result.entries.filter((e): e is CronEntry => e.kind === 'job' && e.pingKey !== null).map((e) => e.pingKey);
    expect(linked).toEqual(['7f3c9a2e4b1d8c6f', '5b7c7a2e-3f4d-4c1e-9a8b-0d6e2f1a9c33', 'abc123def']);
  });

  it('treats "no crontab for user" as an empty crontab, not an error', async () => {
    expect(await readCrontab({ env: fakeToolEnv({ FAKE_CRONTAB_MODE: 'none' }) })).toEqual({ active: true, entries: [], error: null });
  });

  it('reports any other crontab failure in one line', async () => {
    const result = await readCrontab({ env: fakeToolEnv({ FAKE_CRONTAB_MODE: 'broken' }) });
    expect(result).toEqual({
      active: true,
      entries: [],
      error: 'crontab -l failed: crontab: cannot open /var/spool/cron/crontabs/erik: Permission denied',
    });
  });

  it('keeps the lines cron would reject as error entries', async () => {
    const result = await readCrontab({ env: fakeToolEnv({ FAKE_CRONTAB_FILE: join(CRON_FIXTURES, 'broken-crontab') }) });
    if (!result.active) throw new Error('expected the fake crontab to be found');
    expect(result.entries.map((e) => e.kind)).toEqual(['error', 'error', 'error', 'error', 'job']);
  });

  it('is inactive, not failing, where there is no crontab binary', async () => {
    expect(await readCrontab({ env: { PATH: dir } })).toEqual({ active: false, reason: 'crontab not found on PATH' });
  });
});

describe('readCronDir', () => {
  it('reads system jobs with their user column and skips files cron itself ignores', async () => {
    const result = await readCronDir(join(CRON_FIXTURES, 'cron.d'));
    expect(result.skipped).toEqual([]);
    const jobs = result.entries.filter((e): e is CronEntry => e.kind === 'job');
    expect(jobs.map((e) => [e.source.split('/').pop(), e.schedule, e.user])).toEqual([
      ['certbot', '0 */12 * * *', 'root'],
      ['php', '09,39 * * * *', 'root'],
    ]);
    expect(jobs[0]?.env.SHELL).toBe('/bin/sh');
    expect(result.entries.some((e) => e.source.endsWith('e2scrub.dpkg-old'))).toBe(false);
  });

  it('skips what it cannot read and says which and why', async () => {
    writeFileSync(join(dir, 'backup'), '0 1 * * * root /usr/local/bin/backup\n');
    mkdirSync(join(dir, 'folder'));
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    const result = await readCronDir(dir);
    expect(result.entries.map((e) => e.kind === 'job' && e.command)).toEqual(['/usr/local/bin/backup']);
    expect(result.skipped.map((s) => [s.file.split('/').pop(), s.reason])).toEqual([
      ['dangling', 'cannot be read (ENOENT)'],
      ['folder', 'cannot be read (EISDIR)'],
    ]);
  });

  it('gives nothing, quietly, for a folder that does not exist', async () => {
    expect(await readCronDir(join(dir, 'no-such-cron.d'))).toEqual({ entries: [], skipped: [] });
  });
});

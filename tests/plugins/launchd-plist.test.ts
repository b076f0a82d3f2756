import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'plist';
import { describe, expect, it } from 'vitest';
import { agentFromPlist, readLaunchAgent, scanLaunchAgents } from '../../plugins/launchd';
import { LAUNCH_AGENTS } from './fixture-paths';

const fixture = (name: string): string => join(LAUNCH_AGENTS, name);

describe('reading launchd job files', () => {
  it('reads an XML job with a calendar dict, its argv, log paths and working directory', async () => {
    const agent = await readLaunchAgent(fixture('com.example.nightly-backup.plist'));
    expect(agent).toMatchObject({
      label: 'com.example.nightly-backup',
      program: '/usr/local/bin/backup.sh',
      arguments: ['/usr/local/bin/backup.sh', '--full'],
      schedule: { calendar: [{ Hour: 3, Minute: 15 }], interval: null, runAtLoad: false, keepAlive: false },
      stdoutPath: '/tmp/nightly-backup.out.log',
      stderrPath: '/tmp/nightly-backup.err.log',
      workingDirectory: '/Users/erik/backup',
      disabled: false,
      warnings: [],
    });
  });

  it('never carries the job’s EnvironmentVariables, which may hold the project’s secrets', async () => {
    const agent = await readLaunchAgent(fixture('com.example.nightly-backup.plist'));
    expect(JSON.stringify(agent)).not.toContain('fixture-secret-value');
  });

  it('reads a real binary plist the same way as XML', async () => {
    const file = fixture('com.example.hour-three.plist');
    expect(readFileSync(file).subarray(0, 8).toString('latin1')).toBe('bplist00');
    const agent = await readLaunchAgent(file);
    expect(agent.label).toBe('com.example.hour-three');
    expect(agent.schedule.calendar).toEqual([{ Hour: 3 }]);
    expect(agent.arguments).toEqual(['/usr/bin/true']);
  });

  it('reads a calendar array as a list of dicts, in XML and in binary', async () => {
    const xml = await readLaunchAgent(fixture('com.example.twice-weekly.plist'));
    expect(xml.schedule.calendar).toEqual([
      { Weekday: 1, Hour: 9, Minute: 0 },
      { Weekday: 7, Hour: 18, Minute: 30 },
    ]);
    const binary = await readLaunchAgent(fixture('com.example.month-ends.plist'));
    expect(binary.schedule.calendar).toEqual([
      { Day: 1, Hour: 6, Minute: 0 },
      { Day: 15, Hour: 6, Minute: 0 },
    ]);
  });

  it('uses Program alone as the whole argv when ProgramArguments is absent', async () => {
    const agent = await readLaunchAgent(fixture('com.example.twice-weekly.plist'));
    expect(agent.program).toBe('/usr/local/bin/report');
    expect(agent.arguments).toEqual(['/usr/local/bin/report']);
    expect(agent.stdoutPath).toBe('/tmp/twice-weekly.log');
    expect(agent.stderrPath).toBeNull();
  });

  it('takes Program as the executable and ProgramArguments as argv when both are given', async () => {
    const agent = await readLaunchAgent(fixture('com.example.poller.plist'));
    expect(agent.program).toBe('/usr/local/bin/node');
    expect(agent.arguments).toEqual(['node', '/Users/erik/poller/index.js']);
    expect(agent.schedule).toMatchObject({ calendar: null, interval: 900, runAtLoad: true, keepAlive: false });
  });

  it('reads KeepAlive as a flag or as a dict of conditions, and the Disabled key', async () => {
    const always = await readLaunchAgent(fixture('com.example.keepalive.plist'));
    expect(always.schedule).toMatchObject({ keepAlive: true, keepAliveConditions: null, runAtLoad: true, calendar: null, interval: null });
    const conditional = await readLaunchAgent(fixture('com.example.restart-on-failure.plist'));
    expect(conditional.schedule).toMatchObject({ keepAlive: true, keepAliveConditions: { SuccessfulExit: false } });
    expect(conditional.disabled).toBe(true);
  });

  it('names the file and what is wrong with a truncated XML plist', async () => {
    await expect(readLaunchAgent(fixture('malformed.plist'))).rejects.toThrow(/malformed\.plist: XML plist is cut off/);
  });

  it('names the file and what is wrong with a corrupt binary plist', async () => {
    await expect(readLaunchAgent(fixture('malformed-binary.plist'))).rejects.toThrow(/malformed-binary\.plist: binary plist is corrupt/);
  });

  it('lists every problem of a well-formed plist that is not a valid job at once', async () => {
    const failure = readLaunchAgent(fixture('invalid-no-label.plist'));
    await expect(failure).rejects.toThrow(/Label must be a non-empty string/);
    await expect(failure).rejects.toThrow(/StartCalendarInterval\.Hour must be an integer from 0 to 23, found 25/);
  });

  it('warns about a calendar key launchd would silently ignore', () => {
    const agent = agentFromPlist('/x.plist', { Label: 'x', Program: '/bin/x', StartCalendarInterval: { Minutes: 5, Hour: 4 } });
    expect(agent.schedule.calendar).toEqual([{ Hour: 4 }]);
    expect(agent.warnings).toEqual([expect.stringMatching(/StartCalendarInterval\.Minutes is not a launchd calendar key/)]);
  });

  it('rejects a job without Program or ProgramArguments, and a non-positive StartInterval', () => {
    expect(() => agentFromPlist('/y.plist', { Label: 'y', StartInterval: 0 })).toThrow(
      /one of Program or ProgramArguments is required; StartInterval must be a positive number of seconds/,
    );
  });
});

describe('scanning LaunchAgents folders', () => {
  it('returns every job and an error entry per broken file instead of throwing', async () => {
    const entries = await scanLaunchAgents([LAUNCH_AGENTS]);
    const agents = entries.flatMap((e) => (e.kind === 'agent' ? [e.agent.label] : []));
    const errors = entries.flatMap((e) => (e.kind === 'error' ? [e] : []));
    expect(agents).toEqual([
      'com.example.hour-three',
      'com.example.keepalive',
      'com.example.month-ends',
      'com.example.nightly-backup',
      'com.example.poller',
      'com.example.restart-on-failure',
      'com.example.twice-weekly',
    ]);
    expect(errors.map((e) => e.file.split('/').pop())).toEqual(['invalid-no-label.plist', 'malformed-binary.plist', 'malformed.plist']);
    for (const error of errors) expect(error.error).toContain(error.file);
  });

  it('ignores files that are not plists and folders that do not exist', async () => {
    const entries = await scanLaunchAgents(['/nonexistent/Library/LaunchAgents', LAUNCH_AGENTS]);
    expect(entries.some((e) => e.file.endsWith('README.txt'))).toBe(false);
    expect(entries.some((e) => e.file.startsWith('/nonexistent'))).toBe(false);
  });

  it('keeps the label of a job whose plist decodes but does not validate, so the UI can name it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launchd-scan-'));
    try {
      writeFileSync(join(dir, 'com.example.bad-interval.plist'), build({ Label: 'com.example.bad-interval', Program: '/bin/true', StartInterval: 'hourly' }));
      const [entry] = await scanLaunchAgents([dir]);
      expect(entry).toMatchObject({ kind: 'error', label: 'com.example.bad-interval' });
      expect(entry?.kind === 'error' && entry.error).toMatch(/StartInterval must be a whole number of seconds, found "hourly"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

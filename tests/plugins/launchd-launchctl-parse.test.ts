import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLaunchctlList, parseLaunchctlPrint } from '../../plugins/launchd';
import { LAUNCHD_FIXTURES } from './fixture-paths';

const text = (name: string): string => readFileSync(join(LAUNCHD_FIXTURES, name), 'utf8');

describe('parseLaunchctlList', () => {
  const entries = parseLaunchctlList(text('launchctl-list.txt'));
  const byLabel = (label: string) => entries.find((e) => e.label === label);

  it('reads every job row and skips the header', () => {
    expect(entries).toHaveLength(8);
    expect(entries.some((e) => e.label === 'Label')).toBe(false);
  });

  it('reads `-` as no pid and a number as the running pid', () => {
    expect(byLabel('com.example.nightly-backup')?.pid).toBeNull();
    expect(byLabel('com.example.keepalive')?.pid).toBe(123);
  });

  it('reads a positive status as the last exit code', () => {
    expect(byLabel('com.example.nightly-backup')).toMatchObject({ lastExitStatus: 78, exitCode: 78, signal: null });
  });

  it('reads a negative status as the signal that killed the job', () => {
    expect(byLabel('com.example.poller')).toMatchObject({ lastExitStatus: -9, exitCode: null, signal: 9 });
    expect(byLabel('com.example.restart-on-failure')).toMatchObject({ signal: 15 });
  });

  it('ignores lines it does not recognise instead of failing', () => {
    const odd = 'PID\tStatus\tLabel\nwarning: something changed\n42\t0\tcom.ok\nabc\tdef\tghi\n-\t-\tcom.never-ran\n\n';
    expect(parseLaunchctlList(odd)).toEqual([
      { label: 'com.ok', pid: 42, lastExitStatus: 0, exitCode: 0, signal: null },
      { label: 'com.never-ran', pid: null, lastExitStatus: null, exitCode: null, signal: null },
    ]);
  });
});

describe('parseLaunchctlPrint', () => {
  it('reads a job that is not running: runs, last exit code with its meaning, program, arguments and log paths', () => {
    expect(parseLaunchctlPrint(text('print/com.example.nightly-backup.txt'))).toEqual({
      state: 'not running',
      rawState: 'not running',
      pid: null,
      runs: 14,
      lastExitCode: 78,
      lastExitDetail: 'Function not implemented',
      neverExited: false,
      lastSignal: null,
      lastSignalName: null,
      program: '/usr/local/bin/backup.sh',
      arguments: ['/usr/local/bin/backup.sh', '--full'],
      stdoutPath: '/tmp/nightly-backup.out.log',
      stderrPath: '/tmp/nightly-backup.err.log',
      plistPath: '/Users/erik/Library/LaunchAgents/com.example.nightly-backup.plist',
      note: null,
    });
  });

  it('reads a running job’s pid and a job that never exited', () => {
    const info = parseLaunchctlPrint(text('print/com.example.keepalive.txt'));
    expect(info).toMatchObject({ state: 'running', pid: 123, runs: 3, lastExitCode: null, neverExited: true, lastExitDetail: '(never exited)' });
  });

  it('does not mistake nested blocks (endpoints, coalitions, environment) for the job’s own fields', () => {
    const info = parseLaunchctlPrint(text('print/com.example.keepalive.txt'));
    expect(info.rawState).toBe('running');
    expect(info.arguments).toEqual(['/usr/local/bin/agent-daemon', '--port', '9000']);
    const backup = parseLaunchctlPrint(text('print/com.example.nightly-backup.txt'));
    expect(JSON.stringify(backup)).not.toContain('fixture-secret-value');
  });

  it('reads the last terminating signal by name and number', () => {
    expect(parseLaunchctlPrint(text('print/com.example.poller.txt'))).toMatchObject({
      state: 'not running',
      runs: 41,
      lastSignal: 9,
      lastSignalName: 'Killed',
      lastExitCode: null,
    });
  });

  it('counts launchd’s other states as not running and keeps the word launchd used', () => {
    const info = parseLaunchctlPrint('gui/501/x = {\n\tstate = spawn scheduled\n\truns = 2\n}\n');
    expect(info).toMatchObject({ state: 'not running', rawState: 'spawn scheduled', runs: 2, note: null });
  });

  it('leaves the state unknown with a readable note when the output is garbage', () => {
    const info = parseLaunchctlPrint('~~ 0xDEADBEEF ~~\nlorem ipsum = = =\n{ unbalanced\n12 apples\n');
    expect(info.state).toBe('unknown');
    expect(info.note).toMatch(/launchctl print output was not understood \(first line: "~~ 0xDEADBEEF ~~"\); the job's state is unknown\./);
  });

  it('says so when a block parses but has no state line', () => {
    const info = parseLaunchctlPrint('gui/501/x = {\n\truns = 5\n\tpid = 77\n}\n');
    expect(info).toMatchObject({ state: 'unknown', runs: 5, pid: 77 });
    expect(info.note).toMatch(/no 'state' line/);
  });

  it.each([[''], ['}}}}'], ['{{{{'], ['\u0000\u0001binary'], ['state = running']])('never throws on %j', (input) => {
    expect(() => parseLaunchctlPrint(input)).not.toThrow();
    expect(() => parseLaunchctlList(input)).not.toThrow();
  });
});

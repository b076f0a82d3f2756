import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kickstart, launchctlList, launchctlPrint } from '../../plugins/launchd';
import { fakeToolEnv } from './fixture-paths';

let dir: string;
let log: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fake-launchctl-'));
  log = join(dir, 'calls.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const calls = (): string[][] =>
  readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
const options = (mode?: string) => ({ uid: 501, env: fakeToolEnv({ FAKE_LAUNCHCTL_LOG: log, ...(mode ? { FAKE_LAUNCHCTL_MODE: mode } : {}) }) });

describe('launchctl on PATH (a stand-in replaying real output)', () => {
  it('lists loaded jobs with their pids and last statuses', async () => {
    const result = await launchctlList(options());
    expect(result.active).toBe(true);
    if (!result.active) return;
    expect(result.error).toBeNull();
    expect(result.entries.find((e) => e.label === 'com.example.poller')).toMatchObject({ pid: null, signal: 9 });
    expect(calls()).toEqual([['list']]);
  });

  it('prints one job in the user’s gui domain and reads its state', async () => {
    const result = await launchctlPrint('com.example.nightly-backup', options());
    expect(result).toMatchObject({ active: true, info: { state: 'not running', runs: 14, lastExitCode: 78 } });
    expect(calls()).toEqual([['print', 'gui/501/com.example.nightly-backup']]);
  });

  it('reports a running job with its pid', async () => {
    const result = await launchctlPrint('com.example.keepalive', options());
    expect(result).toMatchObject({ active: true, info: { state: 'running', pid: 123 } });
  });

  it('leaves a job launchd does not know as unknown, saying it is not loaded', async () => {
    const result = await launchctlPrint('com.example.not-loaded', options());
    expect(result).toMatchObject({ active: true, info: { state: 'unknown' } });
    if (result.active) expect(result.info.note).toMatch(/gui\/501\/com\.example\.not-loaded is not loaded in launchd .*Could not find service/);
  });

  it('turns garbage output into an unknown state with a note, never a crash', async () => {
    const printed = await launchctlPrint('com.example.nightly-backup', options('garbage'));
    expect(printed).toMatchObject({ active: true, info: { state: 'unknown' } });
    if (printed.active) expect(printed.info.note).toMatch(/not understood/);
    const listed = await launchctlList(options('garbage'));
    expect(listed).toEqual({ active: true, entries: [], error: 'launchctl list output was not understood; no jobs could be read from it.' });
  });

  it('gives up on a launchctl that does not answer, within the timeout', async () => {
    const started = Date.now();
    const result = await launchctlPrint('com.example.nightly-backup', { ...options('hang'), timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ active: true, info: { state: 'unknown' } });
    if (result.active) expect(result.info.note).toMatch(/did not answer within 300 ms/);
  });

  it('runs a job now with `kickstart -k gui/<uid>/<label>`', async () => {
    const result = await kickstart('com.example.nightly-backup', options());
    expect(result).toEqual({ active: true, ok: true, error: null });
    expect(calls()).toEqual([['kickstart', '-k', 'gui/501/com.example.nightly-backup']]);
  });

  it('reports a kickstart launchd refuses as a readable error', async () => {
    const result = await kickstart('com.example.not-loaded', options());
    expect(result).toMatchObject({ active: true, ok: false });
    if (result.active) expect(result.error).toMatch(/^launchctl kickstart -k gui\/501\/com\.example\.not-loaded exited 113: Bad request\./);
  });

  it('targets the current user’s gui domain by default', async () => {
    await kickstart('com.example.poller', { env: options().env });
    expect(calls()).toEqual([['kickstart', '-k', `gui/${process.getuid?.() ?? 501}/com.example.poller`]]);
  });
});

describe('no launchctl on PATH', () => {
  it('makes every call inactive with the reason, not a failure', async () => {
    const env = { PATH: dir };
    const inactive = { active: false, reason: 'launchctl not found on PATH' };
    expect(await launchctlList({ env })).toEqual(inactive);
    expect(await launchctlPrint('com.example.poller', { env })).toEqual(inactive);
    expect(await kickstart('com.example.poller', { env })).toEqual(inactive);
  });
});

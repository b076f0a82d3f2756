// Issue 22 §1: a full disk (SQLITE_FULL) does not stop the engine. It stays up, starts no run, says "the disk
// holding <home> is full" in status, keeps a run that finished meanwhile in memory until it can be written,
// refuses (does not acknowledge) pings it cannot store, and carries on by itself once there is space.
// Needs a small tmpfs, so it runs as root (as in CI's container); elsewhere it is skipped with a line.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { createClock, manifest, type TestClock } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const asRoot = process.getuid?.() === 0;
if (!asRoot) console.log('disk-full tests skipped: mounting a small tmpfs needs root');

let box: Sandbox;
let disk: string;
let home: string;
let marker: string;
let core: Core | null = null;
let clock: TestClock;

beforeEach(() => {
  if (!asRoot) return;
  box = createSandbox();
  disk = join(box.root, 'disk');
  mkdirSync(disk);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', disk]);
  home = join(disk, 'home');
  mkdirSync(home);
  marker = join(box.root, 'slow-ended');
  const project = writeProject(box.root, 'proj', {
    manifest: manifest('proj', {
      slow: [`command: ["sh", "-c", "sleep 0.3; echo '{\\"type\\":\\"result\\",\\"key\\":\\"k\\",\\"rows\\":3}' >> \\"$AGENT_OS_OUTPUT\\"; touch ${marker}"]`],
      quick: ['command: ["true"]'],
      beat: ['heartbeat: { period: 1h, grace: 10m }'],
    }),
  });
  writeConfig(home, [project]);
  clock = createClock();
});

afterEach(async () => {
  if (!asRoot) return;
  await core?.stop();
  core = null;
  execFileSync('umount', ['-l', disk]);
  box.cleanup();
});

/** Fills the disk to the last byte. */
function fill(): string {
  const filler = join(disk, 'filler');
  try {
    writeFileSync(filler, Buffer.alloc(32 * 1024 * 1024));
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
  return filler;
}

const FULL = /^the disk holding .*\/disk\/home is full .*: no run starts until there is space again; free some space and Agent OS carries on by itself$/;

describe.runIf(asRoot)('a full disk', () => {
  it('stays up, starts nothing, keeps a run that finished meanwhile, and carries on once there is space', async () => {
    core = createCore({ home, clock });
    await core.start({ engine: true });
    const c = core;
    const key = c.pingKeyOf('proj/beat');
    const slow = c.handlers['runs.start']({ task: 'proj/slow' });
    await waitFor('the slow run to be running', () => c.handlers['runs.get']({ id: slow.id }).run.status === 'running');
    const filler = fill();

    expect(() => c.handlers['runs.start']({ task: 'proj/quick' })).toThrow(FULL);
    expect(c.handlers['status.get']().notices).toEqual([expect.stringMatching(FULL)]);
    await expect(c.ping(key, { kind: 'success' })).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    await waitFor('the slow task to end', () => existsSync(marker));
    // Its end cannot be written yet; the engine holds it instead of dying or dropping it.
    await new Promise((r) => setTimeout(r, 200));
    expect(c.handlers['runs.get']({ id: slow.id }).run.status).toBe('running');
    expect(() => c.handlers['runs.start']({ task: 'proj/quick' })).toThrow(FULL);

    rmSync(filler);
    clock.advance(10_000);
    await waitFor('the slow run to be closed', () => c.handlers['runs.get']({ id: slow.id }).run.status === 'success');
    expect(c.handlers['results.list']({ task: 'proj/slow' }).map((r) => r.data)).toEqual([{ rows: 3 }]);
    expect(c.handlers['status.get']().notices).toBeUndefined();
    const quick = c.handlers['runs.start']({ task: 'proj/quick' });
    await waitFor('the quick run to succeed', () => c.handlers['runs.get']({ id: quick.id }).run.status === 'success');
    await expect(c.ping(key, { kind: 'success' })).resolves.toMatchObject({ task: 'proj/beat' });
  });

  it('restarts on a full disk instead of dying, and says so at the first write', async () => {
    core = createCore({ home, clock });
    await core.start({ engine: true });
    await core.stop();
    // SQLite needs a few KB to open its files at all: the disk fills once they are open.
    core = createCore({ home, clock });
    const filler = fill();
    await core.start({ engine: true });
    const c = core;
    expect(() => c.handlers['runs.start']({ task: 'proj/quick' })).toThrow(FULL);
    expect(c.handlers['status.get']().notices).toEqual([expect.stringMatching(FULL)]);
    rmSync(filler);
    clock.advance(10_000);
    await waitFor('the notice to go', () => c.handlers['status.get']().notices === undefined);
  });
});

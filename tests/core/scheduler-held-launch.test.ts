// A scheduled run's process is forked a second ahead and held in /bin/sh until its time (runner/held-process.ts).
// What the task sees must not change: the same pid from the held shell to the task, exactly the environment
// a run started any other way gets, its exit code, its timeout counted from its start; and a held process
// whose run does not happen (paused, manifest changed, engine killed) never runs the task.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { spawnCli } from '../helpers/cli';
import { coreRuns, manifest, startEngine, useEngineSandbox } from '../helpers/engine';
import { envNames, isProcessGone, waitFor, writeConfig, writeProject } from '../helpers/fixtures';

const t = useEngineSandbox();

/** Pids of held shells (`sh -c … agent-os-task <command>`) whose parent is `parent`, with their command lines. */
function heldShells(parent: number): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').slice(0, -1);
      if (ppid === parent && args[0] === '/bin/sh' && args.includes('agent-os-task'))
        found.set(Number(entry), args.slice(args.indexOf('agent-os-task') + 1).join(' '));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Records every held shell of `parent` seen until stopped. */
function watchHeld(parent: number): { seen: Map<number, string>; stop(): void } {
  const seen = new Map<number, string>();
  const timer = setInterval(() => heldShells(parent).forEach((args, pid) => seen.set(pid, args)), 20);
  return { seen, stop: () => clearInterval(timer) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The lines a marker-writing task appended so far. */
const marks = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe('a scheduled run started from its held process', () => {
  it('is the held process itself (same pid) and gets exactly the environment of any other run', async () => {
    const dir = writeProject(t.box.root, 'p', {
      manifest: manifest('p', { show: ['command: ["env"]', 'schedule: "*/2 * * * * *"', 'env: { TASK_LEVEL: debug }'] }),
      env: { P_SETTING: 'from-env-file' },
    });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    const held = watchHeld(process.pid);
    const runs = await waitFor(
      'two successful scheduled runs',
      () => {
        const ok = coreRuns(t.core as Core, 'p/show').filter((r) => r.status === 'success' && r.trigger === 'schedule');
        return ok.length >= 2 && ok;
      },
      { timeoutMs: 20_000 },
    );
    held.stop();

    const fromHeld = runs.filter((r) => r.pid !== null && held.seen.get(r.pid) === 'env');
    expect(fromHeld.length).toBeGreaterThanOrEqual(1);
    const run = fromHeld[0];
    if (!run) throw new Error('unreachable');
    const log = t.core.handlers['runs.get']({ id: run.id }).log;
    // No PWD, OLDPWD or SHLVL from the holding shell; AGENT_OS_RUN_ID given at release is this run's.
    const base = ['HOME', 'LANG', 'PATH', 'SHELL', 'TMPDIR', ...(process.env.USER ? ['USER'] : [])];
    expect(envNames(log)).toEqual([...base, 'AGENT_OS_OUTPUT', 'AGENT_OS_RUN_ID', 'P_SETTING', 'TASK_LEVEL'].sort());
    expect(log).toContain(`AGENT_OS_RUN_ID=${run.id}\n`);
    expect(log).toContain('P_SETTING=from-env-file\n');
  }, 30_000);

  it('keeps its exit code, and its timeout counts from its start, not from the fork a second before', async () => {
    const dir = writeProject(t.box.root, 'p', {
      manifest: manifest('p', {
        fails: ['command: ["sh", "-c", "echo failing >&2; exit 3"]', 'schedule: "*/2 * * * * *"'],
        slow: ['command: ["sleep", "5"]', 'schedule: "*/3 * * * * *"', 'timeout: 1s'],
      }),
    });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    const held = watchHeld(process.pid);
    const failed = await waitFor('a failed scheduled run from a held process', () =>
      coreRuns(t.core as Core, 'p/fails').find((r) => r.status === 'failed' && r.pid !== null && held.seen.has(r.pid)),
    );
    const timedOut = await waitFor('a timed-out scheduled run from a held process', () =>
      coreRuns(t.core as Core, 'p/slow').find((r) => r.status === 'timeout' && r.pid !== null && held.seen.has(r.pid)),
    );
    held.stop();

    expect(failed.exit_code).toBe(3);
    expect(failed.error).toContain('failing');
    // Killed 1 s after its recorded start at the earliest: the clock did not start at the fork.
    expect(timedOut.duration_ms).toBeGreaterThanOrEqual(1000);
  }, 30_000);

  it('starts a command that cannot be found the usual way, failing with "command not found"', async () => {
    const dir = writeProject(t.box.root, 'p', { manifest: manifest('p', { missing: ['command: ["no-such-program-agent-os"]', 'schedule: "*/2 * * * * *"'] }) });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    const run = await waitFor('a failed scheduled run', () => coreRuns(t.core as Core, 'p/missing').find((r) => r.status === 'failed'));
    expect(run.error).toMatch(/command not found: no-such-program-agent-os/);
  }, 20_000);
});

describe('a held process whose run does not happen', () => {
  it('is ended without running the task when the task is paused before its time', async () => {
    const marker = join(t.box.root, 'ran.txt');
    const dir = writeProject(t.box.root, 'p', {
      manifest: manifest('p', { mark: [`command: ["sh", "-c", "echo $AGENT_OS_RUN_ID >> ${marker}"]`, 'schedule: "*/5 * * * * *"'] }),
    });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    // Pause while a held shell waits and its time is still ≥ 300 ms away.
    const pid = await waitFor(
      'a held shell well before its time',
      () => {
        const ms = Date.now() % 5000;
        return ms > 0 && ms < 4700 && [...heldShells(process.pid).keys()][0];
      },
      { intervalMs: 20 },
    );
    const before = marks(marker);
    const pausedAt = new Date().toISOString();
    t.core.handlers['tasks.pause']({ task: 'p/mark' });
    await waitFor('the held shell to end', () => isProcessGone(pid));
    await sleep(5500); // past the time it was held for
    expect(marks(marker)).toEqual(before);
    expect(coreRuns(t.core, 'p/mark').filter((r) => (r.started_at ?? '') > pausedAt)).toEqual([]);
  }, 30_000);

  it('is replaced when the manifest changes, so the next run uses the new command', async () => {
    const dir = writeProject(t.box.root, 'p', { manifest: manifest('p', { say: ['command: ["echo", "old"]', 'schedule: "*/2 * * * * *"'] }) });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    const pid = await waitFor('a held shell for the old command', () => [...heldShells(process.pid)].find(([, args]) => args === 'echo old')?.[0], {
      intervalMs: 20,
    });
    writeFileSync(join(dir, 'agent-os.yml'), manifest('p', { say: ['command: ["echo", "new"]', 'schedule: "*/2 * * * * *"'] }));
    t.core.reload();
    await waitFor('the old held shell to end', () => isProcessGone(pid));
    const changedAt = new Date().toISOString();
    const run = await waitFor('a run after the change', () =>
      coreRuns(t.core as Core, 'p/say').find((r) => r.status === 'success' && (r.started_at ?? '') > changedAt),
    );
    expect(t.core.handlers['runs.get']({ id: run.id }).log).toBe('new\n');
  }, 30_000);

  it('exits without running the task when the engine is killed (kill -9 of serve)', async () => {
    const marker = join(t.box.root, 'ran.txt');
    const dir = writeProject(t.box.root, 'p', {
      manifest: manifest('p', { mark: [`command: ["sh", "-c", "echo ran >> ${marker}"]`, 'schedule: "*/5 * * * * *"'] }),
    });
    writeConfig(t.box.home, [dir]);
    const serve = spawnCli(['serve'], { home: t.box.home });
    const exited = new Promise<void>((resolve) => serve.once('exit', () => resolve()));
    try {
      const servePid = serve.pid ?? -1;
      const pid = await waitFor(
        'a held shell of serve well before its time',
        () => {
          const ms = Date.now() % 5000;
          return ms > 0 && ms < 4700 && [...heldShells(servePid).keys()][0];
        },
        { intervalMs: 20, timeoutMs: 30_000 },
      );
      const before = marks(marker);
      serve.kill('SIGKILL');
      await exited;
      await waitFor('the orphaned held shell to end', () => isProcessGone(pid), { timeoutMs: 5000 });
      await sleep(5000 - (Date.now() % 5000) + 300); // past the time it was held for
      expect(marks(marker)).toEqual(before);
    } finally {
      if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
    }
  }, 45_000);
});

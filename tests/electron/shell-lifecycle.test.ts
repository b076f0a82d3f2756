// The desktop app's life: quitting (from the menu or by signal) leaves nothing running, a second start hands
// over to the first, and waking from sleep runs the missed-run check.
import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { processesMentioning } from '../e2e/support/serve';
import { listRuns, type RunRow } from '../helpers/cli';
import { isProcessGone } from '../helpers/fixtures';
import { DEMO_TASKS, trayReady, useShellBed } from './support/shell-bed';
import type { ShellProcess } from './support/shell-process';

async function waitForRuns(home: string, check: (runs: RunRow[]) => boolean, what: string): Promise<RunRow[]> {
  for (let waited = 0; waited < 20_000; waited += 150) {
    const runs = await listRuns(home);
    if (check(runs)) return runs;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await listRuns(home))}`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Starts demo/slow from the menu and waits until its process runs. */
async function startSlowRun(shell: ShellProcess, home: string, marker: string): Promise<number[]> {
  await shell.send({ name: 'tray.rightClick' });
  await shell.send({ name: 'menu.click', from: 'popup', path: ['Run now', 'demo', 'slow'] });
  await waitForRuns(home, (runs) => runs[0]?.task === 'demo/slow' && runs[0].status === 'running', 'demo/slow to run');
  const tasks = processesMentioning(marker).filter((p) => p.pid !== shell.pid && p.cmdline.includes('sleep 60'));
  expect(tasks.length).toBeGreaterThan(0);
  return tasks.map((p) => p.pid);
}

async function expectCleanExit(shell: ShellProcess, home: string, port: number, taskPids: number[]): Promise<void> {
  expect(await shell.exited).toEqual({ code: 0, signal: null });
  // No run left running: the one that was is recorded as interrupted (read by a fresh CLI engine).
  const runs = await listRuns(home);
  expect(runs.filter((r) => r.status === 'running')).toEqual([]);
  expect(runs.find((r) => r.task === 'demo/slow')).toMatchObject({ status: 'interrupted' });
  for (const pid of taskPids) expect(isProcessGone(pid), `task process ${pid}`).toBe(true);
  expect(await portIsFree(port)).toBe(true);
  expect(existsSync(join(home, 'server.json'))).toBe(false);
  expect(existsSync(join(home, 'engine.pid'))).toBe(false);
}

describe('quitting the desktop app', () => {
  const bed = useShellBed();

  it('from the menu: ends running tasks as interrupted, frees the port and exits 0', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    const port = Number(new URL((await bed.server()).url).port);
    const pids = await startSlowRun(shell, bed.box.home, bed.box.root);
    await shell.send({ name: 'tray.rightClick' });
    await shell.send({ name: 'menu.click', from: 'popup', path: ['Quit Agent OS'] }).catch(() => undefined); // it may exit before answering
    await expectCleanExit(shell, bed.box.home, port, pids);
  });

  it('on SIGTERM (kill, Ctrl-C of npm start) as from the menu', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    const port = Number(new URL((await bed.server()).url).port);
    const pids = await startSlowRun(shell, bed.box.home, bed.box.root);
    process.kill(shell.pid, 'SIGTERM');
    await expectCleanExit(shell, bed.box.home, port, pids);
  });
});

describe('a second start of the desktop app', () => {
  const bed = useShellBed();

  it('shows the first instance’s window and exits without starting an engine', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'agent-os-user-data-'));
    const first = await bed.start({ userData });
    await trayReady(first);
    const second = await bed.start({ userData });
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const snapshot = await first.waitFor('the second-instance event', (s) => (s.secondInstances === 1 ? s : null));
    expect(snapshot.windows[0]).toMatchObject({ visible: true, focused: true });
    expect((await bed.server()).pid).toBe(first.pid);
    expect(second.output()).toBe('');
  });
});

// The shell's wall clock jumps through libfaketime (Debian's faketime).
describe.skipIf(lacks('faketime'))('waking from sleep', () => {
  // Every 10 minutes; the machine "sleeps" for an hour: the wall clock jumps, timers do not notice.
  const bed = useShellBed('server:\n  port: 0\n', { ...DEMO_TASKS, tick: ['command: ["echo", "tick"]', 'schedule: "*/10 * * * *"', 'catch_up: latest'] });

  it('runs the missed-run check on resume: one missed run for the hour asleep and one catch-up run', async () => {
    const clock = join(bed.box.root, 'wall-clock');
    writeFileSync(clock, '+0');
    const shell = await bed.start({ wallClockFile: clock });
    await trayReady(shell);
    await shell.send({ name: 'power', event: 'suspend' });
    writeFileSync(clock, '+3600');
    // Asleep an hour by the wall clock, and no timer fired: nothing is recorded until the app hears it woke.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await listRuns(bed.box.home)).filter((r) => r.task === 'demo/tick')).toEqual([]);

    await shell.send({ name: 'power', event: 'resume' });
    const runs = await waitForRuns(
      bed.box.home,
      (all) => all.some((r) => r.task === 'demo/tick' && r.trigger === 'catch_up' && r.status === 'success'),
      'the catch-up run',
    );
    const tick = runs.filter((r) => r.task === 'demo/tick');
    expect(tick.map((r) => [r.status, r.trigger]).sort()).toEqual([
      ['missed', 'schedule'],
      ['success', 'catch_up'],
    ]);
    expect(tick.find((r) => r.status === 'missed')?.error).toMatch(/^missed 6 scheduled runs from .*asleep/);
  });
});

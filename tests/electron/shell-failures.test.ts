// A task failing in the desktop app: the icon, the menu and one native notification per failure streak;
// the notification's click and Rerun, Run now from the menu, and the recovery.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns, type RunRow } from '../helpers/cli';
import { labels, trayReady, useShellBed } from './support/shell-bed';
import type { ShellProcess } from './support/shell-process';

async function runsOf(home: string, task: string): Promise<RunRow[]> {
  return (await listRuns(home)).filter((r) => r.task === task);
}

async function waitForRuns(home: string, task: string, check: (runs: RunRow[]) => boolean, what: string): Promise<RunRow[]> {
  for (let waited = 0; waited < 20_000; waited += 150) {
    const runs = await runsOf(home, task);
    if (check(runs)) return runs;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await runsOf(home, task))}`);
}

async function runFromMenu(shell: ShellProcess, task: string): Promise<void> {
  await shell.send({ name: 'tray.rightClick' });
  await shell.send({ name: 'menu.click', from: 'popup', path: ['Run now', ...task.split('/')] });
}

describe('a failing task in the desktop app', () => {
  const bed = useShellBed();

  it('shows the failure on the icon within 1 s, lists it in the menu, and notifies once per failure streak', async () => {
    const shell = await bed.start({ platform: 'darwin' });
    await trayReady(shell);
    await runFromMenu(shell, 'demo/flaky');
    const [failed] = await waitForRuns(bed.box.home, 'demo/flaky', (r) => r[0]?.status === 'failed', 'the first failed run');
    const snapshot = await shell.waitFor('the failing icon', (s) => (s.tray?.image === 'tray-failingTemplate.png' ? s : null));
    const firstFailingLook = snapshot.trayUpdates.find((u) => u.image === 'tray-failingTemplate.png');
    expect(firstFailingLook!.at - Date.parse(failed!.finished_at!)).toBeLessThan(1000);
    expect(snapshot.tray).toMatchObject({ title: '1', tooltip: 'Agent OS: 1 failing, 2 not run yet' });

    await shell.send({ name: 'tray.rightClick' });
    const menu = (await shell.snapshot()).popups.at(-1)!;
    expect(labels(menu).slice(0, 3)).toEqual(['✘ demo/flaky', '---', 'Run now']);
    const runNow = menu.find((i) => i.label === 'Run now');
    expect(runNow?.submenu?.map((p) => [p.label, labels(p.submenu ?? [])])).toEqual([['demo', ['flaky', 'hello', 'slow']]]);

    // Two more failures in the same streak: still one notification, with a Rerun button.
    await runFromMenu(shell, 'demo/flaky');
    await waitForRuns(bed.box.home, 'demo/flaky', (r) => r.length === 2 && r[0]?.status === 'failed', 'the second failed run');
    await runFromMenu(shell, 'demo/flaky');
    await waitForRuns(bed.box.home, 'demo/flaky', (r) => r.length === 3 && r[0]?.status === 'failed', 'the third failed run');
    await shell.waitFor('the failure notification', (s) => s.notifications.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the delivery worker passes once a second
    const { notifications } = await shell.snapshot();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ title: expect.stringContaining('demo/flaky'), actions: ['Rerun'], silent: false });
    expect(notifications[0]!.body).toMatch(/exit|code 1/i);
  });

  it('opens the run in the tray window when the notification is clicked', async () => {
    const shell = await bed.start({ platform: 'darwin' });
    await trayReady(shell);
    await runFromMenu(shell, 'demo/flaky');
    const [failed] = await waitForRuns(bed.box.home, 'demo/flaky', (r) => r[0]?.status === 'failed', 'the failed run');
    const { notifications } = await shell.waitFor('the failure notification', (s) => (s.notifications.length > 0 ? s : null));

    await shell.send({ name: 'notification.click', id: notifications[0]!.id });
    const window = await shell.waitFor('the tray window at that run', (s) => (s.windows[0]?.visible ? s.windows[0] : null));
    expect(window.loads.at(-1)).toBe(`app://agent-os/?run=${failed!.id}`);
    expect(window.focused).toBe(true);
  });

  it("starts a new run of the task from the notification's Rerun button", async () => {
    const shell = await bed.start({ platform: 'darwin' });
    await trayReady(shell);
    await runFromMenu(shell, 'demo/flaky');
    const [failed] = await waitForRuns(bed.box.home, 'demo/flaky', (r) => r[0]?.status === 'failed', 'the failed run');
    const { notifications } = await shell.waitFor('the failure notification', (s) => (s.notifications.length > 0 ? s : null));
    await shell.send({ name: 'notification.action', id: notifications[0]!.id, index: 0 });
    const runs = await waitForRuns(bed.box.home, 'demo/flaky', (r) => r.length === 2, 'the rerun');
    expect(runs[0]).toMatchObject({ trigger: 'manual' });
    expect(runs[0]!.id).toBeGreaterThan(failed!.id);
  });

  it('returns the icon to ok when the task recovers, with a quiet recovery notification', async () => {
    const shell = await bed.start({ platform: 'darwin' });
    await trayReady(shell);
    await runFromMenu(shell, 'demo/flaky');
    await shell.waitFor('the failing icon', (s) => s.tray?.image === 'tray-failingTemplate.png');
    writeFileSync(join(bed.project, 'ok'), '');
    await runFromMenu(shell, 'demo/flaky');
    const snapshot = await shell.waitFor('the ok icon', (s) => (s.tray?.image === 'tray-okTemplate.png' ? s : null));
    expect(snapshot.tray).toMatchObject({ title: '', tooltip: 'Agent OS: 1 ok, 2 not run yet' });
    const notes = await shell.waitFor('the recovery notification', (s) => (s.notifications.length === 2 ? s.notifications : null));
    expect(notes[1]).toMatchObject({ title: expect.stringMatching(/^Recovered: demo\/flaky/), silent: true, actions: [] });
  });

  it('runs any task from Run now ▸ in the menu', async () => {
    const shell = await bed.start({ platform: 'darwin' });
    await trayReady(shell);
    await runFromMenu(shell, 'demo/hello');
    const [run] = await waitForRuns(bed.box.home, 'demo/hello', (r) => r[0]?.status === 'success', 'the hello run');
    expect(run).toMatchObject({ trigger: 'manual', exit_code: 0 });
  });
});

// One engine per home (SPEC §1, §9): the desktop app attaches to an `agent-os serve` already running for its
// home instead of starting a second engine, takes over when that serve stops, and says plainly which port to
// free when the configured one belongs to another program.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRuns } from '../helpers/cli';
import { startServe, type ServeProcess } from '../helpers/engine';
import { writeConfig } from '../helpers/fixtures';
import { labels, trayReady, useShellBed } from './support/shell-bed';
import type { ShellProcess } from './support/shell-process';

const enginePid = (home: string): number => Number(readFileSync(join(home, 'engine.pid'), 'utf8').trim());

async function menu(shell: ShellProcess): Promise<string[]> {
  await shell.send({ name: 'tray.rightClick' });
  return labels((await shell.snapshot()).popups.at(-1) ?? []);
}

describe('the desktop app and an `agent-os serve` for the same home', () => {
  const bed = useShellBed();
  let serve: ServeProcess | null = null;
  afterEach(async () => {
    await serve?.stop();
    serve = null;
  });

  it('attaches to the running serve, says so, and steers that engine: runs, failures and notifications', async () => {
    serve = await startServe(bed.box.home);
    const servePid = serve.child.pid!;
    const shell = await bed.start({ platform: 'darwin' });
    const ready = await trayReady(shell);
    expect(ready.tray?.tooltip).toContain(`Attached to the Agent OS engine already running for this home (agent-os serve (pid ${servePid})`);
    expect(await menu(shell)).toContain(`Using the engine of agent-os serve (pid ${servePid})`);
    // Still one engine: the lock and the announced server are the serve's.
    expect(enginePid(bed.box.home)).toBe(servePid);
    expect((await bed.server()).pid).toBe(servePid);

    await shell.send({ name: 'menu.click', from: 'popup', path: ['Run now', 'demo', 'flaky'] });
    await shell.waitFor('the failing icon', (s) => s.tray?.image === 'tray-failingTemplate.png');
    const runs = (await listRuns(bed.box.home)).filter((r) => r.task === 'demo/flaky');
    expect(runs).toMatchObject([{ status: 'failed', trigger: 'manual' }]);
    // The serve's engine raised the alert; the app shows it natively, once.
    const notes = await shell.waitFor('the failure notification', (s) => (s.notifications.length > 0 ? s.notifications : null));
    expect(notes).toMatchObject([{ title: expect.stringContaining('demo/flaky'), actions: ['Rerun'] }]);
    await shell.send({ name: 'notification.action', id: notes[0]!.id, index: 0 });
    await expect.poll(async () => (await listRuns(bed.box.home)).filter((r) => r.task === 'demo/flaky').length, { timeout: 15_000 }).toBe(2);
  });

  it('runs the engine itself once the serve it used has stopped', async () => {
    serve = await startServe(bed.box.home);
    const shell = await bed.start();
    await trayReady(shell);
    await serve.stop();
    serve = null;
    await expect.poll(async () => (await bed.server().catch(() => null))?.pid, { timeout: 20_000 }).toBe(shell.pid);
    expect(enginePid(bed.box.home)).toBe(shell.pid);
    const snapshot = await shell.waitFor('the tray without the attached notice', (s) => (s.tray && !s.tray.tooltip.includes('Attached') ? s : null));
    expect(snapshot.tray?.tooltip).toMatch(/^Agent OS: 3 not run yet$/);
    await shell.send({ name: 'tray.rightClick' });
    await shell.send({ name: 'menu.click', from: 'popup', path: ['Run now', 'demo', 'hello'] });
    await expect.poll(async () => (await listRuns(bed.box.home)).find((r) => r.task === 'demo/hello')?.status, { timeout: 15_000 }).toBe('success');
  });
});

describe('the desktop app when its port belongs to another program', () => {
  const bed = useShellBed();
  let blocker: Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())));

  it('serves on a free port instead, and the menu and tooltip say which port to free and how', async () => {
    // Another program (not Agent OS) listens on the configured port.
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    writeConfig(bed.box.home, [bed.project], `server:\n  port: ${port}\n`);

    const shell = await bed.start();
    const snapshot = await trayReady(shell);
    const info = await bed.server();
    const used = Number(new URL(info.url).port);
    expect(used).not.toBe(port);
    expect(info.pid).toBe(shell.pid);
    expect(await menu(shell)).toContain(`⚠ Port ${port} is taken: using ${used}`);
    expect(snapshot.tray?.tooltip).toContain(`Port ${port} is in use by another program, so the dashboard, API and /ping are on ${info.url} for now`);
    expect(snapshot.tray?.tooltip).toContain('free the port or set server.port in config.yml, then restart Agent OS');
    // The CLI finds this engine on the port it took.
    await shell.send({ name: 'menu.click', from: 'popup', path: ['Run now', 'demo', 'hello'] });
    await expect.poll(async () => (await listRuns(bed.box.home)).find((r) => r.task === 'demo/hello')?.status, { timeout: 15_000 }).toBe('success');
  });
});

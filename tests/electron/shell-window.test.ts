// The tray window and the menu's app actions: toggle under the icon, hide on blur, pause/resume all, the
// dashboard in the browser, launch at login, and the hardening of the window's contents.
import { describe, expect, it } from 'vitest';
import { cliJson } from '../helpers/cli';
import { labels, trayReady, useShellBed } from './support/shell-bed';
import type { ShellProcess } from './support/shell-process';

async function menuLabels(shell: ShellProcess): Promise<string[]> {
  await shell.send({ name: 'tray.rightClick' });
  return labels((await shell.snapshot()).popups.at(-1) ?? []);
}

async function clickMenu(shell: ShellProcess, ...path: string[]): Promise<void> {
  await shell.send({ name: 'tray.rightClick' });
  await shell.send({ name: 'menu.click', from: 'popup', path });
}

describe('the tray window and the menu', () => {
  const bed = useShellBed();

  it('toggles the window under the icon with a left click and hides it when it loses focus', async () => {
    const shell = await bed.start({ platform: 'darwin' });
    await trayReady(shell);
    await shell.send({ name: 'tray.click' });
    let window = (await shell.snapshot()).windows[0]!;
    expect(window).toMatchObject({ visible: true, focused: true });
    // Centred under the icon (x 1180..1204 on a 1440 px screen), just below the 25 px menubar, inside the screen.
    expect(window.bounds).toEqual({ x: 982, y: 29, width: 420, height: 640 });

    await shell.send({ name: 'tray.click' });
    window = await shell.waitFor('the window to hide on the second click', (s) => (s.windows[0]?.visible === false ? s.windows[0] : null));
    await new Promise((resolve) => setTimeout(resolve, 300)); // past the blur timer: it must not come back
    expect((await shell.snapshot()).windows[0]?.visible).toBe(false);

    await shell.send({ name: 'tray.click' });
    expect((await shell.snapshot()).windows[0]?.visible).toBe(true);
    await shell.send({ name: 'window.blur', id: 1 });
    await shell.waitFor('the window to hide after losing focus', (s) => s.windows[0]?.visible === false);
  });

  it('places the window at the pointer on Linux, where the icon reports no bounds', async () => {
    const shell = await bed.start({ platform: 'linux' });
    await trayReady(shell);
    await shell.send({ name: 'menu.click', from: 'context', path: ['Open Agent OS'] });
    const window = (await shell.snapshot()).windows[0]!;
    expect(window.visible).toBe(true);
    // The pointer is at (1400, 16) on the top panel: the window sits below it, kept 4 px inside the right edge.
    expect(window.bounds).toEqual({ x: 1016, y: 36, width: 420, height: 640 });
  });

  it('pauses and resumes everything from the menu, and the menu says which', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    await clickMenu(shell, 'Pause all');
    await shell.waitFor('the paused tooltip', (s) => s.tray?.tooltip.endsWith('(all paused)'));
    expect(await menuLabels(shell)).toContain('Resume all');
    expect((await cliJson<{ paused_all: boolean }>(['status', '--json'], { home: bed.box.home })).paused_all).toBe(true);
    await clickMenu(shell, 'Resume all');
    await shell.waitFor('the tooltip without paused', (s) => s.tray && !s.tray.tooltip.includes('paused'));
    expect(await menuLabels(shell)).toContain('Pause all');
  });

  it('opens the dashboard with its token through shell.openExternal, and nothing else', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    const info = await bed.server();
    await clickMenu(shell, 'Open dashboard in browser');
    const opened = await shell.waitFor('the browser to open', (s) => (s.opened.length > 0 ? s.opened : null));
    const token = (await import('node:fs')).readFileSync(`${bed.box.home}/token`, 'utf8').trim();
    expect(opened).toEqual([`${info.url}/?token=${token}`]);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('toggles launch at login', async () => {
    const shell = await bed.start({ platform: 'darwin' });
    await trayReady(shell);
    await clickMenu(shell, 'Launch at login');
    let snapshot = await shell.waitFor('the login item', (s) => (s.loginItem.openAtLogin ? s : null));
    await shell.send({ name: 'tray.rightClick' });
    snapshot = await shell.snapshot();
    expect(snapshot.popups.at(-1)?.find((i) => i.label === 'Launch at login')).toMatchObject({ type: 'checkbox', checked: true });
    await clickMenu(shell, 'Launch at login');
    await shell.waitFor('the login item removed', (s) => !s.loginItem.openAtLogin && s.loginItem.calls === 2);
  });

  it('keeps the window on the app: no navigation away, no new windows, plain web links to the browser only', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    expect(await shell.send({ name: 'window.navigate', id: 1, url: 'https://evil.example/' })).toEqual({ prevented: true });
    expect(await shell.send({ name: 'window.navigate', id: 1, url: 'app://agent-os/?run=3' })).toEqual({ prevented: false });
    expect(await shell.send({ name: 'window.open', id: 1, url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(await shell.send({ name: 'window.open', id: 1, url: 'https://docs.example/help' })).toEqual({ action: 'deny' });
    await shell.waitFor('the link in the browser', (s) => s.opened.includes('https://docs.example/help'));
    expect((await shell.snapshot()).opened).toEqual(['https://docs.example/help']);
  });
});

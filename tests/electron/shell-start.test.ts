// The built desktop shell (dist/electron/main.cjs) starting under the Electron stand-in, on a real home.
import { describe, expect, it } from 'vitest';
import { cliJson, type StatusDoc } from '../helpers/cli';
import { labels, trayReady, useShellBed } from './support/shell-bed';

describe('desktop shell start-up', () => {
  const bed = useShellBed();

  it('starts the engine and its HTTP server on the home, with the template tray icon, no dock icon and the window hidden', async () => {
    const shell = await bed.start({ platform: 'darwin' });
    const snapshot = await trayReady(shell);
    expect(snapshot.tray).toMatchObject({ image: 'tray-okTemplate.png', template: true, imageLoaded: true, title: '', collected: false });
    expect(snapshot.tray?.tooltip).toBe('Agent OS: 3 not run yet');
    expect(snapshot.dockHidden).toBe(true);
    expect(snapshot.windows).toHaveLength(1);
    expect(snapshot.windows[0]).toMatchObject({
      visible: false,
      url: 'app://agent-os/',
      options: {
        show: false,
        frame: false,
        skipTaskbar: true,
        resizable: false,
        webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
      },
    });
    expect(snapshot.windows[0]?.options.webPreferences.preload).toMatch(/dist\/electron\/preload\.cjs$/);
    expect(snapshot.permissionHandlers).toEqual({ request: true, check: true });
    expect(snapshot.privilegedSchemes).toEqual(['app']);
    expect(snapshot.unhandledRejections).toEqual([]);

    // The engine announced its server for the CLI, and the server answers with the home's token.
    const info = await bed.server();
    expect(info).toMatchObject({ pid: shell.pid, host: 'the Agent OS app' });
    const status = await cliJson<StatusDoc>(['status', '--json'], { home: bed.box.home });
    expect(status.projects.map((p) => p.name)).toEqual(['demo']);
    const health = await fetch(`${info.url}/api/events`, { headers: { authorization: 'Bearer wrong' } });
    expect(health.status).toBe(401);
  });

  it('serves the tray window from app:// with the strict CSP, and nothing outside the renderer folder', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    const page = await shell.send<{ status: number; headers: Record<string, string>; body: Uint8Array }>({ name: 'protocol.fetch', url: 'app://agent-os/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(Buffer.from(page.body).toString('utf8')).toContain('<div id="root">');
    const escape = await shell.send<{ status: number }>({ name: 'protocol.fetch', url: 'app://agent-os/..%2f..%2fpackage.json' });
    expect(escape.status).toBe(403);
    const other = await shell.send<{ status: number }>({ name: 'protocol.fetch', url: 'app://elsewhere/index.html' });
    expect(other.status).toBe(404);
  });

  it('on Linux: no dock, the menu set on the icon (indicators show no popped-up menu), an Open Agent OS entry and no login item', async () => {
    const shell = await bed.start({ platform: 'linux' });
    const snapshot = await trayReady(shell);
    expect(snapshot.dockHidden).toBe(false);
    const menu = labels(snapshot.tray?.contextMenu ?? []);
    expect(menu[0]).toBe('Open Agent OS');
    expect(menu).toContain('Run now');
    expect(menu).not.toContain('Launch at login');
    await shell.send({ name: 'tray.rightClick' });
    expect((await shell.snapshot()).popups).toHaveLength(1);
  });
});

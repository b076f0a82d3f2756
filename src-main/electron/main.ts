// Agent OS desktop shell. Thin by design: it wires the core to the desktop and owns no business logic.
// The core runs in this main process: it is asynchronous, its work happens in child processes, and keeping
// it here avoids a second IPC hop for every event (a utility process would add one without isolating
// anything the sandboxed renderer does not already isolate).
import { app, powerMonitor, shell } from 'electron';
import { join } from 'node:path';
import { createCore, resolveHome, type Core } from '../core';
import { readToken } from '../core/home';
import { startHttpServer, type RunningServer } from '../headless/server/http-server';
import { registerAppScheme, setupAppProtocol } from './app-protocol';
import { loadAdminKeys } from './admin-keys';
import { desktopChannel } from './desktop-notifications';
import { hardenContents } from './harden';
import { setupIpc } from './ipc-bridge';
import { TrayIcon } from './tray-icon';
import type { MenuAction } from './tray-model';
import { TrayWindow } from './tray-window';

const root = join(__dirname, '..', '..');
let core: Core | null = null;
let server: RunningServer | null = null;
let trayWindow: TrayWindow | null = null;
let trayIcon: TrayIcon | null = null;

function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => trayIcon && trayWindow?.showAt(trayIcon.tray));
  return true;
}

async function setupCore(): Promise<Core> {
  const home = resolveHome();
  const instance = createCore({
    home,
    adminKeys: loadAdminKeys(home, process.env),
    examplesDir: join(root, 'assets', 'examples'),
    sqliteBinding: process.env.AGENT_OS_SQLITE_BINDING,
    channels: [
      desktopChannel({
        openRun: (id) => trayIcon && trayWindow?.showAt(trayIcon.tray, id ?? undefined),
        rerun: (task) => void instance.handlers['runs.start']({ task }),
      }),
    ],
  });
  await instance.start({ engine: true });
  // The same API and /ping endpoint as `agent-os serve`, so CLI commands and remote pings reach this engine.
  const settings = instance.handlers['settings.get']();
  server = await startHttpServer({
    core: instance,
    host: settings.server.host,
    port: settings.server.port,
    token: readToken(instance.paths),
    staticDir: join(root, 'dist', 'renderer'),
  }).catch(() => null);
  return instance;
}

function onMenuAction(action: MenuAction): void {
  if (!core || !trayIcon || !trayWindow) return;
  switch (action.kind) {
    case 'open-run':
      return trayWindow.showAt(trayIcon.tray, action.runId);
    case 'run-task':
      return void core.handlers['runs.start']({ task: action.task });
    case 'pause-all':
      return void core.handlers['engine.pauseAll']();
    case 'resume-all':
      return void core.handlers['engine.resumeAll']();
    case 'open-dashboard':
      if (server) void shell.openExternal(`${server.url}/?token=${readToken(core.paths)}`);
      return;
    case 'toggle-login-item':
      return app.setLoginItemSettings({ openAtLogin: !app.getLoginItemSettings().openAtLogin });
    case 'quit':
      return app.quit();
  }
}

function setupTray(instance: Core): void {
  trayIcon = new TrayIcon(join(root, 'assets'), onMenuAction);
  const refresh = (): void => trayIcon?.update(instance.handlers['status.get'](), app.getLoginItemSettings().openAtLogin);
  refresh();
  for (const name of ['run.started', 'run.finished', 'task.state', 'project.changed'] as const) instance.events.on(name, refresh);
  trayIcon.tray.on('click', () => trayIcon && trayWindow?.toggle(trayIcon.tray));
  trayIcon.tray.on('right-click', () => trayIcon?.popUpMenu());
}

function setupPower(instance: Core): void {
  // Timers drift across sleep: wake-up re-checks every schedule against the wall clock.
  powerMonitor.on('resume', () => instance.resume());
  powerMonitor.on('unlock-screen', () => instance.resume());
}

function setupQuit(): void {
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void (server?.close() ?? Promise.resolve()).then(() => core?.stop()).finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => undefined); // a menubar app lives on without windows
}

if (setupSingleInstance()) {
  registerAppScheme();
  if (process.platform === 'darwin') app.dock?.hide();
  void app.whenReady().then(async () => {
    hardenContents();
    setupAppProtocol(join(root, 'dist', 'renderer'));
    core = await setupCore();
    trayWindow = new TrayWindow(join(__dirname, 'preload.cjs'));
    setupIpc(core, () => trayWindow?.window.webContents ?? null);
    setupTray(core);
    setupPower(core);
    setupQuit();
  });
}

// Agent OS desktop shell. Thin by design: it wires the engine to the desktop and owns no business logic.
// The engine runs in this main process (or, when `agent-os serve` already runs for this home, this app
// attaches to that one: src-main/headless/engine-link). Its work happens in child processes; keeping it
// here avoids a second IPC hop for every event (a utility process would add one without isolating
// anything the sandboxed renderer does not already isolate).
import { app, powerMonitor } from 'electron';
import { join } from 'node:path';
import { resolveHome } from '../core';
import { createAppLog } from '../core/app-log';
import { ensureHome } from '../core/home';
import { followAttachedAlerts, followRemoteAlerts } from '../headless/engine-link/alert-feed';
import { EngineHost } from '../headless/engine-link/engine-host';
import { registerAppScheme, setupAppProtocol } from './app-protocol';
import { loadAdminKeys } from './admin-keys';
import { DesktopNotifier } from './desktop-notifications';
import { hardenContents } from './harden';
import { forwardEvents, setupIpc } from './ipc-bridge';
import { Menubar } from './menubar';
import { noticeFor, remoteNotice } from './notification-model';
import { TrayWindow } from './tray-window';

const root = join(__dirname, '..', '..');
const home = resolveHome();
const log = createAppLog(ensureHome(home).logs);
let host: EngineHost | null = null;
let opening: Promise<EngineHost> | null = null;
let trayWindow: TrayWindow | null = null;
let menubar: Menubar | null = null;

const notifier = new DesktopNotifier({
  openRun: (runId, engine) => openWindow(runId ?? undefined, engine ?? undefined),
  rerun: (task, engine) => {
    const started = engine ? host?.call('remotes.call', { engine, command: 'runs.start', arg: { task } }) : host?.call('runs.start', { task });
    void started?.catch((error: Error) => report(`Could not rerun ${task}`, error.message));
  },
});

function openWindow(runId?: number, engine?: string): void {
  if (menubar && trayWindow) trayWindow.showAt(menubar.icon.tray, runId, engine);
}

function report(title: string, message: string): void {
  log.warn({ title, message }, 'shown to the user');
  try {
    notifier.show({ title, body: message, silent: false, rerunTask: null, runId: null });
  } catch {
    // no notifications on this system: the tray tooltip and the log carry it
  }
}

function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => openWindow());
  return true;
}

/** Attaches to this home's running engine or starts it here (one engine per home), then shows it. */
function openEngine(): Promise<EngineHost> {
  opening = EngineHost.open({
    home,
    hostName: 'the Agent OS app',
    staticDir: join(root, 'dist', 'renderer'),
    examplesDir: join(root, 'assets', 'examples'),
    sqliteBinding: process.env.AGENT_OS_SQLITE_BINDING,
    adminKeys: loadAdminKeys(home, process.env),
    channels: [notifier.channel()],
  });
  opening.then(
    (opened) => {
      host = opened;
      if (opened.notice) log.info({ notice: opened.notice.text }, 'engine');
      forwardEvents(opened, () => trayWindow?.window.webContents ?? null);
      followAttachedAlerts(opened, (alert, event) => notifier.show(noticeFor(alert, event)));
      followRemoteAlerts(opened, (engine, alert, event) => notifier.show(remoteNotice(engine, alert, event)));
      menubar?.attach(opened, null);
    },
    (error: Error) => {
      log.error({ err: error.message }, 'the engine could not start');
      menubar?.attach(null, error.message);
    },
  );
  return opening;
}

function setupPower(): void {
  // Timers drift across sleep: wake-up re-checks every schedule against the wall clock.
  powerMonitor.on('resume', () => host?.resume());
  powerMonitor.on('unlock-screen', () => host?.resume());
}

function setupQuit(): void {
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    // Running tasks are ended and recorded as interrupted; the port and the engine lock are freed.
    void (opening ?? Promise.resolve(null))
      .then(
        (opened) => opened?.close(),
        () => undefined, // it never started: nothing to stop
      )
      .catch((error: Error) => log.error({ err: error.message }, 'stopping the engine failed'))
      .finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => undefined); // a menubar app lives on without windows
  // `kill`, Ctrl-C in the terminal that ran `npm start`, a logout that signals: quit as from the menu.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => app.quit());
}

if (setupSingleInstance()) {
  registerAppScheme();
  if (process.platform === 'darwin') app.dock?.hide();
  setupQuit();
  void app.whenReady().then(() => {
    hardenContents();
    setupAppProtocol(join(root, 'dist', 'renderer'));
    setupIpc(() => opening ?? Promise.reject(new Error('the engine is not started')));
    const started = openEngine();
    trayWindow = new TrayWindow(join(__dirname, 'preload.cjs'), (message) => log.warn(message));
    menubar = new Menubar(join(root, 'assets'), {
      openWindow,
      report,
      retryEngine: () => {
        menubar?.attach(null, 'starting the engine…');
        void openEngine();
      },
    });
    menubar.icon.tray.on('click', () => menubar && trayWindow?.toggle(menubar.icon.tray));
    menubar.icon.tray.on('right-click', () => menubar?.icon.popUpMenu());
    setupPower();
    return started.then(
      () => undefined,
      () => undefined,
    );
  });
}

// The test's hand on the simulated desktop: each command is what a user or the OS does, answered with
// what came of it. Runs inside the shell's process, on the fork() channel.
import { app } from './app';
import { ipcMain } from './ipc-main';
import { clickNotification, notificationAction, notificationSnapshots } from './notification';
import { fetchAppUrl, handledProtocols, permissionHandlers, privilegedSchemes } from './protocol';
import { opened, powerMonitor } from './system';
import { clickTray, lastPopup, liveTray, popups, rightClickTray, trayUpdates } from './tray';
import { allWindows, BrowserWindow, windowById } from './windows';
import type { CommandMessage, FetchedResponse, StandInCommand, StandInSnapshot } from './wire';
import { emit } from './events';
import { electronEvent, tell, world } from './world';

/** Promise rejections nobody handled (Electron warns about them, as --unhandled-rejections=warn). */
const unhandled: string[] = [];

function snapshot(): StandInSnapshot & { unhandledRejections: string[] } {
  const { record } = liveTray();
  return {
    platform: world.platform,
    ready: world.ready,
    dockHidden: app.dock?.hidden ?? false,
    tray: record ? { ...record } : null,
    trayUpdates: [...trayUpdates],
    popups: [...popups],
    windows: allWindows().map((w) => w.snapshot()),
    notifications: notificationSnapshots(),
    opened: [...opened],
    loginItem: { ...app.loginItem },
    ipcChannels: ipcMain.channels(),
    permissionHandlers: permissionHandlers(),
    privilegedSchemes: [...privilegedSchemes],
    handledProtocols: handledProtocols(),
    secondInstances: app.secondInstances,
    unhandledRejections: [...unhandled],
  };
}

function tray() {
  const { tray: live, record } = liveTray();
  if (!live)
    throw new Error(
      record
        ? 'the tray icon was garbage-collected: the shell dropped its last reference, so the icon is gone from the menubar'
        : 'the shell created no tray icon',
    );
  return live;
}

async function run(command: StandInCommand): Promise<unknown> {
  switch (command.name) {
    case 'snapshot':
      return snapshot();
    case 'tray.click': {
      const icon = tray();
      // Pressing the icon takes focus from the tray window a moment before the click arrives.
      BrowserWindow.getFocusedWindow()?.loseFocus();
      await new Promise((resolve) => setTimeout(resolve, 20));
      return clickTray(icon);
    }
    case 'tray.rightClick':
      return rightClickTray(tray());
    case 'menu.click': {
      const menu = command.from === 'popup' ? lastPopup.menu : tray().menuForClicks();
      if (!menu) throw new Error(command.from === 'popup' ? 'no menu was popped up from the tray' : 'the tray has no context menu (setContextMenu)');
      return menu.find(command.path).click(BrowserWindow.getFocusedWindow() ?? undefined);
    }
    case 'window.blur':
      return windowById(command.id).loseFocus();
    case 'window.navigate': {
      const event = electronEvent({ url: command.url, isMainFrame: true, isSameDocument: false, frame: null });
      emit(windowById(command.id).webContents, 'webContents', 'will-navigate', event, command.url, false, true, 1, 1);
      return { prevented: event.defaultPrevented };
    }
    case 'window.open': {
      const handler = windowById(command.id).webContents.openHandler;
      if (!handler) return { action: 'allow' };
      const details = { url: command.url, frameName: '', features: '', disposition: 'foreground-tab', referrer: { url: '', policy: 'default' } };
      return handler(details as Electron.HandlerDetails);
    }
    case 'notification.click':
      return clickNotification(command.id);
    case 'notification.action':
      return notificationAction(command.id, command.index);
    case 'power':
      return emit(powerMonitor, 'powerMonitor', command.event);
    case 'app.quit':
      return app.quit();
    case 'ipc.invoke':
      return ipcMain.invoke(command.windowId, command.frameUrl, command.channel, command.payload);
    case 'protocol.fetch': {
      const response = await fetchAppUrl(command.url);
      const fetched: FetchedResponse = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: new Uint8Array(await response.arrayBuffer()),
      };
      return fetched;
    }
  }
}

/** Starts answering the test's commands. */
export function listen(): void {
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    unhandled.push(text);
    process.stderr.write(`(electron stand-in) UnhandledPromiseRejectionWarning: ${text}\n`);
  });
  // The test that drives this app went away: quit as the user would, so nothing it started lingers.
  process.on('disconnect', () => app.quit());
  process.on('message', (message: CommandMessage) => {
    if (message?.type !== 'command') return;
    void run(message.command).then(
      (value) => tell({ type: 'reply', id: message.id, ok: true, value: value ?? null }),
      (error: unknown) => tell({ type: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

// The arguments Electron passes to the listeners of every event the stand-in emits. Each tuple is checked
// against the real `on(event, listener)` overload by the witness below (compiled, never called), so an
// event emitted with the wrong arguments, or one Electron does not have, fails the typecheck.
import type { EventEmitter } from 'node:events';

type Ev<P extends object = object> = Electron.Event<P>;

/** Listener arguments per emitter and event name. */
export interface EventArgs {
  app: {
    'will-finish-launching': [];
    ready: [Ev, Record<string, unknown> | Electron.NotificationResponse];
    'before-quit': [Ev];
    'will-quit': [Ev];
    quit: [Ev, number];
    'second-instance': [Ev, string[], string, unknown];
    'web-contents-created': [Ev, Electron.WebContents];
  };
  tray: { click: [Electron.KeyboardEvent, Electron.Rectangle, Electron.Point]; 'right-click': [Electron.KeyboardEvent, Electron.Rectangle] };
  window: { show: []; hide: []; focus: [Ev]; blur: [Ev]; move: []; close: [Ev]; closed: [] };
  webContents: {
    'will-navigate': [Ev<Electron.WebContentsWillNavigateEventParams>, string, boolean, boolean, number, number];
    'did-finish-load': [];
  };
  notification: {
    show: [Ev];
    click: [Ev];
    action: [Ev<Electron.NotificationActionEventParams>, number, number];
    close: [Ev<Electron.NotificationCloseEventParams>];
  };
  powerMonitor: { suspend: []; resume: []; 'lock-screen': []; 'unlock-screen': [] };
}

export function witnessEventArgs(real: {
  app: Electron.App;
  tray: Electron.Tray;
  window: Electron.BrowserWindow;
  webContents: Electron.WebContents;
  notification: Electron.Notification;
  powerMonitor: Electron.PowerMonitor;
}): void {
  const { app, tray, window, webContents, notification, powerMonitor } = real;
  app.on('will-finish-launching', (...a: EventArgs['app']['will-finish-launching']) => void a);
  app.on('ready', (...a: EventArgs['app']['ready']) => void a);
  app.on('before-quit', (...a: EventArgs['app']['before-quit']) => void a);
  app.on('will-quit', (...a: EventArgs['app']['will-quit']) => void a);
  app.on('quit', (...a: EventArgs['app']['quit']) => void a);
  app.on('second-instance', (...a: EventArgs['app']['second-instance']) => void a);
  app.on('web-contents-created', (...a: EventArgs['app']['web-contents-created']) => void a);
  tray.on('click', (...a: EventArgs['tray']['click']) => void a);
  tray.on('right-click', (...a: EventArgs['tray']['right-click']) => void a);
  window.on('show', (...a: EventArgs['window']['show']) => void a);
  window.on('hide', (...a: EventArgs['window']['hide']) => void a);
  window.on('focus', (...a: EventArgs['window']['focus']) => void a);
  window.on('blur', (...a: EventArgs['window']['blur']) => void a);
  window.on('move', (...a: EventArgs['window']['move']) => void a);
  window.on('close', (...a: EventArgs['window']['close']) => void a);
  window.on('closed', (...a: EventArgs['window']['closed']) => void a);
  webContents.on('will-navigate', (...a: EventArgs['webContents']['will-navigate']) => void a);
  webContents.on('did-finish-load', (...a: EventArgs['webContents']['did-finish-load']) => void a);
  notification.on('show', (...a: EventArgs['notification']['show']) => void a);
  notification.on('click', (...a: EventArgs['notification']['click']) => void a);
  notification.on('action', (...a: EventArgs['notification']['action']) => void a);
  notification.on('close', (...a: EventArgs['notification']['close']) => void a);
  powerMonitor.on('suspend', (...a: EventArgs['powerMonitor']['suspend']) => void a);
  powerMonitor.on('resume', (...a: EventArgs['powerMonitor']['resume']) => void a);
  powerMonitor.on('lock-screen', (...a: EventArgs['powerMonitor']['lock-screen']) => void a);
  powerMonitor.on('unlock-screen', (...a: EventArgs['powerMonitor']['unlock-screen']) => void a);
}

/** Emits an event with the arguments Electron passes for it. */
export function emit<K extends keyof EventArgs, N extends keyof EventArgs[K] & string>(
  emitter: EventEmitter,
  _kind: K,
  name: N,
  ...args: EventArgs[K][N] extends unknown[] ? EventArgs[K][N] : never
): void {
  emitter.emit(name, ...args);
}

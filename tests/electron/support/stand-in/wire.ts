// What the Electron stand-in (inside the shell's process) and the test harness (in the test) say to each
// other over the fork() channel: commands a test sends as the user or the OS, and what the shell did.

/** A platform the stand-in can play: it decides which Electron APIs behave as on that OS. */
export type StandInPlatform = 'darwin' | 'linux';

/** How the harness configures the stand-in (passed in the AGENT_OS_STAND_IN environment variable as JSON). */
export interface StandInConfig {
  /** The esbuild bundle of the stand-in, which the loader resolves in place of `electron`. */
  bundle: string;
  platform: StandInPlatform;
  /** app.getPath('userData'): where the single-instance lock lives, as in Electron. */
  userData: string;
}

/** A rectangle in screen coordinates. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A menu item as the shell built it. */
export interface MenuItemSnapshot {
  label: string;
  type: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled: boolean;
  checked: boolean;
  submenu?: MenuItemSnapshot[];
}

/** The tray icon. */
export interface TraySnapshot {
  /** File name of the image last set (e.g. `tray-failingTemplate.png`). */
  image: string;
  template: boolean;
  tooltip: string;
  title: string;
  /** The menu given to setContextMenu (how Linux shows a tray menu), or null. */
  contextMenu: MenuItemSnapshot[] | null;
  destroyed: boolean;
  /** Garbage-collected while the shell still needed it (Electron removes such an icon from the menubar). */
  collected: boolean;
}

/** One change of the tray's look, with the wall time it happened. */
export interface TrayUpdate {
  at: number;
  image: string;
  tooltip: string;
  title: string;
}

/** A BrowserWindow. */
export interface WindowSnapshot {
  id: number;
  url: string | null;
  /** Every URL loadURL was called with, in order. */
  loads: string[];
  visible: boolean;
  focused: boolean;
  bounds: Rect;
  destroyed: boolean;
  options: {
    show: boolean;
    frame: boolean;
    skipTaskbar: boolean;
    alwaysOnTop: boolean;
    resizable: boolean;
    webPreferences: { contextIsolation: boolean; sandbox: boolean; nodeIntegration: boolean; preload: string | null };
  };
}

/** A native notification. */
export interface NotificationSnapshot {
  id: number;
  title: string;
  body: string;
  silent: boolean;
  actions: string[];
  shown: boolean;
  at: number;
}

/** Everything the shell did, at one moment. */
export interface StandInSnapshot {
  platform: StandInPlatform;
  ready: boolean;
  dockHidden: boolean;
  tray: TraySnapshot | null;
  trayUpdates: TrayUpdate[];
  /** Menus the shell popped up from the tray (popUpContextMenu), in order. */
  popups: MenuItemSnapshot[][];
  windows: WindowSnapshot[];
  notifications: NotificationSnapshot[];
  /** URLs given to shell.openExternal. */
  opened: string[];
  loginItem: { openAtLogin: boolean; calls: number };
  ipcChannels: string[];
  /** Whether the default session refuses permissions (both handlers set). */
  permissionHandlers: { request: boolean; check: boolean };
  privilegedSchemes: string[];
  handledProtocols: string[];
  /** 'second-instance' events delivered to this process. */
  secondInstances: number;
}

/** What a test does, as the user or the operating system. */
export type StandInCommand =
  | { name: 'snapshot' }
  | { name: 'tray.click' }
  | { name: 'tray.rightClick' }
  | { name: 'menu.click'; from: 'popup' | 'context'; path: string[] }
  | { name: 'window.blur'; id: number }
  | { name: 'window.navigate'; id: number; url: string }
  | { name: 'window.open'; id: number; url: string }
  | { name: 'notification.click'; id: number }
  | { name: 'notification.action'; id: number; index: number }
  | { name: 'power'; event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen' }
  | { name: 'app.quit' }
  | { name: 'ipc.invoke'; windowId: number; frameUrl: string; channel: string; payload: unknown }
  | { name: 'protocol.fetch'; url: string };

/** A command with its correlation id. */
export interface CommandMessage {
  type: 'command';
  id: number;
  command: StandInCommand;
}

/** What the stand-in sends to the test. */
export type StandInMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  /** webContents.send, for a Chromium page standing in for that window. */
  | { type: 'send'; windowId: number; channel: string; args: unknown[] }
  /** loadURL on a window. */
  | { type: 'load'; windowId: number; url: string }
  | { type: 'exit'; code: number };

/** What protocol.fetch answers: the registered app:// handler's response. */
export interface FetchedResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

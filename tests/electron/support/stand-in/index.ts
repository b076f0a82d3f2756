// A stand-in for the `electron` module in the shell's process, for tests on machines without the Electron
// runtime. It implements the part of Electron's API the shell uses, typed against Electron's own
// declarations (each fake implements or satisfies a Pick of the real type), behaves as Electron does on the
// platform it plays (tests/electron/support/stand-in/*.ts say which rules), and lets a test act as the user.
// tsconfig.shell-stand-in.json typechecks src-main/electron against this module in place of `electron`, so
// the shell cannot use a member the stand-in lacks.
import { app } from './app';
import { listen } from './control';
import { ipcMain } from './ipc-main';
import { Menu, MenuItem } from './menu';
import { Notification } from './notification';
import { net, protocol, session } from './protocol';
import { powerMonitor, safeStorage, shell } from './system';
import { nativeImage, type NativeImage, Tray } from './tray';
import { BrowserWindow, screen, type WebContents } from './windows';

listen();
// The runtime is ready once the main script has run its first turn, as Electron emits ready after it.
setImmediate(() => app.becomeReady());

export { app, BrowserWindow, ipcMain, Menu, MenuItem, nativeImage, net, Notification, powerMonitor, protocol, safeStorage, screen, session, shell, Tray };
export type { NativeImage, WebContents };
export type MenuItemConstructorOptions = Electron.MenuItemConstructorOptions;
export type BrowserWindowConstructorOptions = Electron.BrowserWindowConstructorOptions;
export type IpcRendererEvent = Electron.IpcRendererEvent;

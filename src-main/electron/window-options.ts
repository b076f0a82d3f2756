import type { BrowserWindowConstructorOptions } from 'electron';

/** The tray window's size (SPEC §9: a ~420×640 tray window). */
export const TRAY_WINDOW_SIZE = { width: 420, height: 640 } as const;

/**
 * BrowserWindow options meeting Electron's security checklist: context isolation, sandbox, no Node in the
 * renderer, no webview, web security on; frameless and hidden until the tray asks (the menubar pattern).
 */
export function trayWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...TRAY_WINDOW_SIZE,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    transparent: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click could open links in new windows, around the window-open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** The CSP the app protocol sends with every page. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

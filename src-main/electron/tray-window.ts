import { BrowserWindow, screen, type Tray } from 'electron';
import { APP_ORIGIN } from './ipc-guard';
import { trayWindowOptions, TRAY_WINDOW_SIZE } from './window-options';
import { trayAnchor, windowPosition } from './window-position';

// A click on the tray icon blurs the window just before the click arrives; the hide waits this long so
// the click can cancel it instead of re-opening the window (the menubar package's timer).
const BLUR_HIDE_MS = 150;

/** The frameless tray window: hidden until the tray asks, placed under the icon, hidden on blur. */
export class TrayWindow {
  readonly window: BrowserWindow;
  private hideTimer: NodeJS.Timeout | undefined;

  constructor(
    preloadPath: string,
    private readonly log: (message: string) => void,
  ) {
    const options = trayWindowOptions(preloadPath);
    // The security settings are restated literally so the static scan (electronegativity) can see them.
    this.window = new BrowserWindow({
      ...options,
      webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
    });
    this.window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    this.window.on('blur', () => {
      this.hideTimer = setTimeout(() => this.window.hide(), BLUR_HIDE_MS);
    });
    this.load(`${APP_ORIGIN}/`);
  }

  toggle(tray: Tray): void {
    if (this.hideTimer) {
      clearTimeout(this.hideTimer);
      this.hideTimer = undefined;
      if (this.window.isVisible()) return void this.window.hide();
    }
    if (this.window.isVisible()) this.window.hide();
    else this.showAt(tray);
  }

  showAt(tray: Tray, runId?: number, engine?: string): void {
    clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
    const anchor = trayAnchor(tray.getBounds(), screen.getCursorScreenPoint());
    const display = screen.getDisplayNearestPoint({ x: anchor.x, y: anchor.y });
    const { x, y } = windowPosition(anchor, TRAY_WINDOW_SIZE, display.workArea);
    this.window.setPosition(x, y, false);
    if (runId !== undefined) this.load(`${APP_ORIGIN}/?run=${runId}${engine ? `&engine=${encodeURIComponent(engine)}` : ''}`);
    this.window.show();
    this.window.focus();
  }

  // loadURL rejects when a load fails or a newer one replaces it (ERR_ABORTED): neither may go unhandled.
  private load(url: string): void {
    this.window.loadURL(url).catch((error: Error) => {
      if (!/ERR_ABORTED/.test(error.message)) this.log(`the tray window could not load ${url}: ${error.message}`);
    });
  }
}

// BrowserWindow, its webContents and the screen, with the Electron rules a shell trips over: integer
// positions only, no use before ready, loadURL promises that reject, send() after destroy throws.
import { EventEmitter } from 'node:events';
import { fetchAppUrl } from './protocol';
import { TRAY_BOUNDS } from './tray';
import type { Rect, WindowSnapshot } from './wire';
import { emit } from './events';
import { electronEvent, requireReady, tell, world } from './world';

/** The simulated display: a 1440×900 laptop screen; macOS keeps 25 px for the menubar. */
const DISPLAY_BOUNDS: Rect = { x: 0, y: 0, width: 1440, height: 900 };
function workArea(): Rect {
  return world.platform === 'darwin' ? { x: 0, y: 25, width: 1440, height: 875 } : { x: 0, y: 32, width: 1440, height: 868 };
}

function display(): Electron.Display {
  const area = workArea();
  return {
    id: 1,
    label: 'Built-in Retina Display',
    bounds: { ...DISPLAY_BOUNDS },
    workArea: area,
    size: { width: DISPLAY_BOUNDS.width, height: DISPLAY_BOUNDS.height },
    workAreaSize: { width: area.width, height: area.height },
    scaleFactor: 2,
    rotation: 0,
    internal: true,
    detected: true,
    monochrome: false,
    accelerometerSupport: 'unknown',
    touchSupport: 'unknown',
    colorDepth: 24,
    colorSpace: 'srgb',
    depthPerComponent: 8,
    displayFrequency: 60,
    maximumCursorSize: { width: 64, height: 64 },
    nativeOrigin: { x: 0, y: 0 },
  };
}

export const screen = Object.assign(new EventEmitter(), {
  getPrimaryDisplay: (): Electron.Display => (requireReady('screen'), display()),
  getDisplayNearestPoint: (point: Electron.Point): Electron.Display => {
    requireReady('screen');
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) throw new TypeError('Error processing argument at index 0, conversion failure');
    return display();
  },
  getAllDisplays: (): Electron.Display[] => (requireReady('screen'), [display()]),
  /** Where the pointer is: on the tray icon after a tray click (macOS), on the top panel's right end (Linux). */
  getCursorScreenPoint: (): Electron.Point => (requireReady('screen'), world.platform === 'darwin' ? { x: TRAY_BOUNDS.x + 12, y: 12 } : { x: 1400, y: 16 }),
}) satisfies Pick<Electron.Screen, 'getPrimaryDisplay' | 'getDisplayNearestPoint' | 'getAllDisplays' | 'getCursorScreenPoint'>;

type OpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];

let nextId = 1;

export class WebContents extends EventEmitter implements Pick<Electron.WebContents, 'id' | 'send' | 'isDestroyed' | 'getURL' | 'setWindowOpenHandler'> {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  openHandler: OpenHandler | null = null;

  constructor(readonly windowId: number) {
    super();
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    // Electron serializes IPC with the structured clone algorithm: functions, classes with methods… fail.
    let cloned: unknown[];
    try {
      cloned = structuredClone(args);
    } catch (error) {
      throw new Error(`Failed to serialize arguments: ${(error as Error).message}`);
    }
    void tell({ type: 'send', windowId: this.windowId, channel, args: cloned });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.url;
  }

  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
}

const windows: BrowserWindow[] = [];
/** Called with each new webContents (the app emits 'web-contents-created'). */
export const windowHooks = { created: (_contents: WebContents): void => undefined };

export class BrowserWindow
  extends EventEmitter
  implements
    Pick<
      Electron.BrowserWindow,
      | 'id'
      | 'loadURL'
      | 'show'
      | 'hide'
      | 'focus'
      | 'isVisible'
      | 'isFocused'
      | 'setPosition'
      | 'getPosition'
      | 'getBounds'
      | 'setVisibleOnAllWorkspaces'
      | 'isDestroyed'
      | 'destroy'
      | 'close'
    >
{
  readonly id: number;
  readonly webContents: WebContents;
  private bounds: Rect;
  private visible = false;
  private focused = false;
  private destroyed = false;
  private readonly loads: string[] = [];
  private loading: ((error: Error) => void) | null = null;
  private readonly options: WindowSnapshot['options'];

  static getAllWindows(): BrowserWindow[] {
    return windows.filter((w) => !w.destroyed);
  }

  static getFocusedWindow(): BrowserWindow | null {
    return windows.find((w) => !w.destroyed && w.focused) ?? null;
  }

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    requireReady('BrowserWindow');
    this.id = windows.length + 1;
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    const area = workArea();
    this.bounds = { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height };
    const prefs = options.webPreferences ?? {};
    this.options = {
      show: options.show ?? true,
      frame: options.frame ?? true,
      skipTaskbar: options.skipTaskbar ?? false,
      alwaysOnTop: options.alwaysOnTop ?? false,
      resizable: options.resizable ?? true,
      webPreferences: {
        // Electron's defaults since 12 and 20: isolation and sandbox on, Node off.
        contextIsolation: prefs.contextIsolation ?? true,
        sandbox: prefs.sandbox ?? true,
        nodeIntegration: prefs.nodeIntegration ?? false,
        preload: prefs.preload ?? null,
      },
    };
    this.webContents = new WebContents(this.id);
    windows.push(this);
    windowHooks.created(this.webContents);
    if (this.options.show) this.show();
  }

  /** Resolves when the page loaded; rejects like Electron when it fails or another load replaces it. */
  loadURL(url: string): Promise<void> {
    this.alive();
    this.loading?.(Object.assign(new Error(`ERR_ABORTED (-3) loading '${this.webContents.url}'`), { code: 'ERR_ABORTED', errno: -3 }));
    this.loads.push(url);
    this.webContents.url = url;
    void tell({ type: 'load', windowId: this.id, url });
    return new Promise<void>((resolve, reject) => {
      this.loading = reject;
      const finish = (error: Error | null): void => {
        if (this.loading !== reject) return; // replaced by a newer load, which rejected this one
        this.loading = null;
        if (error) reject(error);
        else {
          emit(this.webContents, 'webContents', 'did-finish-load');
          resolve();
        }
      };
      void fetchAppUrl(url).then(
        (response) =>
          finish(
            response.status < 400 ? null : Object.assign(new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`), { code: 'ERR_FILE_NOT_FOUND', errno: -6 }),
          ),
        (error: Error) => finish(error),
      );
    });
  }

  show(): void {
    this.alive();
    for (const other of windows) if (other !== this) other.loseFocus();
    const wasVisible = this.visible;
    this.visible = true;
    if (!wasVisible) emit(this, 'window', 'show');
    this.focus();
  }

  hide(): void {
    this.alive();
    if (!this.visible) return;
    this.loseFocus();
    this.visible = false;
    emit(this, 'window', 'hide');
  }

  focus(): void {
    this.alive();
    if (!this.visible || this.focused) return;
    this.focused = true;
    emit(this, 'window', 'focus', electronEvent());
  }

  /** The user clicked somewhere else. */
  loseFocus(): void {
    if (!this.focused) return;
    this.focused = false;
    emit(this, 'window', 'blur', electronEvent());
  }

  isVisible(): boolean {
    return this.visible;
  }

  isFocused(): boolean {
    return this.focused;
  }

  setPosition(x: number, y: number, _animate?: boolean): void {
    this.alive();
    // Electron converts to int through gin and refuses anything else (the menubar package's lesson).
    for (const [index, value] of [x, y].entries())
      if (!Number.isInteger(value)) throw new TypeError(`Error processing argument at index ${index}, conversion failure from ${value}`);
    this.bounds = { ...this.bounds, x, y };
    emit(this, 'window', 'move');
  }

  getPosition(): number[] {
    return [this.bounds.x, this.bounds.y];
  }

  getBounds(): Rect {
    return { ...this.bounds };
  }

  setVisibleOnAllWorkspaces(_visible: boolean, _options?: Electron.VisibleOnAllWorkspacesOptions): void {
    this.alive();
  }

  close(): void {
    if (this.destroyed) return;
    const event = electronEvent();
    emit(this, 'window', 'close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.loseFocus();
    this.visible = false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    emit(this, 'window', 'closed');
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  snapshot(): WindowSnapshot {
    return {
      id: this.id,
      url: this.webContents.url || null,
      loads: [...this.loads],
      visible: this.visible,
      focused: this.focused,
      bounds: { ...this.bounds },
      destroyed: this.destroyed,
      options: this.options,
    };
  }

  private alive(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
  }
}

/** Every window ever created (destroyed ones too), for snapshots and commands. */
export function allWindows(): readonly BrowserWindow[] {
  return windows;
}

/** The window a command names, or a clear error. */
export function windowById(id: number): BrowserWindow {
  const window = windows.find((w) => w.id === id);
  if (!window) throw new Error(`no window ${id}; the shell created ${windows.length}`);
  return window;
}

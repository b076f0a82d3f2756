// The menubar icon and its images, as Electron behaves on the platform the stand-in plays.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { Menu } from './menu';
import type { MenuItemSnapshot, Rect, TraySnapshot, TrayUpdate } from './wire';
import { emit } from './events';
import { asElectron, collectGarbage, fromElectron, plainKeyboardEvent, requireReady, world } from './world';

/** An image loaded from a file; empty when the file does not exist (Electron does not throw). */
export class NativeImage implements Pick<Electron.NativeImage, 'setTemplateImage' | 'isTemplateImage' | 'isEmpty'> {
  private template = false;
  constructor(readonly path: string) {}
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  isEmpty(): boolean {
    return this.path === '' || !existsSync(this.path);
  }
}

export const nativeImage = {
  createFromPath: (path: string): Electron.NativeImage => asElectron(new NativeImage(path)),
  createEmpty: (): Electron.NativeImage => asElectron(new NativeImage('')),
} satisfies Pick<typeof Electron.nativeImage, 'createFromPath' | 'createEmpty'>;

/** Where the icon sits on the simulated screen: in the macOS menubar, near its right end. */
export const TRAY_BOUNDS: Rect = { x: 1180, y: 0, width: 24, height: 24 };

interface TrayRecord extends TraySnapshot {
  imageLoaded: boolean;
}

/** State of every tray, held strongly; the Tray objects themselves only weakly, as Electron does. */
const trays: Array<{ record: TrayRecord; ref: WeakRef<Tray> }> = [];
/** Every change of look, for "within 1 s" checks. */
export const trayUpdates: TrayUpdate[] = [];
/** Menus popped up from the tray, as they were at that moment, and the last one itself (for clicks). */
export const popups: MenuItemSnapshot[][] = [];
export const lastPopup: { menu: Menu | null } = { menu: null };

function popUp(menu: Menu): void {
  popups.push(menu.snapshot());
  lastPopup.menu = menu;
}

export class Tray
  extends EventEmitter
  implements
    Pick<Electron.Tray, 'setImage' | 'setToolTip' | 'setTitle' | 'getTitle' | 'getBounds' | 'popUpContextMenu' | 'setContextMenu' | 'destroy' | 'isDestroyed'>
{
  private readonly record: TrayRecord;
  private contextMenu: Menu | null = null;

  constructor(image: Electron.NativeImage | string, guid?: string) {
    super();
    requireReady('Tray');
    if (guid !== undefined && world.platform === 'linux') throw new Error('Tray guid is only supported on macOS and Windows');
    const loaded = typeof image === 'string' ? new NativeImage(image) : fromElectron(image, NativeImage);
    this.record = {
      image: basename(loaded.path),
      template: loaded.isTemplateImage(),
      imageLoaded: !loaded.isEmpty(),
      tooltip: '',
      title: '',
      contextMenu: null,
      destroyed: false,
      collected: false,
    };
    trays.push({ record: this.record, ref: new WeakRef(this) });
    this.changed();
  }

  setImage(image: Electron.NativeImage | string): void {
    this.alive();
    const loaded = typeof image === 'string' ? new NativeImage(image) : fromElectron(image, NativeImage);
    Object.assign(this.record, { image: basename(loaded.path), template: loaded.isTemplateImage(), imageLoaded: !loaded.isEmpty() });
    this.changed();
  }

  setToolTip(toolTip: string): void {
    this.alive();
    this.record.tooltip = toolTip;
    this.changed();
  }

  setTitle(title: string): void {
    this.alive();
    this.record.title = title;
    this.changed();
  }

  getTitle(): string {
    return this.record.title;
  }

  /** macOS and Windows only: on Linux Electron reports an empty rectangle. */
  getBounds(): Rect {
    this.alive();
    return world.platform === 'linux' ? { x: 0, y: 0, width: 0, height: 0 } : { ...TRAY_BOUNDS };
  }

  /** macOS and Windows only: on Linux it does nothing (a tray menu there must be set with setContextMenu). */
  popUpContextMenu(menu?: Electron.Menu, _position?: Electron.Point): void {
    this.alive();
    if (world.platform === 'linux') return;
    const shown = menu ? fromElectron(menu, Menu) : this.contextMenu;
    if (shown) popUp(shown);
  }

  setContextMenu(menu: Electron.Menu | null): void {
    this.alive();
    this.contextMenu = menu ? fromElectron(menu, Menu) : null;
    this.record.contextMenu = this.contextMenu ? this.contextMenu.snapshot() : null;
  }

  destroy(): void {
    this.record.destroyed = true;
  }

  isDestroyed(): boolean {
    return this.record.destroyed;
  }

  /** The context menu set with setContextMenu (for menu clicks from it). */
  menuForClicks(): Menu | null {
    return this.contextMenu;
  }

  private alive(): void {
    if (this.record.destroyed) throw new TypeError('Object has been destroyed');
  }

  private changed(): void {
    trayUpdates.push({ at: Date.now(), image: this.record.image, tooltip: this.record.tooltip, title: this.record.title });
  }
}

/** The live tray (the last one created that is not destroyed), after a garbage collection; null when none. */
export function liveTray(): { tray: Tray | null; record: TrayRecord | null } {
  collectGarbage();
  for (const entry of [...trays].reverse()) {
    if (entry.record.destroyed) continue;
    const tray = entry.ref.deref() ?? null;
    if (!tray) entry.record.collected = true;
    return { tray, record: entry.record };
  }
  return { tray: null, record: null };
}

/** A click on the icon, as the OS delivers it. */
export function clickTray(tray: Tray): void {
  emit(tray, 'tray', 'click', plainKeyboardEvent(), tray.getBounds(), { x: TRAY_BOUNDS.x + 12, y: 12 });
}

/** A right click: macOS emits right-click; on Linux the indicator shows the context menu, if one is set. */
export function rightClickTray(tray: Tray): void {
  if (world.platform === 'linux') {
    const menu = tray.menuForClicks();
    if (menu) popUp(menu);
    return;
  }
  emit(tray, 'tray', 'right-click', plainKeyboardEvent(), tray.getBounds());
}

export { Menu };

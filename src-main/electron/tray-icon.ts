import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { StatusReport } from '../common/models';
import { trayMenu, type MenuAction, type MenuModel, type MenuOptions } from './tray-menu';
import { trayLook, type EngineState } from './tray-model';

/** The menubar icon: look and menu are pure functions of the status (tray-model.ts); this only draws them. */
export class TrayIcon {
  readonly tray: Tray;
  private menu: Electron.Menu | null = null;

  constructor(
    private readonly assetsDir: string,
    private readonly onAction: (action: MenuAction) => void,
  ) {
    this.tray = new Tray(this.image('ok'));
    this.tray.setToolTip('Agent OS: starting…');
  }

  private image(icon: string): Electron.NativeImage {
    const image = nativeImage.createFromPath(join(this.assetsDir, 'tray', `tray-${icon}Template.png`));
    image.setTemplateImage(true);
    return image;
  }

  update(status: StatusReport | null, engine: EngineState, options: MenuOptions): void {
    const look = trayLook(status, engine);
    this.tray.setImage(this.image(look.icon));
    this.tray.setToolTip(look.tooltip);
    if (process.platform === 'darwin') this.tray.setTitle(look.count > 0 ? String(look.count) : '');
    this.menu = Menu.buildFromTemplate(trayMenu(status, options, engine).map((m) => this.toItem(m)));
    // Linux indicators show only a menu set on the icon; there right-click and popUpContextMenu do nothing.
    if (process.platform === 'linux') this.tray.setContextMenu(this.menu);
  }

  /** The right-click menu (macOS, Windows). */
  popUpMenu(): void {
    if (this.menu) this.tray.popUpContextMenu(this.menu);
  }

  private toItem(model: MenuModel): MenuItemConstructorOptions {
    switch (model.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: model.label, submenu: model.items.map((m) => this.toItem(m)) };
      case 'checkbox':
        return { label: model.label, type: 'checkbox', checked: model.checked, click: () => this.onAction(model.action) };
      case 'item':
        return { label: model.label, enabled: model.enabled ?? true, click: () => this.onAction(model.action) };
    }
  }
}

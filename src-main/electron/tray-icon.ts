import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { StatusReport } from '../common/models';
import { trayLook, trayMenu, type MenuAction, type MenuModel } from './tray-model';

/** The menubar icon: look and menu are pure functions of the status (tray-model.ts); this only draws them. */
export class TrayIcon {
  readonly tray: Tray;

  constructor(
    private readonly assetsDir: string,
    private readonly onAction: (action: MenuAction) => void,
  ) {
    this.tray = new Tray(this.image('ok'));
  }

  private image(icon: string): Electron.NativeImage {
    const image = nativeImage.createFromPath(join(this.assetsDir, 'tray', `tray-${icon}Template.png`));
    image.setTemplateImage(true);
    return image;
  }

  update(status: StatusReport, launchAtLogin: boolean): void {
    const look = trayLook(status);
    this.tray.setImage(this.image(look.icon));
    this.tray.setToolTip(look.tooltip);
    if (process.platform === 'darwin') this.tray.setTitle(look.count > 0 ? String(look.count) : '');
    this.menu = Menu.buildFromTemplate(trayMenu(status, launchAtLogin).map((m) => this.toItem(m)));
  }

  menu: Menu | null = null;

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

// Menu and MenuItem as Electron builds them from a template: types inferred, checkboxes toggled on click.
import { EventEmitter } from 'node:events';
import type { MenuItemSnapshot } from './wire';
import { asElectron, fromElectron, requireReady } from './world';

type ItemType = MenuItemSnapshot['type'];

/** A built menu item. */
export class MenuItem implements Pick<Electron.MenuItem, 'label' | 'enabled' | 'checked' | 'visible' | 'id'> {
  label: string;
  type: ItemType;
  enabled: boolean;
  checked: boolean;
  visible: boolean;
  id: string;
  submenu: Menu | undefined;
  private readonly onClick: Electron.MenuItemConstructorOptions['click'];

  constructor(options: Electron.MenuItemConstructorOptions) {
    if (options.label === undefined && options.role === undefined && options.type === undefined)
      throw new Error('Invalid template for MenuItem: must have at least one of label, role or type');
    if (options.click !== undefined && typeof options.click !== 'function') throw new TypeError('Invalid menu item: click must be a function');
    const submenu = options.submenu;
    this.submenu = submenu === undefined ? undefined : Array.isArray(submenu) ? Menu.build(submenu) : fromElectron(submenu, Menu);
    const type = options.type ?? (this.submenu ? 'submenu' : 'normal');
    if (type === 'header' || type === 'palette') throw new Error(`menu item type ${type} is macOS 14+ only; the stand-in does not play it`);
    this.type = type;
    this.label = options.label ?? '';
    this.enabled = options.enabled ?? true;
    this.checked = options.checked ?? false;
    this.visible = options.visible ?? true;
    this.id = options.id ?? '';
    this.onClick = options.click;
  }

  /** What a click by the user does: a checkbox flips first, then the click handler runs. */
  click(window: object | undefined): void {
    if (!this.enabled) throw new Error(`menu item "${this.label}" is disabled: the user cannot click it`);
    if (this.type === 'checkbox') this.checked = !this.checked;
    const focused = window === undefined ? undefined : asElectron<Electron.BaseWindow>(window);
    this.onClick?.(asElectron<Electron.MenuItem>(this), focused, {
      shiftKey: false,
      ctrlKey: false,
      altKey: false,
      metaKey: false,
      triggeredByAccelerator: false,
    });
  }

  snapshot(): MenuItemSnapshot {
    const item: MenuItemSnapshot = { label: this.label, type: this.type, enabled: this.enabled, checked: this.checked };
    if (this.submenu) item.submenu = this.submenu.snapshot();
    return item;
  }
}

/** A menu: an ordered list of items. */
export class Menu extends EventEmitter {
  readonly items: MenuItem[] = [];

  static buildFromTemplate(template: Array<Electron.MenuItemConstructorOptions | Electron.MenuItem>): Electron.Menu {
    return asElectron<Electron.Menu>(Menu.build(template));
  }

  static build(template: ReadonlyArray<Electron.MenuItemConstructorOptions | Electron.MenuItem>): Menu {
    requireReady('Menu');
    const menu = new Menu();
    for (const entry of template) menu.items.push(entry instanceof MenuItem ? entry : new MenuItem(entry as Electron.MenuItemConstructorOptions));
    return menu;
  }

  snapshot(): MenuItemSnapshot[] {
    return this.items.filter((i) => i.visible).map((i) => i.snapshot());
  }

  /** The item at a path of labels, e.g. ['Run now', 'demo', 'hello']. */
  find(path: readonly string[]): MenuItem {
    let menu: Menu | undefined = this as Menu;
    let item: MenuItem | undefined;
    for (const label of path) {
      item = menu?.items.find((i) => i.visible && i.label === label);
      if (!item) {
        const labels = (menu?.items ?? []).filter((i) => i.type !== 'separator').map((i) => JSON.stringify(i.label));
        throw new Error(`no menu item "${label}" (path ${path.join(' ▸ ')}); the menu has ${labels.join(', ') || 'no items'}`);
      }
      menu = item.submenu;
    }
    if (!item) throw new Error('menu.click needs a path of at least one label');
    return item;
  }
}

// The statics the shell calls, with Electron's signatures.
Menu satisfies Pick<typeof Electron.Menu, 'buildFromTemplate'>;

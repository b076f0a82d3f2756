// The main script the desktop smoke test (smoke.ts) gives the stock Electron runtime: it records what the app
// does with the tray, its menu and notifications (Electron has no API to list trays or to click one), then
// runs the packaged app's own main process from app.asar ($AGENT_OS_SMOKE_APP).
const { Notification, Tray } = require('electron');
const { join } = require('node:path');

const seen = { trays: [], menus: [], notifications: [] };
globalThis.__agentOsSmoke = seen;

const setToolTip = Tray.prototype.setToolTip;
Tray.prototype.setToolTip = function (...args) {
  if (!seen.trays.includes(this)) seen.trays.push(this);
  return setToolTip.apply(this, args);
};
// Recorded, not shown: a native pop-up menu is modal and would hold the main process until dismissed.
Tray.prototype.popUpContextMenu = function (menu) {
  seen.menus.push(menu);
};
const setContextMenu = Tray.prototype.setContextMenu;
Tray.prototype.setContextMenu = function (menu) {
  seen.menus.push(menu);
  return setContextMenu.call(this, menu);
};
const show = Notification.prototype.show;
Notification.prototype.show = function () {
  seen.notifications.push({ title: this.title, body: this.body });
  return show.call(this);
};

require(join(process.env.AGENT_OS_SMOKE_APP, 'dist', 'electron', 'main.cjs'));

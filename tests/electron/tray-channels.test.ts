// Issue 25 §1: a channel that does not answer shows in the tray (icon, tooltip, menu), not only in the API.
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src-main/common/models';
import { oneOkTask } from './support/statuses';
import { trayMenu, type MenuModel } from '../../src-main/electron/tray-menu';
import { trayLook } from '../../src-main/electron/tray-model';

const healthy: StatusReport = oneOkTask();
const down: StatusReport = {
  ...healthy,
  channels_down: [{ id: 'ntfy-1a2b', label: 'phone (ntfy.sh/…)', since: '2026-12-07T22:00:00.000Z', error: 'ntfy answered 502', waiting: 4 }],
};

describe('a notification channel that does not answer', () => {
  it('turns the tray icon late and names the channel in the tooltip', () => {
    expect(trayLook(healthy)).toMatchObject({ icon: 'ok', tooltip: 'Agent OS: 1 ok' });
    expect(trayLook(down)).toMatchObject({ icon: 'late', count: 0, tooltip: 'Agent OS: channel phone (ntfy.sh/…) not answering, 1 ok' });
  });

  it('is listed in the tray menu with how many notifications are kept for it, opening the app', () => {
    const menu = trayMenu(down, { launchAtLogin: null, openWindowItem: false });
    const item = menu.find((m): m is Extract<MenuModel, { type: 'item' }> => m.type === 'item' && m.label.includes('phone'));
    expect(item).toEqual({ type: 'item', label: '⚠ Channel phone (ntfy.sh/…) not answering · 4 kept', action: { kind: 'open-window' } });
    expect(trayMenu(healthy, { launchAtLogin: null, openWindowItem: false }).some((m) => m.type === 'item' && m.label.includes('Channel'))).toBe(false);
  });
});

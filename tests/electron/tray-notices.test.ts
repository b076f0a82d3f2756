// Issue 22 (a full disk): the engine's notice ("the disk holding <home> is full") reaches the menubar, not
// only status and the dashboard: the icon turns failing, the tooltip and the menu say what is wrong.
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src-main/common/models';
import { oneOkTask } from './support/statuses';
import { trayMenu, type MenuModel } from '../../src-main/electron/tray-menu';
import { noticeHead, trayLook } from '../../src-main/electron/tray-model';

const healthy: StatusReport = oneOkTask();
// The notice exactly as the engine words it (src-main/core/disk-full.ts).
const DISK =
  'the disk holding /Users/me/Library/Application Support/Agent OS is full (since 2026-12-08T01:02:03.000Z): no run starts until there is space again; free some space and Agent OS carries on by itself';
const full: StatusReport = { ...healthy, notices: [DISK] };

describe('an engine-wide notice in the menubar', () => {
  it('turns the icon failing though every task is ok, and leads the tooltip with the notice', () => {
    expect(trayLook(healthy)).toMatchObject({ icon: 'ok' });
    expect(trayLook(full)).toMatchObject({
      icon: 'failing',
      count: 0,
      tooltip: 'Agent OS: The disk holding /Users/me/Library/Application Support/Agent OS is full (since 2026-12-08T01:02:03.000Z), 1 ok',
    });
  });

  it('is the first line of the menu, opening the app, and is gone once the disk has space again', () => {
    const menu = trayMenu(full, { launchAtLogin: null, openWindowItem: false });
    const first = menu.find((m): m is Extract<MenuModel, { type: 'item' }> => m.type === 'item');
    expect(first).toEqual({ type: 'item', label: `⚠ ${noticeHead(DISK)}`, action: { kind: 'open-window' } });
    expect(trayMenu(healthy, { launchAtLogin: null, openWindowItem: false }).some((m) => m.type === 'item' && m.label.startsWith('⚠ The disk'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { windowPosition } from '../../src-main/electron/window-position';

const WINDOW = { width: 420, height: 640 };

describe('tray window position', () => {
  it('centres the window under a macOS menubar icon, below the menubar', () => {
    const pos = windowPosition({ x: 1200, y: 0, width: 24, height: 24 }, WINDOW, { x: 0, y: 25, width: 1512, height: 957 });
    expect(pos).toEqual({ x: 1002, y: 29 });
  });

  it('keeps the window inside the work area when the icon is near the right edge', () => {
    const pos = windowPosition({ x: 1490, y: 0, width: 22, height: 24 }, WINDOW, { x: 0, y: 25, width: 1512, height: 957 });
    expect(pos.x + WINDOW.width).toBeLessThanOrEqual(1512);
    expect(pos.x).toBe(1512 - 420 - 4);
  });

  it('opens above a tray at the bottom (Windows/Linux taskbar)', () => {
    const pos = windowPosition({ x: 1700, y: 1050, width: 24, height: 30 }, WINDOW, { x: 0, y: 0, width: 1920, height: 1040 });
    expect(pos.y + WINDOW.height).toBeLessThanOrEqual(1040);
    expect(pos).toEqual({ x: 1920 - 420 - 4, y: 1040 - 640 - 4 });
  });

  it('opens beside a tray on a vertical taskbar at the right edge', () => {
    const pos = windowPosition({ x: 1880, y: 900, width: 40, height: 24 }, WINDOW, { x: 0, y: 0, width: 1870, height: 1080 });
    expect(pos.x + WINDOW.width).toBeLessThanOrEqual(1870);
    // Centred on the icon would overflow the bottom: clamped inside the work area.
    expect(pos).toEqual({ x: 1870 - 420 - 4, y: 1080 - 640 - 4 });
  });

  it('places the window on a second display with negative coordinates', () => {
    const pos = windowPosition({ x: -600, y: -1080, width: 24, height: 24 }, WINDOW, { x: -1920, y: -1055, width: 1920, height: 1055 });
    expect(pos.x).toBeGreaterThanOrEqual(-1920);
    expect(pos.x + WINDOW.width).toBeLessThanOrEqual(0);
    expect(pos.y).toBe(-1055 + 4);
  });

  it('always returns whole pixels', () => {
    const pos = windowPosition({ x: 100.5, y: 0.25, width: 23.3, height: 22.7 }, { width: 421, height: 641 }, { x: 0, y: 24.5, width: 1000.5, height: 700 });
    expect(Number.isInteger(pos.x) && Number.isInteger(pos.y)).toBe(true);
  });
});

it('uses the nearer of top and bottom when the panel does not reserve space (icon inside the work area)', () => {
  const top = windowPosition({ x: 500, y: 2, width: 24, height: 24 }, WINDOW, { x: 0, y: 0, width: 1920, height: 1080 });
  expect(top.y).toBe(2 + 24 + 4);
  const bottom = windowPosition({ x: 500, y: 1054, width: 24, height: 24 }, WINDOW, { x: 0, y: 0, width: 1920, height: 1080 });
  expect(bottom.y).toBe(1054 - 640 - 4);
});

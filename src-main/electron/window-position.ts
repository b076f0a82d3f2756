/** A rectangle in screen coordinates (Electron's Rectangle shape). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MARGIN = 4;

/**
 * Where the tray window goes: centred under (or above, or beside) the tray icon, depending on which edge
 * of the display's work area the tray sits at, clamped inside that work area. Integer coordinates: Electron
 * rejects fractional window positions on some platforms (the menubar package's lesson).
 */
export function windowPosition(tray: Rect, window: { width: number; height: number }, workArea: Rect): { x: number; y: number } {
  const trayCenterX = tray.x + tray.width / 2;
  const trayCenterY = tray.y + tray.height / 2;
  // The tray sits outside the work area on the edge it belongs to (menubar, taskbar); where it does not
  // (some Linux panels), the nearer of top and bottom wins.
  const edge: 'top' | 'bottom' | 'left' | 'right' =
    tray.y + tray.height <= workArea.y
      ? 'top'
      : tray.y >= workArea.y + workArea.height
        ? 'bottom'
        : tray.x + tray.width <= workArea.x
          ? 'left'
          : tray.x >= workArea.x + workArea.width
            ? 'right'
            : trayCenterY < workArea.y + workArea.height / 2
              ? 'top'
              : 'bottom';
  let x: number;
  let y: number;
  if (edge === 'top' || edge === 'bottom') {
    x = trayCenterX - window.width / 2;
    y = edge === 'top' ? Math.max(tray.y + tray.height, workArea.y) + MARGIN : Math.min(tray.y, workArea.y + workArea.height) - window.height - MARGIN;
  } else {
    y = trayCenterY - window.height / 2;
    x = edge === 'left' ? Math.max(tray.x + tray.width, workArea.x) + MARGIN : Math.min(tray.x, workArea.x + workArea.width) - window.width - MARGIN;
  }
  const clampedX = Math.min(Math.max(x, workArea.x + MARGIN), workArea.x + workArea.width - window.width - MARGIN);
  const clampedY = Math.min(Math.max(y, workArea.y + MARGIN), workArea.y + workArea.height - window.height - MARGIN);
  return { x: Math.round(clampedX), y: Math.round(clampedY) };
}

/**
 * What to place the window against: the tray icon's bounds where the OS reports them (macOS, Windows),
 * else the pointer, which is on the icon when it was just clicked (Linux reports an empty rectangle).
 */
export function trayAnchor(trayBounds: Rect, cursor: { x: number; y: number }): Rect {
  return trayBounds.width > 0 && trayBounds.height > 0 ? trayBounds : { x: cursor.x, y: cursor.y, width: 1, height: 1 };
}

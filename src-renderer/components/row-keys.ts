import type { KeyboardEvent } from 'react';

const FOCUSABLE = 'button:not([disabled]), a[href], input, [tabindex="0"]';

/**
 * Arrow keys move between the rows of a task list (Up/Down to the previous/next row's first control, which
 * scrolls it into view); Enter on a control does what a click does.
 */
export function moveBetweenRows(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const target = e.target as HTMLElement;
  if (target.tagName === 'INPUT' || target.tagName === 'SELECT') return;
  const row = target.closest('li[data-task]');
  if (!row) return;
  const rows = [...e.currentTarget.querySelectorAll<HTMLElement>('li[data-task]')];
  const next = rows[rows.indexOf(row as HTMLElement) + (e.key === 'ArrowDown' ? 1 : -1)];
  const control = next?.querySelector<HTMLElement>(FOCUSABLE);
  if (!control) return;
  e.preventDefault();
  control.focus();
  // jsdom has no scrollIntoView; a browser does.
  control.scrollIntoView?.({ block: 'nearest' });
}

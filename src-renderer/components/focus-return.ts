import { useEffect, useRef } from 'react';

/** How to find again the control that opened a detail view, once the list it was in is drawn again. */
function selectorOf(el: Element | null): string | null {
  if (!(el instanceof HTMLElement)) return null;
  const label = el.getAttribute('aria-label');
  const row = el.closest('[data-task]');
  if (label) return `${row ? `[data-task="${row.getAttribute('data-task')}"] ` : ''}[aria-label="${label.replace(/["\\]/g, '\\$&')}"]`;
  return row ? `[data-task="${row.getAttribute('data-task')}"] button` : null;
}

/**
 * While a detail is open, Escape closes it; on close (Escape or Back) focus returns to the control that
 * opened it (a run row, a task's "last run" link), so keyboard users keep their place in the list.
 */
export function useDetailFocus(open: boolean, close: () => void): void {
  const opener = useRef<string | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current) opener.current = selectorOf(document.activeElement);
  useEffect(() => {
    if (!open && wasOpen.current && opener.current) {
      const target = document.querySelector<HTMLElement>(opener.current);
      target?.focus();
    }
    wasOpen.current = open;
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, close]);
}

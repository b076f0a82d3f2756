// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { examplesStatus, makeSettings } from './support/factories';
import { renderApp, type Mounted } from './support/render-app';

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
});

const selected = (): string => screen.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')?.textContent ?? '';

describe('navigation', () => {
  it('moves between views with the arrow keys, wrapping around, with focus on the chosen tab', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus(), 'settings.get': () => makeSettings() }));
    const overview = screen.getByRole('tab', { name: 'Overview' });
    expect(overview.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(overview, { key: 'ArrowRight' });
    expect(selected()).toBe('Tasks');
    expect(document.activeElement?.textContent).toBe('Tasks');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Tasks' }), { key: 'ArrowLeft' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Overview' }), { key: 'ArrowLeft' });
    expect(selected()).toBe('Settings');
    expect(
      screen
        .getAllByRole('tab')
        .filter((t) => t.getAttribute('tabindex') === '0')
        .map((t) => t.textContent),
    ).toEqual(['Settings']);
  });

  it('says plainly which views have not landed yet instead of showing made-up data', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus() }));
    fireEvent.click(screen.getByRole('tab', { name: 'Costs' }));
    expect(screen.getByRole('heading', { name: 'Costs' })).toBeDefined();
    expect(screen.getByRole('main').textContent).toContain('arrives with the cost fetchers');
  });
});

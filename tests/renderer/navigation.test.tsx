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

  it('shows real data on the costs tab (no placeholder), with its empty state before any spend', async () => {
    track(
      await renderApp({
        'status.get': () => examplesStatus(),
        'costs.overview': () => ({
          today: '2026-11-21',
          projects: [],
          overall: { project: null, today_usd: 0, month_usd: 0, forecast_usd: 0, daily_budget: null, monthly_budget: null },
          daily: [],
          top_models: [],
          by_provider: [],
          unattributed_usd: 0,
          has_data: false,
        }),
      }),
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Costs' }));
    expect(await screen.findByRole('heading', { name: 'No spend recorded yet' })).toBeDefined();
    expect(screen.getByRole('main').textContent).toContain('AGENT_OS_OPENAI_ADMIN_KEY');
  });
});

describe('config.yml problems', () => {
  it('shows what is wrong in config.yml with its line: in Needs attention on the overview, above every other view', async () => {
    const status = {
      ...examplesStatus(),
      config_errors: [
        { file: '/home/u/config.yml', path: '', line: 4, message: 'is not valid YAML: Flow sequence must end with a ]; fix the syntax' },
        {
          file: '/home/u/config.yml',
          path: '',
          message: 'config.yml cannot be used as it is, so the engine keeps its last good configuration; fix the errors above',
        },
      ],
    };
    track(await renderApp({ 'status.get': () => status, 'settings.get': () => makeSettings() }));
    const attention = await screen.findByRole('region', { name: 'Needs attention' });
    expect(attention.textContent).toContain('config.yml line 4: is not valid YAML: Flow sequence must end with a ]; fix the syntax');
    expect(attention.textContent).toContain('keeps its last good configuration');
    // Not twice on one screen.
    expect(screen.queryByRole('alert', { name: 'Problems in config.yml' })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Costs' }));
    const banner = screen.getByRole('alert', { name: 'Problems in config.yml' });
    expect(banner.textContent).toContain('line 4: is not valid YAML: Flow sequence must end with a ]; fix the syntax');
    expect(banner.textContent).toContain('keeps its last good configuration');
  });
});

// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { examplesStatus, makeUpcoming } from './support/factories';
import { renderApp, type Mounted } from './support/render-app';

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
});

/** Local midnight `days` from today plus `hours`:`minutes`. */
function at(days: number, hours: number, minutes = 0): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + days);
  d.setHours(hours, minutes);
  return d;
}

describe('Schedule', () => {
  it('groups what runs next by day, in time order, across kinds', async () => {
    const upcoming = [
      makeUpcoming('newsletter/fetch-feeds', at(1, 0, 15)),
      makeUpcoming('backups/snapshot', at(1, 2)),
      makeUpcoming('trading/market-data', at(1, 6), { kind: 'heartbeat' }),
      makeUpcoming('newsletter/send-digest', at(2, 8), { paused: true }),
    ];
    track(await renderApp({ 'status.get': () => examplesStatus(), 'schedule.upcoming': () => upcoming }, 'schedule'));
    await waitFor(() => expect(screen.getAllByRole('region')).toHaveLength(2));
    const [first, second] = screen.getAllByRole('region') as [HTMLElement, HTMLElement];
    expect(first.getAttribute('aria-label')).not.toBe(second.getAttribute('aria-label'));
    expect(within(first).getByRole('heading').textContent).toBe(first.getAttribute('aria-label'));
    expect(
      within(first)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.timeline-task')?.textContent),
    ).toEqual(['newsletter/fetch-feeds', 'backups/snapshot', 'trading/market-data']);
    expect(within(first).getAllByRole('listitem')[2]?.textContent).toContain('ping expected');
    expect(
      within(second)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([expect.stringContaining('newsletter/send-digestpaused')]);
    expect(within(first).getAllByRole('listitem')[1]?.querySelector('time')?.getAttribute('dateTime')).toBe(at(1, 2).toISOString());
  });

  it('asks for the next 24 hours first and for 7 days when that range is chosen', async () => {
    const m = track(await renderApp({ 'status.get': () => examplesStatus(), 'schedule.upcoming': () => [] }, 'schedule'));
    await waitFor(() => expect(m.transport.callsOf('schedule.upcoming')).toEqual([{ hours: 24 }]));
    expect(screen.getByRole('radio', { name: 'Next 24 h' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('radio', { name: 'Next 7 days' }));
    await waitFor(() => expect(m.transport.callsOf('schedule.upcoming')).toEqual([{ hours: 24 }, { hours: 168 }]));
    expect(screen.getByRole('radio', { name: 'Next 7 days' }).getAttribute('aria-checked')).toBe('true');
  });

  it('says nothing is scheduled, and how to schedule, when the range is empty', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus(), 'schedule.upcoming': () => [] }, 'schedule'));
    expect(await screen.findByText('Nothing is scheduled in this range. Give a task a `schedule:` or `every:` in its agent-os.yml.')).toBeDefined();
    expect(screen.queryAllByRole('region')).toHaveLength(0);
  });
});

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

  it('shows a task the engine folded as one line with its pace and exact count for the day', async () => {
    const day = at(1, 0);
    const upcoming = [
      makeUpcoming('shop/poll', day, { count: 1440, last_at: at(1, 23, 59).toISOString(), every: 'minute' }),
      makeUpcoming('shop/sync', at(1, 0, 7), { count: 24, last_at: at(1, 23, 7).toISOString(), every: null }),
      makeUpcoming('backups/snapshot', at(1, 2)),
      makeUpcoming('shop/poll', at(2, 0), { count: 600, last_at: at(2, 9, 59).toISOString(), every: 'minute' }),
    ];
    track(await renderApp({ 'status.get': () => examplesStatus(), 'schedule.upcoming': () => upcoming }, 'schedule'));
    await waitFor(() => expect(screen.getAllByRole('region')).toHaveLength(2));
    const [first, second] = screen.getAllByRole('region') as [HTMLElement, HTMLElement];
    const rows = within(first).getAllByRole('listitem');
    expect(rows.map((li) => li.querySelector('.timeline-task')?.textContent)).toEqual(['shop/poll', 'shop/sync', 'backups/snapshot']);
    expect(rows[0]?.querySelector('.repeats')?.textContent).toBe(' · every minute · 1,440 this day');
    expect(rows[1]?.querySelector('.repeats')?.textContent).toBe(' · then 23 more this day');
    expect(rows[2]?.querySelector('.repeats')).toBeNull();
    expect(
      within(second)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.repeats')?.textContent),
    ).toEqual([' · every minute · 600 this day']);
  });

  it('counts runs listed one by one (launchd, crontab) honestly, past any cap on rows', async () => {
    const upcoming = Array.from({ length: 1200 }, (_, i) => makeUpcoming('unassigned/tick', at(1, Math.floor(i / 60), i % 60), { kind: 'cron' }));
    track(await renderApp({ 'status.get': () => examplesStatus(), 'schedule.upcoming': () => upcoming }, 'schedule'));
    await waitFor(() => expect(screen.getAllByRole('region')).toHaveLength(1));
    const rows = within(screen.getByRole('region')).getAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.querySelector('.repeats')?.textContent).toBe(' · then 1,199 more this day');
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

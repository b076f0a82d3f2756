// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src-main/common/models';
import { examplesStatus, healthyStatus, makeProject, makeRun, makeSettings, makeStatus, makeTask } from './support/factories';
import { deferred } from './support/memory-transport';
import { mountApp, renderApp, type Mounted } from './support/render-app';

/** The health summary in the header ("1 failing · 5 ok"). */
const healthLine = (): HTMLElement => within(screen.getByRole('banner')).getByRole('status');

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
});

describe('Overview', () => {
  it('says it is loading until the first status arrives', async () => {
    const status = deferred<StatusReport>();
    const m = track(mountApp({ 'status.get': () => status.promise }));
    expect(screen.getByRole('main').textContent).toBe('Loading…');
    expect(healthLine().textContent).toBe('Loading…');
    status.resolve(examplesStatus());
    await m.booted;
    expect(await screen.findByRole('region', { name: 'Needs attention' })).toBeDefined();
  });

  it('offers to add a project folder when there are no projects, and the button opens Settings', async () => {
    const m = track(await renderApp({ 'status.get': () => makeStatus([]), 'settings.get': () => makeSettings() }));
    expect(screen.getByRole('heading', { name: 'No projects yet' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Add a project folder' }));
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('region', { name: 'Project folders' })).toBeDefined();
    expect(m.transport.callsOf('settings.get')).toHaveLength(1);
  });

  it('lists failing tasks first under "Needs attention", each with its error and a Rerun button', async () => {
    const status = examplesStatus();
    const late = makeTask('trading/market-data', { kind: 'heartbeat', state: 'late', ping_url: 'http://127.0.0.1:7317/ping/6f1c0d2e9a' });
    const down = makeTask('newsletter/send-digest', { kind: 'heartbeat', state: 'down', ping_url: 'http://127.0.0.1:7317/ping/0b9e77' });
    const report = makeStatus([
      makeProject('trading', [late]),
      makeProject('newsletter', [down, ...(status.projects[1]?.tasks.slice(0, 1) ?? [])]),
      ...status.projects.slice(0, 1),
    ]);
    track(await renderApp({ 'status.get': () => report }));
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    const rows = within(attention).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-task'))).toEqual(['backups/snapshot', 'newsletter/send-digest', 'trading/market-data']);
    const failing = rows[0] as HTMLElement;
    expect(within(failing).getByText('Failing')).toBeDefined();
    expect(within(failing).getByRole('button', { name: 'Run backups/snapshot now' }).textContent).toBe('Rerun');
    expect(failing.textContent).toContain('rsync: failed to connect to nas.local');
    expect(healthLine().textContent).toContain('2 failing');
    expect(healthLine().textContent).toContain('1 late');
  });

  it('names an invalid project under "Needs attention" with its first error', async () => {
    const report = healthyStatus();
    report.projects.push(
      makeProject('cortana', [], {
        state: 'invalid',
        errors: [{ path: 'tasks.daily.schedule', message: 'expected a cron expression with 5 or 6 fields, found "every day"', line: 4 }],
      }),
    );
    track(await renderApp({ 'status.get': () => report }));
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    expect(attention.textContent).toContain(
      'cortana: invalid agent-os.yml (1 error) — tasks.daily.schedule: expected a cron expression with 5 or 6 fields, found "every day"',
    );
  });

  it('says every task is healthy when nothing needs attention, and shows what ran and what runs next', async () => {
    track(await renderApp({ 'status.get': () => healthyStatus() }));
    expect(screen.getByText('All 6 tasks are healthy.')).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull();
    const recent = within(screen.getByRole('region', { name: 'Recently ran' })).getAllByRole('listitem');
    expect(recent.map((r) => r.getAttribute('data-task'))).toEqual(['backups/snapshot', 'backups/prune', 'newsletter/fetch-feeds']);
    expect(within(screen.getByRole('region', { name: 'Next up' })).getAllByRole('listitem')).toHaveLength(5);
    expect(healthLine().textContent).toBe('6 ok');
  });

  it('claims no health for tasks that have never run', async () => {
    const fresh = makeStatus([makeProject('demo', [makeTask('demo/a', { state: 'never' }), makeTask('demo/b', { state: 'never' })])]);
    track(await renderApp({ 'status.get': () => fresh }));
    expect(screen.getByText('Nothing needs attention. No task has run yet.')).toBeDefined();
    expect(screen.queryByText(/healthy/)).toBeNull();
  });

  it('counts the tasks not run yet beside the healthy ones', async () => {
    const mixed = makeStatus([makeProject('demo', [makeTask('demo/a'), makeTask('demo/b', { state: 'never' }), makeTask('demo/c', { state: 'never' })])]);
    track(await renderApp({ 'status.get': () => mixed }));
    expect(screen.getByText('Nothing needs attention. 2 of 3 tasks have not run yet.')).toBeDefined();
  });

  it('moves a task into "Needs attention" the moment its run fails', async () => {
    const m = track(await renderApp({ 'status.get': () => healthyStatus() }));
    m.transport.push({
      name: 'run.finished',
      payload: {
        run: makeRun(12, 'newsletter/fetch-feeds', { status: 'failed', exit_code: 2, error: 'exited with code 2: feed https://example.org/rss answered 503' }),
      },
    });
    // The core sends the state it derives right after the run event.
    m.transport.push({ name: 'task.state', payload: { task: 'newsletter/fetch-feeds', state: 'failing', previous: 'ok' } });
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    expect(within(attention).getByRole('button', { name: 'Run newsletter/fetch-feeds now' }).textContent).toBe('Rerun');
    expect(attention.textContent).toContain('feed https://example.org/rss answered 503');
  });
});

// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { examplesStatus, makeRun } from './support/factories';
import { layOut } from './support/layout';
import { renderApp, type Mounted } from './support/render-app';

// The tray window's run list is 600 px tall (see support/layout.ts for why jsdom needs telling).
let restoreLayout: () => void = () => undefined;
beforeAll(() => void (restoreLayout = layOut('.run-scroller', { width: 420, height: 600 })));
afterAll(() => restoreLayout());

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
});

const history = (): Run[] => [
  makeRun(4, 'newsletter/fetch-feeds', { status: 'running', trigger: 'manual', finished_at: null, duration_ms: null }),
  makeRun(3, 'backups/snapshot', { status: 'failed', trigger: 'manual' }),
  makeRun(2, 'backups/prune'),
  makeRun(1, 'newsletter/fetch-feeds'),
];

describe('Runs', () => {
  it('lists the runs newest first, one row each with task and status', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus(), 'runs.list': () => history() }, 'runs'));
    const list = await screen.findByRole('list', { name: 'Runs' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((r) => r.getAttribute('aria-label')),
    ).toEqual([
      'Run 4 of newsletter/fetch-feeds: running',
      'Run 3 of backups/snapshot: failed',
      'Run 2 of backups/prune: success',
      'Run 1 of newsletter/fetch-feeds: success',
    ]);
  });

  it('asks the core for the runs of the chosen project, task and status', async () => {
    const m = track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'runs.list': (arg) =>
            history().filter(
              (r) => (!arg?.project || r.project === arg.project) && (!arg?.task || r.task === arg.task) && (!arg?.status || r.status === arg.status),
            ),
        },
        'runs',
      ),
    );
    await screen.findByRole('list', { name: 'Runs' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Project' }), { target: { value: 'backups' } });
    await screen.findByRole('listitem', { name: 'Run 2 of backups/prune: success' });
    expect(
      within(screen.getByRole('combobox', { name: 'Task' }))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All tasks', 'backups/snapshot', 'backups/prune']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Task' }), { target: { value: 'backups/snapshot' } });
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'failed' } });
    await waitFor(() => expect(m.transport.callsOf('runs.list')).toHaveLength(4));
    expect(m.transport.callsOf('runs.list')).toEqual([
      { limit: 500 },
      { project: 'backups', limit: 500 },
      { project: 'backups', task: 'backups/snapshot', limit: 500 },
      { project: 'backups', task: 'backups/snapshot', status: 'failed', limit: 500 },
    ]);
    expect(screen.getAllByRole('listitem').map((r) => r.getAttribute('aria-label'))).toEqual(['Run 3 of backups/snapshot: failed']);
  });

  it('keeps the task filter when the status filter is changed before the first answer is back', async () => {
    const m = track(await renderApp({ 'status.get': () => examplesStatus(), 'runs.list': () => history() }, 'runs'));
    await screen.findByRole('list', { name: 'Runs' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Task' }), { target: { value: 'backups/snapshot' } });
    expect((screen.getByRole('combobox', { name: 'Task' }) as HTMLSelectElement).value).toBe('backups/snapshot');
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'failed' } });
    await waitFor(() => expect(m.transport.callsOf('runs.list')).toHaveLength(3));
    expect(m.transport.callsOf('runs.list')[2]).toEqual({ task: 'backups/snapshot', status: 'failed', limit: 500 });
  });

  it('says no runs match, and where to start one, when the list is empty', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus(), 'runs.list': () => [] }, 'runs'));
    expect(await screen.findByText('No runs match. Start one with a Run button on the Tasks view.')).toBeDefined();
    expect(screen.queryByRole('list', { name: 'Runs' })).toBeNull();
  });

  it('renders only a window of a long history', async () => {
    const many = Array.from({ length: 500 }, (_, i) => makeRun(500 - i, 'newsletter/fetch-feeds'));
    track(await renderApp({ 'status.get': () => examplesStatus(), 'runs.list': () => many }, 'runs'));
    const rows = within(await screen.findByRole('list', { name: 'Runs' })).getAllByRole('listitem');
    expect(rows[0]?.getAttribute('aria-label')).toBe('Run 500 of newsletter/fetch-feeds: success');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
  });

  it('adds a run started elsewhere on top without a reload', async () => {
    const m = track(await renderApp({ 'status.get': () => examplesStatus(), 'runs.list': () => history() }, 'runs'));
    await screen.findByRole('list', { name: 'Runs' });
    m.transport.push({
      name: 'run.started',
      payload: { run: makeRun(5, 'trading/volatility-check', { status: 'running', finished_at: null, duration_ms: null }) },
    });
    expect(screen.getAllByRole('listitem')[0]?.getAttribute('aria-label')).toBe('Run 5 of trading/volatility-check: running');
    expect(m.transport.callsOf('runs.list')).toHaveLength(1);
  });
});

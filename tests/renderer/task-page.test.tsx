// @vitest-environment jsdom
// Issue 26: a page per task, reached by clicking the task's name: schedule in words, command, owner, the last
// runs (their durations as a chart with its values), success rate, average and p95, next runs, the last log.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskDetail } from '../../src-main/common/models';
import { examplesStatus, makeRun, makeTask } from './support/factories';
import { renderApp, type Mounted } from './support/render-app';

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
});

const runs = [
  makeRun(40, 'backups/snapshot', { status: 'failed', duration_ms: 61_000 }),
  makeRun(39, 'backups/snapshot', { status: 'success', duration_ms: 42_000 }),
  makeRun(38, 'backups/snapshot', {
    status: 'skipped',
    duration_ms: null,
    started_at: null,
    error: 'skipped: the previous run (#37) is still running (overlap: skip)',
  }),
  makeRun(37, 'backups/snapshot', { status: 'success', duration_ms: 40_500 }),
];
const detail = (): TaskDetail => ({
  task: makeTask('backups/snapshot', { state: 'failing', schedule: '30 3 * * *', last_run: runs[0] ?? null }),
  project: 'backups',
  command: "rsync -a ~/Pictures 'nas.local:/volume1/photo backup'",
  next_runs: ['2026-12-08T03:30:00.000Z', '2026-12-09T03:30:00.000Z'],
  runs,
  stats: { ended: 3, success_rate: 2 / 3, avg_ms: 47_833, p95_ms: 61_000 },
});

describe('the task page', () => {
  it('opens from the task name in Tasks and shows what the task is, how it went and what comes next', async () => {
    const m = track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'tasks.detail': () => detail(),
          'runs.get': (arg) => ({
            run: runs.find((r) => r.id === arg.id) ?? makeRun(arg.id, 'backups/snapshot'),
            log: 'sending incremental file list\nrsync: connection unexpectedly closed\n',
            metrics: [],
            chain: [],
            results: [],
          }),
        },
        'tasks',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open task backups/snapshot' }));
    const page = await screen.findByRole('region', { name: 'Task backups/snapshot' });
    await waitFor(() => expect(within(page).getByText('Agent OS runs it')).toBeDefined());
    expect(m.transport.callsOf('tasks.detail')).toEqual([{ task: 'backups/snapshot' }]);
    expect(page.textContent).toContain('30 3 * * *');
    expect(page.textContent).toContain('At 03:30');
    expect(page.textContent).toContain("rsync -a ~/Pictures 'nas.local:/volume1/photo backup'");
    expect(within(page).getByText('Failing')).toBeDefined();
    expect(page.querySelector('.task-stats')?.textContent).toBe('67% succeeded (3 runs)average 48sp95 1m 01s');
    // The chart's values: the three runs with a duration, oldest first; the skipped run has none.
    const values = within(page).getByRole('table');
    expect(
      within(values)
        .getAllByRole('row')
        .map((r) => r.querySelector('td')?.textContent),
    ).toEqual(['#37', '#39', '#40']);
    expect(page.querySelectorAll('.next-runs li')).toHaveLength(2);
    await waitFor(() => expect(within(page).getByLabelText('Last log').textContent).toContain('connection unexpectedly closed'));
    expect(m.transport.callsOf('runs.get')).toEqual([{ id: 40 }]);

    fireEvent.click(within(page).getByRole('button', { name: 'Open run 39 of backups/snapshot' }));
    expect(await screen.findByRole('region', { name: 'Run 39' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('region', { name: 'Task backups/snapshot' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.queryByRole('region', { name: 'Task backups/snapshot' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Open task backups/snapshot' })).toBeDefined();
  });

  it('reloads when the task runs again', async () => {
    let current = detail();
    const m = track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'tasks.detail': () => current,
          'runs.get': (arg) => ({ run: makeRun(arg.id, 'backups/snapshot'), log: '', metrics: [], chain: [], results: [] }),
        },
        'tasks',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open task backups/snapshot' }));
    const page = await screen.findByRole('region', { name: 'Task backups/snapshot' });
    await waitFor(() => expect(page.querySelector('.task-stats')).not.toBeNull());
    const next = makeRun(41, 'backups/snapshot', { status: 'success', duration_ms: 39_000 });
    current = { ...current, runs: [next, ...runs], stats: { ended: 4, success_rate: 0.75, avg_ms: 45_625, p95_ms: 61_000 } };
    m.transport.push({ name: 'run.finished', payload: { run: next } });
    await waitFor(() => expect(page.querySelector('.task-stats')?.textContent).toContain('75% succeeded (4 runs)'));
  });

  it('says where an unknown task went', async () => {
    track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'tasks.detail': () => Promise.reject(new Error('no task "backups/snapshot"; see `agent-os status` for the known ones')),
        },
        'tasks',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open task backups/snapshot' }));
    expect((await screen.findByRole('alert')).textContent).toContain('no task "backups/snapshot"');
  });
});

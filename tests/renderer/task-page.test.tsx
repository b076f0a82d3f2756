// @vitest-environment jsdom
// A page per task (issue 26): reached by clicking the task's name; its schedule as written and in words,
// command, owner, the last runs as bars (height by duration), success rate, average and p95 duration, next
// runs and the end of its last log; Escape and Back return to the list.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { makeProject, makeRun, makeStatus, makeTask, makeUpcoming } from './support/factories';
import { renderApp, useMountedApps } from './support/render-app';

const track = useMountedApps();

/** 20 runs of backups/snapshot, newest first: 1 in 5 failed, durations 1 s … 20 s. */
function history(): Run[] {
  return Array.from({ length: 20 }, (_, i) =>
    makeRun(20 - i, 'backups/snapshot', { status: (20 - i) % 5 === 0 ? 'failed' : 'success', duration_ms: (20 - i) * 1000 }),
  ).map((r) => (r.status === 'success' ? { ...r, error: null, exit_code: 0 } : r));
}

describe('the task page', () => {
  it('opens from the task name and shows schedule in words, command, owner, success rate, avg/p95, bars, next runs and the last log', async () => {
    const runs = history();
    const status = makeStatus([
      makeProject('backups', [makeTask('backups/snapshot', { schedule: '0 2 * * *', command: 'rsync -a /photos nas:/backup', last_run: runs[0] ?? null })]),
    ]);
    const inTwoHours = new Date(Date.now() + 2 * 3_600_000);
    const m = track(
      await renderApp(
        {
          'status.get': () => status,
          'runs.list': () => runs,
          'schedule.upcoming': () => [makeUpcoming('backups/snapshot', inTwoHours), makeUpcoming('other/task', inTwoHours)],
          'runs.get': ({ id }) => ({
            run: runs.find((r) => r.id === id) as Run,
            log: 'sending incremental file list\nsent 1.2M bytes\n',
            metrics: [],
            chain: [],
            results: [],
          }),
        },
        'tasks',
      ),
    );
    const name = screen.getByRole('button', { name: 'Open the page of backups/snapshot' });
    name.focus();
    fireEvent.click(name);
    const page = screen.getByRole('region', { name: 'Task backups/snapshot' });
    await waitFor(() => expect(within(page).getAllByRole('listitem', { name: /^Run \d+: / })).toHaveLength(20));
    const facts = Object.fromEntries(
      within(page)
        .getAllByRole('term')
        .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
    );
    expect(facts).toEqual({
      Schedule: '0 2 * * * · At 02:00',
      Command: 'rsync -a /photos nas:/backup',
      Owner: 'Agent OS',
      Success: '80 % of 20 runs',
      Duration: 'avg 11s · p95 19s',
    });
    const bars = within(page).getAllByRole('listitem', { name: /^Run \d+: / });
    // Oldest first; the longest run is the tallest bar.
    expect(bars[0]?.getAttribute('aria-label')).toBe('Run 1: success, 1s');
    expect((bars[19] as HTMLElement).style.height).toBe('100%');
    expect((bars[0] as HTMLElement).style.height).toBe('8%');
    expect(within(page).getByText('sent 1.2M bytes', { exact: false })).toBeDefined();
    expect(m.transport.callsOf('runs.list')).toEqual([{ task: 'backups/snapshot', limit: 50 }]);
    expect(page.querySelectorAll('.next-runs li')).toHaveLength(1);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Task backups/snapshot' })).toBeNull();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Open the page of backups/snapshot');
  });

  it('opens a run from its bar, and Back from the run returns to the task page', async () => {
    const runs = history();
    const status = makeStatus([makeProject('backups', [makeTask('backups/snapshot', { last_run: runs[0] ?? null })])]);
    track(
      await renderApp(
        {
          'status.get': () => status,
          'runs.list': () => runs,
          'schedule.upcoming': () => [],
          'runs.get': ({ id }) => ({ run: runs.find((r) => r.id === id) as Run, log: '', metrics: [], chain: [], results: [] }),
          'runs.tail': () => ({ text: '', offset: 0, done: true, status: 'failed', live_tail: null }),
        },
        'tasks',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open the page of backups/snapshot' }));
    fireEvent.click(await screen.findByRole('listitem', { name: 'Run 15: failed, 15s' }));
    expect(screen.getByRole('region', { name: 'Run 15' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('region', { name: 'Task backups/snapshot' })).toBeDefined();
    expect(await screen.findByText('None in the next 48 hours.')).toBeDefined();
  });
});

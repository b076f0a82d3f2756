// @vitest-environment jsdom
// The controls a user reaches for (issue 26): Stop a running run, Pause/Resume one task, Snooze and
// Acknowledge all on alerts with a count on the Alerts tab, Run really disabled while the task runs, and
// no Run button where none can work (with the reason).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import type { StatusReport } from '../../src-main/common/models';
import { examplesStatus, makeAlert, makeRun } from './support/factories';
import { renderApp, taskRow, useMountedApps } from './support/render-app';

const track = useMountedApps();

/** The examples with newsletter/fetch-feeds running as run 21. */
function runningStatus(): StatusReport {
  const status = examplesStatus();
  const task = status.projects[1]?.tasks[0];
  if (!task) throw new Error('no newsletter/fetch-feeds in the examples');
  task.state = 'running';
  task.last_run = makeRun(21, 'newsletter/fetch-feeds', { status: 'running', trigger: 'manual', finished_at: null, duration_ms: null });
  return status;
}

describe('Stop and Run on a running task', () => {
  it('offers Stop on a running task, cancels its run, and keeps Run disabled so a second click records nothing', async () => {
    let status = runningStatus();
    const m = track(
      await renderApp(
        {
          'status.get': () => status,
          'runs.start': () => {
            throw new Error('runs.start must not be called while the task runs');
          },
          'runs.cancel': ({ id }) => makeRun(id, 'newsletter/fetch-feeds', { status: 'cancelled', error: 'cancelled by the user' }),
        },
        'tasks',
      ),
    );
    const row = taskRow('newsletter/fetch-feeds');
    const run = within(row).getByRole('button', { name: 'Run newsletter/fetch-feeds now' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(run.textContent).toBe('Running…');
    fireEvent.click(run);
    expect(m.transport.callsOf('runs.start')).toEqual([]);
    status = examplesStatus();
    fireEvent.click(within(row).getByRole('button', { name: 'Stop newsletter/fetch-feeds' }));
    await waitFor(() => expect(m.transport.callsOf('runs.cancel')).toEqual([{ id: 21 }]));
    // The cancelled run ends the row's Running state; the status that follows gives the task its state back.
    await waitFor(
      () =>
        expect((within(taskRow('newsletter/fetch-feeds')).getByRole('button', { name: 'Run newsletter/fetch-feeds now' }) as HTMLButtonElement).disabled).toBe(
          false,
        ),
      { timeout: 2000 },
    );
    expect(within(taskRow('newsletter/fetch-feeds')).queryByRole('button', { name: 'Stop newsletter/fetch-feeds' })).toBeNull();
  });

  it('shows no Run button on a heartbeat and says why', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus() }, 'tasks'));
    const row = taskRow('trading/market-data');
    expect(within(row).queryByRole('button', { name: /^Run / })).toBeNull();
    expect(row.textContent).toContain('No Run here: it runs elsewhere and pings Agent OS.');
  });
});

describe('Pause and Resume one task', () => {
  it('pauses a task with tasks.pause, then shows it paused with a Resume button that calls tasks.resume', async () => {
    let paused = false;
    const status = (): StatusReport => {
      const s = examplesStatus();
      const task = s.projects[0]?.tasks[1];
      if (task && paused) Object.assign(task, { paused: true, state: 'paused' });
      return s;
    };
    const m = track(
      await renderApp(
        {
          'status.get': status,
          'tasks.pause': ({ task }) => ((paused = true), { task, paused: true }),
          'tasks.resume': ({ task }) => ((paused = false), { task, paused: false }),
        },
        'tasks',
      ),
    );
    fireEvent.click(within(taskRow('backups/prune')).getByRole('button', { name: 'Pause backups/prune' }));
    await waitFor(() => expect(within(taskRow('backups/prune')).getByText('Paused')).toBeDefined());
    expect(m.transport.callsOf('tasks.pause')).toEqual([{ task: 'backups/prune' }]);
    fireEvent.click(within(taskRow('backups/prune')).getByRole('button', { name: 'Resume backups/prune' }));
    await waitFor(() => expect(within(taskRow('backups/prune')).getByText('OK')).toBeDefined());
    expect(m.transport.callsOf('tasks.resume')).toEqual([{ task: 'backups/prune' }]);
  });
});

describe('alerts: count, severity, Snooze and Acknowledge all', () => {
  const alerts = (): AlertWithDeliveries[] => [
    makeAlert(1, 'backups/snapshot'),
    makeAlert(2, 'trading/market-data', { kind: 'late', critical: false, title: 'trading/market-data is late' }),
    makeAlert(3, 'newsletter/fetch-feeds', { state: 'resolved', resolved_at: new Date().toISOString() }),
  ];

  it('shows the number of open alerts on the Alerts tab, and lowers it when one is snoozed', async () => {
    let list = alerts();
    const m = track(
      await renderApp({
        'status.get': () => examplesStatus(),
        'alerts.list': () => list,
        'alerts.snooze': ({ id, until }) => {
          list = list.map((a) => (a.id === id ? { ...a, snoozed_until: until } : a));
          return list.find((a) => a.id === id) as AlertWithDeliveries;
        },
      }),
    );
    const tab = screen.getByRole('tab', { name: 'Alerts' });
    await waitFor(() => expect(tab.textContent).toBe('Alerts2 open alerts'));
    expect(tab.getAttribute('aria-describedby')).toBe('open-alerts');
    fireEvent.click(tab);
    const first = (await screen.findByText('backups/snapshot failed')).closest('li') as HTMLElement;
    expect(within(first).getByText('critical')).toBeDefined();
    expect(within(screen.getByText('trading/market-data is late').closest('li') as HTMLElement).getByText('warning')).toBeDefined();
    const before = Date.now();
    fireEvent.click(within(first).getByRole('button', { name: 'Snooze alert 1 for 1 hour' }));
    await waitFor(() => expect(m.transport.callsOf('alerts.snooze')).toHaveLength(1));
    const until = Date.parse(m.transport.callsOf('alerts.snooze')[0]?.until ?? '');
    expect(until - before).toBeGreaterThanOrEqual(3_600_000 - 1000);
    expect(until - before).toBeLessThanOrEqual(3_600_000 + 1000);
    await waitFor(() => expect(within(screen.getByText('backups/snapshot failed').closest('li') as HTMLElement).getByText(/^Snoozed until /)).toBeDefined());
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Alerts' }).textContent).toBe('Alerts1 open alert'));
  });

  it('snoozes until 08:00 tomorrow, and Acknowledge all acknowledges every open alert in one call', async () => {
    let list = alerts();
    const m = track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'alerts.list': () => list,
          'alerts.snooze': ({ id }) => list.find((a) => a.id === id) as AlertWithDeliveries,
          'alerts.ackAll': () => {
            const open = list.filter((a) => a.state === 'open').length;
            list = list.map((a) => (a.state === 'open' ? { ...a, state: 'acknowledged' as const } : a));
            return { acknowledged: open };
          },
        },
        'alerts',
      ),
    );
    const first = (await screen.findByText('backups/snapshot failed')).closest('li') as HTMLElement;
    fireEvent.click(within(first).getByRole('button', { name: 'Snooze alert 1 until tomorrow' }));
    await waitFor(() => expect(m.transport.callsOf('alerts.snooze')).toHaveLength(1));
    const until = new Date(m.transport.callsOf('alerts.snooze')[0]?.until ?? '');
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    expect([until.getDate(), until.getHours(), until.getMinutes()]).toEqual([tomorrow.getDate(), 8, 0]);
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge all (2)' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Acknowledge all/ })).toBeNull());
    expect(m.transport.callsOf('alerts.ackAll')).toEqual([{}]);
    expect(screen.queryAllByRole('button', { name: /^Acknowledge alert/ })).toEqual([]);
    await act(async () => undefined);
    expect(screen.getByRole('tab', { name: 'Alerts' }).textContent).toBe('Alerts');
  });
});

// @vitest-environment jsdom
// Honest states (issue 26): the engine gone says so (and from when the data is), Run is disabled meanwhile
// and the return is said; loading, could-not-load and empty are told apart in Runs and Schedule; config.yml
// problems and the bundled examples are said on the Overview; nothing shows an empty heading.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Run, UpcomingRun } from '../../src-main/common/models';
import { examplesStatus, makeProject, makeStatus, makeTask, makeUpcoming } from './support/factories';
import { apiError, deferred } from './support/memory-transport';
import { renderApp, useMountedApps } from './support/render-app';

const track = useMountedApps();
const hhmm = (d: Date): string => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

describe('when the engine goes away', () => {
  it('says "Disconnected from Agent OS — showing data from <time>", dims the data, disables Run, then says when it is back', async () => {
    const m = track(await renderApp({ 'status.get': () => examplesStatus() }, 'tasks'));
    const syncedAt = m.store.getState().syncedAt;
    expect(syncedAt).not.toBeNull();
    expect(screen.queryByText(/Disconnected from Agent OS/)).toBeNull();
    m.transport.setLink(false);
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toBe(`Disconnected from Agent OS — showing data from ${hhmm(new Date(syncedAt ?? ''))}. Reconnecting…`);
    expect(document.querySelector('.app')?.classList.contains('offline')).toBe(true);
    const run = screen.getByRole('button', { name: 'Run newsletter/fetch-feeds now' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(run.title).toMatch(/^Disconnected from Agent OS/);
    m.transport.setLink(true);
    expect(screen.queryByText(/Disconnected from Agent OS/)).toBeNull();
    expect(screen.getByText(/^Connected to Agent OS again since \d/)).toBeDefined();
    expect(document.querySelector('.app')?.classList.contains('offline')).toBe(false);
    await waitFor(() => expect((screen.getByRole('button', { name: 'Run newsletter/fetch-feeds now' }) as HTMLButtonElement).disabled).toBe(false));
  });
});

describe('Runs and Schedule tell loading, could-not-load and empty apart', () => {
  it('says "Loading runs…" while the list is on its way, not "No runs match"', async () => {
    const answer = deferred<Run[]>();
    track(await renderApp({ 'status.get': () => examplesStatus(), 'runs.list': () => answer.promise }, 'runs'));
    expect(screen.getByText('Loading runs…')).toBeDefined();
    expect(screen.queryByText(/No runs match/)).toBeNull();
    await act(async () => answer.resolve([]));
    expect(screen.getByText(/^No runs match/)).toBeDefined();
  });

  it('says the runs could not be loaded, with the reason and Try again, and loads them on Try again', async () => {
    let fail = true;
    track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'runs.list': () => {
            if (fail) throw apiError('Agent OS is not answering. Is `agent-os serve` still running?', 0);
            return [];
          },
        },
        'runs',
      ),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the runs: Agent OS is not answering.');
    expect(screen.queryByText(/No runs match/)).toBeNull();
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/^No runs match/)).toBeDefined();
  });

  it('says "Loading the schedule…" until it arrives, and could-not-load when it fails', async () => {
    const answer = deferred<UpcomingRun[]>();
    let calls = 0;
    track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'schedule.upcoming': () => {
            calls += 1;
            if (calls === 1) return answer.promise;
            throw apiError('schedule.upcoming failed (500)', 500);
          },
        },
        'schedule',
      ),
    );
    expect(screen.getByText('Loading the schedule…')).toBeDefined();
    expect(screen.queryByText(/Nothing is scheduled/)).toBeNull();
    await act(async () => answer.resolve([makeUpcoming('backups/prune', new Date(Date.now() + 600_000))]));
    expect(screen.getByText('backups/prune')).toBeDefined();
    fireEvent.click(screen.getByRole('radio', { name: 'Next 7 days' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load the schedule: schedule.upcoming failed (500)');
    expect(screen.queryByText(/Nothing is scheduled/)).toBeNull();
  });
});

describe('the Overview says what a first look needs', () => {
  it('lists each config.yml problem under Needs attention with its line', async () => {
    const status = examplesStatus();
    status.projects = status.projects.map((p) => ({ ...p, tasks: p.tasks.map((t) => ({ ...t, state: 'ok' as const })) }));
    status.config_errors = [
      { file: '/home/erik/.local/share/agent-os/config.yml', path: 'roots', line: 3, message: 'expected a list of folders, found "~/code"' },
      { path: 'retention.runs_days', line: 9, message: 'expected a whole number of days, found "ninety"' },
    ];
    track(await renderApp({ 'status.get': () => status }));
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    expect([...attention.querySelectorAll('.config-error')].map((p) => p.textContent)).toEqual([
      'config.yml line 3 (roots): expected a list of folders, found "~/code"',
      'config.yml line 9 (retention.runs_days): expected a whole number of days, found "ninety"',
    ]);
    expect(screen.queryByText(/tasks are healthy/)).toBeNull();
  });

  it('says the projects shown are bundled examples and how to add ones own, and shows no empty "Recently ran"', async () => {
    const status = makeStatus([makeProject('newsletter', [makeTask('newsletter/fetch-feeds', { state: 'never' })])], {
      examples: '/Users/me/.agent-os/examples',
    });
    track(await renderApp({ 'status.get': () => status }));
    expect(screen.getByRole('region', { name: 'Example projects' }).textContent).toMatch(
      /example projects, copied to \/Users\/me\/\.agent-os\/examples .*Add your own project .* in\s+Settings/,
    );
    expect(screen.queryByRole('heading', { name: 'Recently ran' })).toBeNull();
  });

  it('moves a heartbeat whose ping is overdue out of Next up', async () => {
    const status = makeStatus([
      makeProject('trading', [
        makeTask('trading/market-data', { kind: 'heartbeat', state: 'late', next_run: new Date(Date.now() - 120_000).toISOString() }),
        makeTask('trading/volatility-check'),
      ]),
    ]);
    track(await renderApp({ 'status.get': () => status }));
    const next = screen.getByRole('region', { name: 'Next up' });
    expect(within(next).queryByText('trading/market-data')).toBeNull();
    expect(within(next).getByText('trading/volatility-check')).toBeDefined();
  });
});

describe('keyboard in and out of a run', () => {
  it('closes the run with Escape and gives focus back to the link that opened it', async () => {
    const status = examplesStatus();
    const run = status.projects[0]?.tasks[0]?.last_run;
    if (!run) throw new Error('backups/snapshot has no last run in the examples');
    track(
      await renderApp(
        {
          'status.get': () => status,
          'runs.get': () => ({ run, log: '', metrics: [], chain: [], results: [] }),
          'runs.tail': () => ({ text: 'done\n', offset: 5, done: true, status: run.status, live_tail: null }),
        },
        'tasks',
      ),
    );
    const link = screen.getByRole('button', { name: `Open run ${run.id} of backups/snapshot` });
    link.focus();
    fireEvent.click(link);
    expect(screen.getByRole('region', { name: `Run ${run.id}` })).toBeDefined();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: `Run ${run.id}` })).toBeNull();
    expect(document.activeElement?.getAttribute('aria-label')).toBe(`Open run ${run.id} of backups/snapshot`);
  });
});

describe('keyboard in the tab bar', () => {
  it('jumps to the first tab with Home and the last with End', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus() }, 'runs'));
    const runsTab = screen.getByRole('tab', { name: 'Runs' });
    fireEvent.keyDown(runsTab, { key: 'End' });
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Settings');
    fireEvent.keyDown(document.activeElement as Element, { key: 'Home' });
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Overview');
    expect(screen.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
  });
});

// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { examplesStatus, makeProject, makeRun, makeStatus, makeTask } from './support/factories';
import { deferred } from './support/memory-transport';
import { renderApp, taskRow, useMountedApps } from './support/render-app';

const track = useMountedApps();
const rowOf = taskRow;

describe('Tasks', () => {
  it('groups the tasks under their project', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus() }, 'tasks'));
    const groups = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'));
    expect(groups).toEqual(['Project backups', 'Project newsletter', 'Project trading']);
    const newsletter = screen.getByRole('region', { name: 'Project newsletter' });
    expect(
      within(newsletter)
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('data-task')),
    ).toEqual(['newsletter/fetch-feeds', 'newsletter/send-digest']);
    expect(within(newsletter).getByText('Never run')).toBeDefined();
  });

  it('shows every error of an invalid manifest with its path and line', async () => {
    const report = examplesStatus();
    report.projects.push(
      makeProject('cortana', [], {
        state: 'invalid',
        errors: [
          { path: 'tasks.daily.timeout', message: 'expected a duration such as 30m, found "soon"', line: 7 },
          { path: '', message: 'expected a YAML mapping at the top of agent-os.yml, found a list' },
        ],
      }),
    );
    track(await renderApp({ 'status.get': () => report }, 'tasks'));
    const cortana = screen.getByRole('region', { name: 'Project cortana' });
    expect(within(cortana).getByText('Invalid manifest')).toBeDefined();
    expect(
      within(cortana)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'tasks.daily.timeout (line 7): expected a duration such as 30m, found "soon"',
      'agent-os.yml: expected a YAML mapping at the top of agent-os.yml, found a list',
    ]);
    expect(within(cortana).getByText('No tasks in this manifest yet.')).toBeDefined();
  });

  it('gives each command task a button named "Run <project>/<task> now", and none to a heartbeat', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus() }, 'tasks'));
    const names = screen.getAllByRole('button', { name: /^Run .* now$/ }).map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual([
      'Run backups/snapshot now',
      'Run backups/prune now',
      'Run newsletter/fetch-feeds now',
      'Run newsletter/send-digest now',
      'Run trading/volatility-check now',
    ]);
    expect(within(rowOf('trading/market-data')).getByText('heartbeat')).toBeDefined();
    expect(within(rowOf('trading/market-data')).getByText('http://127.0.0.1:7317/ping/6f1c0d2e9a')).toBeDefined();
  });

  it('starts a run on click, says "Starting…" until the core answers, then follows the run to OK', async () => {
    const answer = deferred<Run>();
    const m = track(await renderApp({ 'status.get': () => examplesStatus(), 'runs.start': () => answer.promise }, 'tasks'));
    const button = screen.getByRole('button', { name: 'Run newsletter/fetch-feeds now' });
    fireEvent.click(button);
    expect(m.transport.callsOf('runs.start')).toEqual([{ task: 'newsletter/fetch-feeds' }]);
    expect(button.textContent).toBe('Starting…');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    const run = makeRun(13, 'newsletter/fetch-feeds', { status: 'running', trigger: 'manual', finished_at: null, duration_ms: null });
    await act(async () => answer.resolve(run));
    m.transport.push({ name: 'task.state', payload: { task: 'newsletter/fetch-feeds', state: 'running', previous: 'ok' } });
    expect(button.textContent).toBe('Running…');
    expect(within(rowOf('newsletter/fetch-feeds')).getByText('Running')).toBeDefined();
    m.transport.push({
      name: 'run.finished',
      payload: { run: { ...run, status: 'success', exit_code: 0, finished_at: new Date().toISOString(), duration_ms: 1_020 } },
    });
    m.transport.push({ name: 'task.state', payload: { task: 'newsletter/fetch-feeds', state: 'ok', previous: 'running' } });
    expect(button.textContent).toBe('Run');
    expect(within(rowOf('newsletter/fetch-feeds')).getByText('OK')).toBeDefined();
  });

  it('says everything is paused when pause-all is on', async () => {
    track(
      await renderApp(
        {
          'status.get': () =>
            makeStatus([makeProject('newsletter', [makeTask('newsletter/fetch-feeds', { state: 'paused', paused: true })])], { paused_all: true }),
        },
        'tasks',
      ),
    );
    expect(screen.getByText('Everything is paused. Resume in Settings.')).toBeDefined();
    expect(within(rowOf('newsletter/fetch-feeds')).getByText('Paused')).toBeDefined();
  });
});

describe('cloud schedules in the task list', () => {
  const cloudTask = (id: string, over: Partial<Parameters<typeof makeTask>[1]> = {}) =>
    makeTask(id, {
      kind: 'railway',
      state: 'never',
      schedule: '*/15 * * * * (UTC)',
      ping_url: 'http://127.0.0.1:7317/ping/abc',
      ping_hint: "sh -c 'python3 sync_orders.py; curl -fsS -m 10 --retry 5 -o /dev/null http://127.0.0.1:7317/ping/abc/$?'",
      note: 'Its runs are not visible yet: make its start command ping Agent OS as below',
      cloud: {
        provider: 'railway',
        file: 'railway.toml',
        title: 'Railway service',
        crons: ['*/15 * * * *'],
        timezones: ['UTC'],
        jobs: [],
        runnable: false,
        not_runnable_reason:
          'Railway starts it on its schedule; to start it from Agent OS, set AGENT_OS_RAILWAY_TOKEN and name its service under railway.services in config.yml',
        observed: false,
      },
      ...over,
    });

  it('names the provider, says why Run now cannot start it, and offers the ping command until runs are seen', async () => {
    const report = makeStatus([makeProject('shop', [cloudTask('shop/railway')])]);
    track(await renderApp({ 'status.get': () => report }, 'tasks'));
    const row = rowOf('shop/railway');
    expect(within(row).getByText('Railway')).toBeDefined();
    const run = within(row).getByRole('button', { name: 'Run shop/railway now' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(run.getAttribute('title')).toBe(
      'Railway starts it on its schedule; to start it from Agent OS, set AGENT_OS_RAILWAY_TOKEN and name its service under railway.services in config.yml',
    );
    expect(document.getElementById(run.getAttribute('aria-describedby') ?? '')?.textContent).toContain('set AGENT_OS_RAILWAY_TOKEN');
    expect(within(row).getByLabelText('Ping command for shop/railway').textContent).toContain('sync_orders.py; curl -fsS');
  });

  it('keeps Run now for a dispatchable workflow and drops the how-to once its runs are seen', async () => {
    const gh = cloudTask('shop/github-nightly-etl', {
      kind: 'github_actions',
      state: 'ok',
      note: null,
      cloud: {
        provider: 'github_actions',
        file: '.github/workflows/nightly-etl.yml',
        title: 'Nightly ETL',
        crons: ['30 2 * * *'],
        timezones: ['UTC'],
        jobs: ['Load warehouse', 'digest'],
        runnable: true,
        not_runnable_reason: null,
        observed: true,
      },
    });
    track(await renderApp({ 'status.get': () => makeStatus([makeProject('shop', [gh])]) }, 'tasks'));
    const row = rowOf('shop/github-nightly-etl');
    expect((within(row).getByRole('button', { name: 'Run shop/github-nightly-etl now' }) as HTMLButtonElement).disabled).toBe(false);
    expect(row.textContent).toContain('GitHub Actions · Nightly ETL · Load warehouse, digest');
    expect(within(row).queryByText(/Not watched yet/)).toBeNull();
  });
});

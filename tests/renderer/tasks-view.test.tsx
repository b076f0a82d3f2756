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
    expect(button.textContent).toBe('Running…');
    expect(within(rowOf('newsletter/fetch-feeds')).getByText('Running')).toBeDefined();
    m.transport.push({
      name: 'run.finished',
      payload: { run: { ...run, status: 'success', exit_code: 0, finished_at: new Date().toISOString(), duration_ms: 1_020 } },
    });
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

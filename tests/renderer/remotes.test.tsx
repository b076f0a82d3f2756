// @vitest-environment jsdom
// Remote engines in the tray window / dashboard: their tasks beside the local ones, labelled with the engine,
// Rerun sent to the engine that owns the task, and a remote that does not answer said plainly.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RemoteEngineStatus, Run } from '../../src-main/common/models';
import { makeProject, makeRun, makeStatus, makeTask } from './support/factories';
import { renderApp, useMountedApps } from './support/render-app';

const track = useMountedApps();

function remote(name: string, over: Partial<RemoteEngineStatus> = {}): RemoteEngineStatus {
  return {
    name,
    url: `https://${name}.example.com`,
    state: 'connected',
    since: new Date(Date.now() - 10 * 60_000).toISOString(),
    error: null,
    paused_all: false,
    projects: [
      makeProject('shop', [
        makeTask('shop/sync', { last_run: makeRun(7, 'shop/sync', { status: 'success' }) }),
        makeTask('shop/broken', { state: 'failing', last_run: makeRun(8, 'shop/broken', { status: 'failed', error: 'exited with code 4: no database' }) }),
      ]),
    ],
    ...over,
  };
}

const withRemotes = () =>
  makeStatus([makeProject('laptop', [makeTask('laptop/notes')])], {
    remotes: [remote('prod'), remote('staging', { state: 'unreachable', error: 'no answer (ECONNREFUSED)', projects: [] })],
  });

describe('remote engines', () => {
  it('counts their failing tasks in the header, and names a server that does not answer', async () => {
    track(await renderApp({ 'status.get': () => withRemotes() }));
    const health = screen.getByRole('banner').querySelector('.health')!;
    expect(health.textContent).toContain('1 failing');
    expect(health.textContent).toContain('staging unreachable');
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    expect(attention.textContent).toContain('Server staging is unreachable since 10m ago: no answer (ECONNREFUSED)');
    expect(within(attention).getByRole('button', { name: 'Run shop/broken now on prod' }).textContent).toBe('Rerun');
  });

  it('sends Rerun of a remote task to its engine, not to this one', async () => {
    const started = makeRun(9, 'shop/broken', { status: 'running', trigger: 'manual' });
    const m = track(await renderApp({ 'status.get': () => withRemotes(), 'remotes.call': () => started }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run shop/broken now on prod' }));
    });
    await waitFor(() => expect(m.transport.calls.some((c) => c.name === 'remotes.call')).toBe(true));
    expect(m.transport.calls.find((c) => c.name === 'remotes.call')?.arg).toEqual({ engine: 'prod', command: 'runs.start', arg: { task: 'shop/broken' } });
    expect(m.transport.calls.some((c) => c.name === 'runs.start')).toBe(false);
  });

  it('lists each engine’s projects under its name in Tasks, with the last known state of one away', async () => {
    const report = withRemotes();
    report.remotes![1] = remote('staging', { state: 'unreachable', error: 'no answer (ECONNREFUSED)' });
    track(await renderApp({ 'status.get': () => report }, 'tasks'));
    expect(screen.getByRole('region', { name: 'Project laptop' })).toBeDefined();
    const prod = screen.getByRole('region', { name: 'Engine prod' });
    expect(within(prod).getByRole('region', { name: 'Project shop on prod' })).toBeDefined();
    const staging = screen.getByRole('region', { name: 'Engine staging' });
    expect(within(staging).getByRole('status').textContent).toMatch(
      /^Server staging is unreachable since 10m ago: no answer \(ECONNREFUSED\)\. Its last known state is shown\.$/,
    );
    expect(within(staging).getByRole('button', { name: 'Run shop/sync now on staging' })).toBeDefined();
  });

  it('opens a remote run through its engine, and refreshes when the engine says it changed', async () => {
    const run: Run = makeRun(7, 'shop/sync', { status: 'success' });
    const m = track(
      await renderApp(
        {
          'status.get': () => withRemotes(),
          'remotes.call': (arg) =>
            arg.command === 'runs.get'
              ? { run, log: '', metrics: [], chain: [], results: [] }
              : { text: 'synced 42 orders\n', offset: 17, done: true, status: 'success', live_tail: null },
        },
        'tasks',
      ),
    );
    await act(async () => {
      fireEvent.click(within(screen.getByRole('region', { name: 'Engine prod' })).getByRole('button', { name: 'Open run 7 of shop/sync' }));
    });
    await waitFor(() => expect(screen.getByLabelText('Log').textContent).toContain('synced 42 orders'));
    const commands = m.transport.calls.filter((c) => c.name === 'remotes.call').map((c) => (c.arg as { engine: string; command: string }).command);
    expect(commands).toEqual(expect.arrayContaining(['runs.get', 'runs.tail']));
    expect(m.transport.calls.some((c) => c.name === 'runs.get' || c.name === 'runs.tail')).toBe(false);
    expect(screen.getByText('shop/sync on prod')).toBeDefined();

    const before = m.transport.calls.filter((c) => c.name === 'status.get').length;
    m.transport.push({ name: 'remote.changed', payload: { engine: 'prod' } });
    await waitFor(() => expect(m.transport.calls.filter((c) => c.name === 'status.get').length).toBe(before + 1), { timeout: 2000 });
  });
});

// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Run, StatusReport, TaskStatus } from '../../src-main/common/models';
import type { AppStore } from '../../src-renderer/store/app-store';
import { examplesStatus, makeRun } from './support/factories';
import { apiError, deferred } from './support/memory-transport';
import { createTestStore, renderApp, type TestStore } from './support/render-app';

const opened: TestStore[] = [];
afterEach(() => {
  cleanup();
  for (const t of opened.splice(0)) t.disconnect();
});

function storeWith(answers: Parameters<typeof createTestStore>[0]): TestStore {
  const t = createTestStore(answers);
  opened.push(t);
  return t;
}

function task(store: AppStore, id: string): TaskStatus {
  const found = store
    .getState()
    .status?.projects.flatMap((p) => p.tasks)
    .find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id} in the store`);
  return found;
}

/** A page of runs, newest first, with ids from `top` down. */
const page = (top: number, count: number): Run[] => Array.from({ length: count }, (_, i) => makeRun(top - i, 'newsletter/fetch-feeds'));

describe('the store applies core events', () => {
  it('puts the run on top of the list when run.started arrives and takes the state from the core', async () => {
    const { store, transport } = storeWith({ 'status.get': () => examplesStatus(), 'runs.list': () => [makeRun(3, 'backups/snapshot', { status: 'failed' })] });
    await store.getState().loadStatus();
    await store.getState().loadRuns();
    const run = makeRun(4, 'newsletter/fetch-feeds', { status: 'running', trigger: 'manual', finished_at: null, duration_ms: null });
    transport.push({ name: 'run.started', payload: { run } });
    // The store derives no state of its own from a run: that is the core's rule, sent as task.state.
    expect(task(store, 'newsletter/fetch-feeds').state).toBe('ok');
    expect(task(store, 'newsletter/fetch-feeds').last_run?.id).toBe(4);
    transport.push({ name: 'task.state', payload: { task: 'newsletter/fetch-feeds', state: 'running', previous: null } });
    expect(task(store, 'newsletter/fetch-feeds').state).toBe('running');
    expect(task(store, 'newsletter/send-digest').state).toBe('never');
    expect(store.getState().runs.map((r) => r.id)).toEqual([4, 3]);
  });

  it('turns the row failing on a failed run.finished and replaces the listed run in place', async () => {
    const running = makeRun(5, 'trading/volatility-check', { status: 'running', finished_at: null, duration_ms: null });
    const { store, transport } = storeWith({
      'status.get': () => examplesStatus(),
      'runs.list': () => [running, makeRun(3, 'backups/snapshot', { status: 'failed' })],
    });
    await store.getState().loadStatus();
    await store.getState().loadRuns();
    transport.push({ name: 'run.finished', payload: { run: { ...running, status: 'failed', exit_code: 1, error: 'exited with code 1' } } });
    transport.push({ name: 'task.state', payload: { task: 'trading/volatility-check', state: 'failing', previous: 'running' } });
    expect(task(store, 'trading/volatility-check').state).toBe('failing');
    expect(task(store, 'trading/volatility-check').last_run?.error).toBe('exited with code 1');
    expect(store.getState().runs.map((r) => [r.id, r.status])).toEqual([
      [5, 'failed'],
      [3, 'failed'],
    ]);
  });

  it('turns a failing row OK when its rerun succeeds', async () => {
    const { store, transport } = storeWith({ 'status.get': () => examplesStatus() });
    await store.getState().loadStatus();
    transport.push({ name: 'run.finished', payload: { run: makeRun(6, 'backups/snapshot', { status: 'success', trigger: 'manual' }) } });
    expect(task(store, 'backups/snapshot').last_run?.id).toBe(6);
    transport.push({ name: 'task.state', payload: { task: 'backups/snapshot', state: 'ok', previous: 'failing' } });
    expect(task(store, 'backups/snapshot').state).toBe('ok');
  });

  it('keeps a newer last run when an older run event arrives late', async () => {
    const { store, transport } = storeWith({ 'status.get': () => examplesStatus() });
    await store.getState().loadStatus();
    transport.push({ name: 'run.finished', payload: { run: makeRun(1, 'backups/snapshot', { status: 'success' }) } });
    expect(task(store, 'backups/snapshot').last_run?.id).toBe(3);
    expect(task(store, 'backups/snapshot').state).toBe('failing');
  });

  it('changes only the named task on task.state', async () => {
    const { store, transport } = storeWith({ 'status.get': () => examplesStatus() });
    await store.getState().loadStatus();
    const before = store.getState().status as StatusReport;
    transport.push({ name: 'task.state', payload: { task: 'trading/market-data', state: 'late', previous: 'ok' } });
    expect(task(store, 'trading/market-data').state).toBe('late');
    const others = (s: StatusReport) =>
      s.projects
        .flatMap((p) => p.tasks)
        .filter((t) => t.id !== 'trading/market-data')
        .map((t) => t.state);
    expect(others(store.getState().status as StatusReport)).toEqual(others(before));
  });

  it('does not add a run to a run list filtered to another project', async () => {
    const { store, transport } = storeWith({ 'status.get': () => examplesStatus(), 'runs.list': () => [makeRun(3, 'backups/snapshot', { status: 'failed' })] });
    await store.getState().loadStatus();
    await store.getState().loadRuns({ project: 'backups' });
    transport.push({ name: 'run.started', payload: { run: makeRun(7, 'newsletter/fetch-feeds', { status: 'running', finished_at: null }) } });
    expect(store.getState().runs.map((r) => r.id)).toEqual([3]);
    expect(task(store, 'newsletter/fetch-feeds').last_run?.id).toBe(7);
  });
});

describe('the store and the event stream link', () => {
  it('reloads the status when the event stream comes back, since events may have been missed', async () => {
    let report = examplesStatus();
    const { store, transport } = storeWith({ 'status.get': () => report });
    await store.getState().loadStatus();
    const before = transport.callsOf('status.get').length;
    transport.setLink(false);
    expect(store.getState().linkUp).toBe(false);
    // While the link was down, the snapshot run succeeded: only a reload can tell.
    report = {
      ...report,
      projects: report.projects.map((p) => ({ ...p, tasks: p.tasks.map((t) => (t.id === 'backups/snapshot' ? { ...t, state: 'ok' as const } : t)) })),
    };
    transport.setLink(true);
    await vi.waitFor(() => expect(task(store, 'backups/snapshot').state).toBe('ok'));
    expect(store.getState().linkUp).toBe(true);
    expect(transport.callsOf('status.get')).toHaveLength(before + 1);
  });

  it('shows in the header whether live updates are on', async () => {
    const { transport, ...rest } = await renderApp({ 'status.get': () => examplesStatus() });
    opened.push({ transport, ...rest });
    expect(screen.getByLabelText('Live updates on')).toBeDefined();
    transport.setLink(false);
    expect(screen.getByLabelText('Live updates reconnecting')).toBeDefined();
  });
});

describe('the store pages the run history', () => {
  it('asks for 500 runs, then for the page before the last one, and stops at a short page', async () => {
    const { store, transport } = storeWith({
      'runs.list': (arg) => (arg?.before_id === undefined ? page(1200, 500) : arg.before_id === 701 ? page(700, 500) : page(200, 200)),
    });
    await store.getState().loadRuns({ project: 'newsletter' });
    expect(store.getState().runsComplete).toBe(false);
    await store.getState().loadMoreRuns();
    await store.getState().loadMoreRuns();
    expect(store.getState().runs).toHaveLength(1200);
    expect(store.getState().runsComplete).toBe(true);
    await store.getState().loadMoreRuns();
    expect(transport.callsOf('runs.list')).toEqual([
      { project: 'newsletter', limit: 500 },
      { project: 'newsletter', limit: 500, before_id: 701 },
      { project: 'newsletter', limit: 500, before_id: 201 },
    ]);
  });
});

describe('the store keeps API errors for the user', () => {
  it('keeps a failed status load in `error` and shows it in an alert until dismissed', async () => {
    const mounted = await renderApp({ 'status.get': () => Promise.reject(apiError('Agent OS is not answering. Is `agent-os serve` still running?', 0)) });
    opened.push(mounted);
    const { store } = mounted;
    expect(store.getState().error).toBe('Agent OS is not answering. Is `agent-os serve` still running?');
    expect(screen.getByRole('alert').textContent).toContain('Agent OS is not answering');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().error).toBeNull();
  });

  it('clears the error once the next load succeeds', async () => {
    let up = false;
    const { store } = storeWith({ 'status.get': () => (up ? examplesStatus() : Promise.reject(apiError('status.get failed (500)', 500))) });
    await store.getState().loadStatus();
    expect(store.getState().error).toBe('status.get failed (500)');
    up = true;
    await store.getState().loadStatus();
    expect(store.getState().error).toBeNull();
  });
});

describe('Run now in the store', () => {
  it('flags the task in flight until its run.started event arrives', async () => {
    const answer = deferred<Run>();
    const { store, transport } = storeWith({ 'status.get': () => examplesStatus(), 'runs.start': () => answer.promise });
    await store.getState().loadStatus();
    const started = store.getState().startRun('newsletter/fetch-feeds');
    expect(store.getState().inflight).toEqual({ 'newsletter/fetch-feeds': true });
    const run = makeRun(8, 'newsletter/fetch-feeds', { status: 'running', trigger: 'manual', finished_at: null, duration_ms: null });
    transport.push({ name: 'run.started', payload: { run } });
    expect(store.getState().inflight).toEqual({});
    expect(task(store, 'newsletter/fetch-feeds').last_run?.id).toBe(8);
    answer.resolve(run);
    await started;
    expect(transport.callsOf('runs.start')).toEqual([{ task: 'newsletter/fetch-feeds' }]);
    expect(store.getState().inflight).toEqual({});
  });

  it('clears the in-flight flag and keeps the error when runs.start is refused', async () => {
    const { store } = storeWith({
      'status.get': () => examplesStatus(),
      'runs.start': () => Promise.reject(apiError('no task "newsletter/gone"; see `agent-os status` for the known ones', 404)),
    });
    await store.getState().loadStatus();
    await store.getState().startRun('newsletter/gone');
    expect(store.getState().inflight).toEqual({});
    expect(store.getState().error).toBe('no task "newsletter/gone"; see `agent-os status` for the known ones');
  });

  it('says why when the core skips the run (overlap)', async () => {
    const { store } = storeWith({
      'status.get': () => examplesStatus(),
      'runs.start': () =>
        makeRun(9, 'newsletter/fetch-feeds', {
          status: 'skipped',
          trigger: 'manual',
          started_at: null,
          error: 'skipped: the previous run (#8) is still running (overlap: skip)',
        }),
    });
    await store.getState().loadStatus();
    await act(() => store.getState().startRun('newsletter/fetch-feeds'));
    expect(store.getState().inflight).toEqual({});
    expect(store.getState().error).toBe('newsletter/fetch-feeds: skipped: the previous run (#8) is still running (overlap: skip)');
  });

  it('keeps a run finished when its run.finished event beats the runs.start answer', async () => {
    const answer = deferred<Run>();
    const { store, transport } = storeWith({ 'status.get': () => examplesStatus(), 'runs.list': () => [], 'runs.start': () => answer.promise });
    await store.getState().loadStatus();
    await store.getState().loadRuns();
    const started = store.getState().startRun('trading/volatility-check');
    const running = makeRun(10, 'trading/volatility-check', { status: 'running', trigger: 'manual', finished_at: null, duration_ms: null });
    // A task that ends in a few ms: both events are on the SSE stream before the POST's answer is read.
    transport.push({ name: 'run.started', payload: { run: running } });
    transport.push({ name: 'run.finished', payload: { run: { ...running, status: 'success', exit_code: 0, duration_ms: 6 } } });
    answer.resolve(running);
    await started;
    expect(task(store, 'trading/volatility-check').state).toBe('ok');
    expect(store.getState().runs.find((r) => r.id === 10)?.status).toBe('success');
  });
});

// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { examplesStatus, GrowingLog, makeRun } from './support/factories';
import { layOut } from './support/layout';
import { apiError } from './support/memory-transport';
import { renderApp, type Mounted } from './support/render-app';

let restoreLayout: () => void = () => undefined;
beforeAll(() => void (restoreLayout = layOut('.run-scroller', { width: 420, height: 600 })));
afterAll(() => restoreLayout());

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
});

const logText = (): string => screen.getByLabelText('Log').textContent ?? '';

/** A fake core holding one run and its growing log. */
function oneRun(initial: Run) {
  let run = initial;
  const log = new GrowingLog(() => run);
  return {
    log,
    setRun: (next: Run) => void (run = next),
    answers: {
      'status.get': () => examplesStatus(),
      'runs.list': () => [run],
      'runs.get': () => ({ run, log: '', metrics: [], chain: [], results: [] }),
      'runs.tail': (arg: { id: number; offset?: number }) => log.tail(arg.offset ?? 0),
    },
  };
}

describe('Run detail', () => {
  it('shows what happened and the log of a finished run, opened from the run list', async () => {
    const failed = makeRun(3, 'backups/snapshot', { status: 'failed', trigger: 'manual', duration_ms: 1_204 });
    const core = oneRun(failed);
    core.log.append('connecting to nas.local…\nrsync: failed to connect to nas.local: Connection refused (111)\n');
    const m = track(await renderApp(core.answers, 'runs'));
    fireEvent.click(await screen.findByRole('listitem', { name: 'Run 3 of backups/snapshot: failed' }));
    const detail = screen.getByRole('region', { name: 'Run 3' });
    await waitFor(() => expect(logText()).toContain('Connection refused (111)'));
    const facts = Object.fromEntries(
      within(detail)
        .getAllByRole('term')
        .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
    );
    expect(facts).toMatchObject({ Task: 'backups/snapshot', Trigger: 'manual', Took: '1s', Exit: '23', Error: failed.error });
    expect(within(detail).getByRole('button', { name: 'Run backups/snapshot now' }).textContent).toBe('Rerun');
    expect(m.transport.callsOf('runs.tail')).toEqual([{ id: 3, offset: 0 }]);
    expect(m.transport.callsOf('runs.get')).toEqual([{ id: 3, log: false }]);
  });

  it('finds text in the log: every match marked, a count, Enter moves to the next one', async () => {
    const failed = makeRun(3, 'backups/snapshot', { status: 'failed', trigger: 'manual' });
    const core = oneRun(failed);
    core.log.append('connecting to nas.local…\nretrying nas.local in 5s\nrsync: failed to connect to NAS.local: Connection refused (111)\n');
    track(await renderApp(core.answers, 'runs'));
    fireEvent.click(await screen.findByRole('listitem', { name: 'Run 3 of backups/snapshot: failed' }));
    await waitFor(() => expect(logText()).toContain('Connection refused'));
    const find = screen.getByRole('searchbox', { name: 'Find in output' });
    fireEvent.change(find, { target: { value: 'nas.local' } });
    const marks = () => [...screen.getByLabelText('Log').querySelectorAll('mark')];
    expect(marks().map((m) => m.textContent)).toEqual(['nas.local', 'nas.local', 'NAS.local']);
    expect(screen.getByRole('status', { name: 'Matches' }).textContent).toBe('1 of 3');
    expect(marks().map((m) => m.className)).toEqual(['current', '', '']);
    fireEvent.keyDown(find, { key: 'Enter' });
    expect(screen.getByRole('status', { name: 'Matches' }).textContent).toBe('2 of 3');
    expect(marks()[1]?.className).toBe('current');
    fireEvent.keyDown(find, { key: 'Enter', shiftKey: true });
    fireEvent.keyDown(find, { key: 'Enter', shiftKey: true });
    expect(screen.getByRole('status', { name: 'Matches' }).textContent).toBe('3 of 3');
    // The text itself is unchanged by the marks.
    expect(logText()).toBe('connecting to nas.local…\nretrying nas.local in 5s\nrsync: failed to connect to NAS.local: Connection refused (111)\n');
    fireEvent.change(find, { target: { value: 'timeout' } });
    expect(screen.getByRole('status', { name: 'Matches' }).textContent).toBe('no match');
    expect(marks()).toEqual([]);
    // No clipboard (an insecure origin): the page says how to copy instead of failing silently.
    fireEvent.click(screen.getByRole('button', { name: 'Copy output' }));
    expect(screen.getByText('The clipboard is not available here: select the output and copy it by hand.')).toBeDefined();
  });

  it('tails a running run: each run.output event pulls the log from where it stopped and appends it', async () => {
    const running = makeRun(14, 'newsletter/fetch-feeds', { status: 'running', trigger: 'manual', finished_at: null, duration_ms: null });
    const core = oneRun(running);
    core.log.append('fetching 12 feeds…\n');
    const m = track(await renderApp(core.answers, 'runs'));
    fireEvent.click(await screen.findByRole('listitem', { name: 'Run 14 of newsletter/fetch-feeds: running' }));
    await waitFor(() => expect(logText()).toBe('fetching 12 feeds…\n'));
    core.log.append('feed 1/12: 4 new items\n');
    m.transport.push({ name: 'run.output', payload: { run_id: 14, bytes: 23 } });
    await waitFor(() => expect(logText()).toBe('fetching 12 feeds…\nfeed 1/12: 4 new items\n'));
    expect(m.transport.callsOf('runs.tail')).toEqual([
      { id: 14, offset: 0 },
      { id: 14, offset: 19 },
    ]);
    const finished: Run = { ...running, status: 'success', exit_code: 0, finished_at: new Date().toISOString(), duration_ms: 2_300 };
    core.setRun(finished);
    core.log.append('stored 48 new items\n');
    m.transport.push({ name: 'run.finished', payload: { run: finished } });
    await waitFor(() => expect(logText()).toContain('stored 48 new items'));
    expect(screen.getByRole('heading', { name: 'Run #14 success' })).toBeDefined();
  });

  it('ignores output of other runs', async () => {
    const core = oneRun(makeRun(15, 'newsletter/fetch-feeds', { status: 'running', finished_at: null, duration_ms: null }));
    const m = track(await renderApp(core.answers, 'runs'));
    fireEvent.click(await screen.findByRole('listitem', { name: 'Run 15 of newsletter/fetch-feeds: running' }));
    await waitFor(() => expect(m.transport.callsOf('runs.tail')).toHaveLength(1));
    expect(logText()).toBe('Waiting for output…');
    // The listener calls runs.tail synchronously when it reacts, so the count is final right after the push.
    m.transport.push({ name: 'run.output', payload: { run_id: 99, bytes: 10 } });
    expect(m.transport.callsOf('runs.tail')).toHaveLength(1);
    m.transport.push({ name: 'run.output', payload: { run_id: 15, bytes: 10 } });
    expect(m.transport.callsOf('runs.tail')).toHaveLength(2);
  });

  it('shows the error when the log cannot be read', async () => {
    const core = oneRun(makeRun(16, 'backups/prune'));
    const m = track(await renderApp({ ...core.answers, 'runs.tail': () => Promise.reject(apiError('no run with id 16; see `agent-os runs`', 404)) }, 'runs'));
    fireEvent.click(await screen.findByRole('listitem', { name: 'Run 16 of backups/prune: success' }));
    expect(await screen.findByText('no run with id 16; see `agent-os runs`')).toBeDefined();
    expect(m.transport.callsOf('runs.tail')).toHaveLength(1);
  });

  it('goes back to the list with Back', async () => {
    const core = oneRun(makeRun(17, 'backups/prune'));
    track(await renderApp(core.answers, 'runs'));
    fireEvent.click(await screen.findByRole('listitem', { name: 'Run 17 of backups/prune: success' }));
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.queryByRole('region', { name: 'Run 17' })).toBeNull();
    expect(await screen.findByRole('listitem', { name: 'Run 17 of backups/prune: success' })).toBeDefined();
  });
});

// @vitest-environment jsdom
// Issue 25 §1: while a failed attempt's retry waits, the task card says which retry and when.
import { describe, expect, it } from 'vitest';
import { makeProject, makeRun, makeStatus, makeTask } from './support/factories';
import { renderApp, taskRow, useMountedApps } from './support/render-app';

const track = useMountedApps();

describe('a task whose retry waits', () => {
  it('shows "retry 1/2 in 10s" on its card, and nothing once no retry waits', async () => {
    const at = new Date(Date.now() + 10_400).toISOString();
    const failed = makeRun(7, 'nas/mount', { status: 'failed', error: 'exited with code 2: mount_smbfs: server connection failed' });
    const status = makeStatus([
      makeProject('nas', [
        // Its last run is the queued retry; the error shown is the failed attempt's.
        makeTask('nas/mount', {
          state: 'failing',
          last_run: makeRun(8, 'nas/mount', { status: 'queued', trigger: 'retry', attempt: 1, error: null, retry_of: 7 }),
          retry: { attempt: 1, of: 2, at, error: failed.error },
        }),
        makeTask('nas/backup', { state: 'failing', last_run: makeRun(9, 'nas/backup', { status: 'failed' }) }),
      ]),
    ]);
    track(await renderApp({ 'status.get': () => status }, 'tasks'));
    expect(taskRow('nas/mount').querySelector('.task-retry')?.textContent).toBe('retry 1/2 in 10s');
    expect(taskRow('nas/mount').querySelector('.task-error')?.textContent).toBe('exited with code 2: mount_smbfs: server connection failed');
    expect(taskRow('nas/backup').textContent).not.toMatch(/retry/);
  });
});

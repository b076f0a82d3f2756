// @vitest-environment jsdom
// Issue 16 §2 in the dashboard: a run that ended too soon shows why it failed, a dependent whose alerts are
// folded into a failing upstream says which, a flapping task is marked, and Settings previews the digest.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { examplesStatus, makeAlert, makeDigest, makeProject, makeRun, makeSettings, makeStatus, makeTask } from './support/factories';
import { renderApp, taskRow, useMountedApps } from './support/render-app';

const track = useMountedApps();
const rowOf = taskRow;

const TOO_SHORT = 'finished in 2s; expected at least 30s';

/** shop: db failing, orders and invoices folded into it, export failed too short, sync flapping. */
function shopStatus() {
  return makeStatus([
    makeProject('shop', [
      makeTask('shop/db', { state: 'failing', last_run: makeRun(1, 'shop/db', { status: 'failed' }) }),
      makeTask('shop/orders', {
        state: 'failing',
        depends_on: ['shop/db'],
        muted_by: 'shop/db',
        last_run: makeRun(2, 'shop/orders', { status: 'failed', error: 'exited with code 3: orders: no database' }),
      }),
      makeTask('shop/export', {
        state: 'failing',
        last_run: makeRun(3, 'shop/export', { status: 'failed', exit_code: 0, duration_ms: 2000, error: TOO_SHORT }),
      }),
      makeTask('shop/sync', { state: 'ok', flapping: true, last_run: makeRun(4, 'shop/sync') }),
    ]),
  ]);
}

describe('alerts that say more with less, in the dashboard', () => {
  it('shows why a run that ended too soon failed, on its task row', async () => {
    track(await renderApp({ 'status.get': shopStatus }, 'tasks'));
    const row = rowOf('shop/export');
    expect(within(row).getByText('Failing')).toBeDefined();
    expect(row.querySelector('.task-error')?.textContent).toBe(TOO_SHORT);
  });

  it('says which failing upstream a dependent’s alerts are folded into, and only on that dependent', async () => {
    track(await renderApp({ 'status.get': shopStatus }, 'tasks'));
    expect(rowOf('shop/orders').querySelector('.task-muted')?.textContent).toBe(
      'Alerts folded into shop/db, which it depends on; sent on their own only if it still fails after that recovers.',
    );
    expect(rowOf('shop/db').querySelector('.task-muted')).toBeNull();
    expect(rowOf('shop/export').querySelector('.task-muted')).toBeNull();
  });

  it('marks a flapping task, whatever its state, and no other', async () => {
    track(await renderApp({ 'status.get': shopStatus }, 'tasks'));
    expect(within(rowOf('shop/sync')).getByText('Flapping')).toBeDefined();
    expect(within(rowOf('shop/sync')).getByText('OK')).toBeDefined();
    expect(within(rowOf('shop/db')).queryByText('Flapping')).toBeNull();
  });

  it('lists in Alerts which dependents are folded into an upstream alert and where a folded alert went', async () => {
    const alerts = [
      makeAlert(1, 'shop/db', { folded: ['shop/invoices', 'shop/orders', 'reports/daily'] }),
      makeAlert(2, 'shop/orders', { muted_by: 1, folded_into: 'shop/db' }),
    ];
    track(await renderApp({ 'status.get': shopStatus, 'alerts.list': () => alerts }, 'alerts'));
    await screen.findByText('shop/db failed');
    const [db, orders] = document.querySelectorAll<HTMLElement>('.alert-row');
    expect(db?.querySelector('.task-muted')?.textContent).toBe('3 dependent tasks also failing: shop/invoices, shop/orders, reports/daily');
    expect(orders?.querySelector('.task-muted')?.textContent).toBe('Folded into shop/db: not sent on its own.');
  });

  it('previews the digest in Settings and says when it is sent', async () => {
    const m = track(
      await renderApp(
        {
          'status.get': () => examplesStatus(),
          'settings.get': () => makeSettings({ notify: { ...makeSettings().notify, digest: '08:00' } }),
          'channels.list': () => [],
          'digest.preview': () => makeDigest(),
        },
        'settings',
      ),
    );
    const section = await screen.findByRole('region', { name: 'Daily digest' });
    await waitFor(() => expect(within(section).getByLabelText('Digest preview').textContent).toContain('Still failing (1):\n  • shop/db (failing)'));
    expect(within(section).getByText('Sent to every channel daily at 08:00.')).toBeDefined();
    expect(within(section).getByText(/more than 4 times within 1h alerts once as flapping/)).toBeDefined();
    expect(m.transport.callsOf('digest.preview')).toHaveLength(1);
  });

  it('says how to turn the digest on when notify.digest is not set', async () => {
    track(
      await renderApp(
        { 'status.get': () => examplesStatus(), 'settings.get': () => makeSettings(), 'channels.list': () => [], 'digest.preview': () => makeDigest() },
        'settings',
      ),
    );
    const section = await screen.findByRole('region', { name: 'Daily digest' });
    expect(within(section).getByText('Off: set notify.digest: "08:00" in config.yml to get it daily.')).toBeDefined();
  });
});

// The database decides who delivers (ARCHITECTURE.md, healthchecks lesson): two engines on one home
// never send the same alert twice, and a delivery cut off by a stop is not sent again (at-most-once).
import { describe, expect, it } from 'vitest';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { duplicates, storedRuns } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';
import { jsonBody, notifyConfig, writeToggleProject, type Listener } from '../helpers/listener';

const bed = useAlertBed();
const { listen } = bed;
const engine = (): Promise<Core> => bed.engine();
const stopEngine = (core: Core): Promise<void> => core.stop();

const allAlerts = (core: Core): AlertWithDeliveries[] => core.handlers['alerts.list']({ limit: 1000 });

/** "alert id/event" of every request the (JSON) listener received. */
const receivedEvents = (listener: Listener): string[] => listener.requests.map((r) => jsonBody(r)).map((b) => `${b.alert.id}/${b.event}`);

describe('two engines on one database', () => {
  it('never deliver the same alert event twice', async () => {
    const hook = await listen();
    const shop = writeToggleProject(bed.box.root, 'shop', {
      extraTasks: { pulse: ['command: ["sh", "-c", "echo pulse down; exit 1"]', 'every: 1s', 'overlap: allow'] },
    });
    const lab = writeProject(bed.box.root, 'lab', { manifest: 'name: lab\ntasks:\n  hello:\n    command: 42\n' });
    writeConfig(bed.box.home, [shop.dir, lab], notifyConfig([{ kind: 'json', url: hook.url('/hooks/shared') }], { retry_base: '200ms' }));
    // Started together: both load the invalid manifest, both schedule the failing `pulse` every second.
    const [a, b] = await Promise.all([engine(), engine()]);
    if (!a || !b) throw new Error('an engine did not start');

    // Each engine sees shop/nightly fail on its own, then recover.
    expect((await runTask(a, shop.task)).run.status).toBe('failed');
    expect((await runTask(b, shop.task)).run.status).toBe('failed');
    shop.failing(false);
    expect((await runTask(b, shop.task)).run.status).toBe('success');
    await waitFor('4 failed runs of shop/pulse', () => storedRuns(bed.box.home, 'shop/pulse').filter((r) => r.status === 'failed').length >= 4, {
      timeoutMs: 15_000,
    });

    const expected = (alerts: AlertWithDeliveries[]): string[] => alerts.flatMap((al) => al.deliveries.map((d) => `${al.id}/${d.event}`));
    await waitFor('every queued delivery to be sent and received', () => {
      const alerts = allAlerts(a);
      const rows = alerts.flatMap((al) => al.deliveries);
      return rows.length >= 4 && rows.every((d) => d.status === 'sent') && hook.requests.length >= rows.length && alerts;
    });

    const alerts = allAlerts(b);
    const kinds = alerts.map((al) => `${al.kind} ${al.subject}`).sort();
    expect(kinds).toEqual(['failed shop/nightly', 'failed shop/pulse', 'invalid_manifest lab']);
    expect(receivedEvents(hook).sort()).toEqual(expected(alerts).sort());
    expect(duplicates(receivedEvents(hook))).toEqual([]);
    const nightly = alerts.find((al) => al.subject === 'shop/nightly');
    expect(nightly?.deliveries.map((d) => d.event)).toEqual(['opened', 'resolved']);
  });
});

describe('a restart in the middle of a delivery', () => {
  it('does not send that delivery again (at-most-once)', async () => {
    // The first request is read and then held open, as a slow provider would; later ones are answered.
    const hook = await listen({ answers: ['hang'], then: 200 });
    const shop = writeToggleProject(bed.box.root, 'shop', { extraTasks: { other: ['command: ["sh", "-c", "echo other broke; exit 3"]'] } });
    writeConfig(bed.box.home, [shop.dir], notifyConfig([{ kind: 'json', url: hook.url('/hooks/held') }], { timeout: '30s', retry_base: '200ms' }));
    const first = await engine();

    expect((await runTask(first, shop.task)).run.status).toBe('failed');
    const [held] = await hook.waitForRequests(1, 'the delivery to reach the listener');
    if (!held) throw new Error('no request');
    const heldAlert = jsonBody(held).alert.id;
    expect(hook.hanging()).toHaveLength(1);

    await stopEngine(first);
    await waitFor('the stopped engine to drop the held request', () => held.closedByClient);
    const second = await engine();

    // A later alert goes through the restarted engine: it is working, and has had its chance to resend.
    expect((await runTask(second, 'shop/other')).run.status).toBe('failed');
    await hook.waitForRequests(1, 'the later alert', (r) => jsonBody(r).alert.subject === 'shop/other');
    const cutOff = await waitFor('the cut-off delivery to be settled (not waiting to be retried)', () => {
      const d = allAlerts(second).find((al) => al.id === heldAlert)?.deliveries[0];
      return d && d.status !== 'pending' ? d : undefined;
    });

    const heldRequests = hook.requests.filter((r) => jsonBody(r).alert.id === heldAlert);
    expect(heldRequests).toHaveLength(1);
    expect(cutOff.status).not.toBe('pending');
  });
});

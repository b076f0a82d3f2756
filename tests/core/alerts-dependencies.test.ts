// Issue 16 §2, dependencies mute their children (healthchecks #917): while an upstream (`depends_on`) is
// failing or down, its dependents' own failures and lateness are recorded, but their alerts are folded into
// the upstream's ("3 dependent tasks also failing") and sent on their own only if they still fail after the
// upstream recovered: at the recovery itself (issue 25 §1), or, for a heartbeat, at its next deadline.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAlertBed } from '../helpers/alert-bed';
import { noticesOf, useAlertServer } from '../helpers/alert-server';
import { runTask } from '../helpers/core';
import { createClock, manifest } from '../helpers/engine';
import { waitFor, writeProject } from '../helpers/fixtures';
import { jsonBody, writeToggleProject, type JsonWebhookBody } from '../helpers/listener';

const bed = useAlertBed();
const alerts = useAlertServer(bed);

/** A task that fails (exit 3) while `<name>.flag` exists in its project folder. */
const flagged = (name: string, dependsOn: string): string[] => [
  `command: ["sh", "-c", "if [ -f ${name}.flag ]; then echo '${name}: the database is gone'; exit 3; fi; echo '${name}: done'"]`,
  `depends_on: [${dependsOn}]`,
];

describe('depends_on', () => {
  it('folds three failing dependents into the upstream alert, and sends each still failing on its own at the recovery', async () => {
    const hook = await bed.listen();
    const shop = writeToggleProject(bed.box.root, 'shop', {
      extraTasks: { orders: flagged('orders', 'nightly'), invoices: flagged('invoices', 'shop/nightly') },
    });
    const reports = writeProject(bed.box.root, 'reports', { manifest: manifest('reports', { daily: flagged('daily', 'shop/nightly') }) });
    for (const [dir, name] of [
      [shop.dir, 'orders'],
      [shop.dir, 'invoices'],
      [reports, 'daily'],
    ] as const)
      writeFileSync(join(dir, `${name}.flag`), '1\n');
    // Reminders every 1.8 s: they carry what was folded into the upstream's alert.
    const server = await alerts.serve([shop.dir, reports], hook, createClock(), { reminder_hours: 0.0005 });
    const dependents = ['reports/daily', 'shop/invoices', 'shop/orders'];

    expect((await runTask(server.core, 'shop/nightly')).run.status).toBe('failed');
    await hook.waitForRequests(1, 'the failure notice of shop/nightly');
    for (const task of dependents) expect((await runTask(server.core, task)).run.status).toBe('failed');

    // Recorded, shown as failing and folded into shop/nightly, but not sent.
    const status = server.core.handlers['tasks.list']({});
    for (const task of dependents) expect(status.find((t) => t.id === task)).toMatchObject({ state: 'failing', muted_by: 'shop/nightly' });
    expect(status.find((t) => t.id === 'shop/orders')?.depends_on).toEqual(['shop/nightly']);
    const listed = server.core.handlers['alerts.list']({});
    for (const task of dependents) {
      const alert = listed.find((a) => a.subject === task && a.kind === 'failed');
      expect(alert).toMatchObject({ state: 'open', folded_into: 'shop/nightly', deliveries: [] });
    }
    expect(listed.find((a) => a.subject === 'shop/nightly')?.folded.sort()).toEqual(dependents);
    const reminder = await hook.waitForRequests(1, 'a reminder that names the three dependents', (r) => {
      const body = jsonBody(r);
      return body.event === 'reminder' && body.alert.subject === 'shop/nightly' && body.headline.includes('3 dependent tasks also failing');
    });
    expect([...((reminder[0]?.json as JsonWebhookBody & { also_failing: string[] }).also_failing ?? [])].sort()).toEqual(dependents);

    // The upstream recovers; its recovery says what was folded into it.
    shop.failing(false);
    expect((await runTask(server.core, 'shop/nightly')).run.status).toBe('success');
    await hook.waitForRequests(1, 'the recovery notice of shop/nightly', (r) => jsonBody(r).event === 'resolved');
    expect(hook.requests.map(jsonBody).find((b) => b.event === 'resolved')?.headline).toBe(
      'Recovered: shop/nightly (shop/nightly failed) · 3 dependent tasks were also failing',
    );

    // Still failing at the recovery, each dependent is sent on its own at once, with its own run: a weekly task
    // must not wait a week to say so (issue 25 §1).
    const released = await hook.waitForRequests(3, 'the three dependents, each on its own', (r) => dependents.includes(jsonBody(r).alert.subject));
    for (const task of dependents) {
      const notice = released.map(jsonBody).find((b) => b.alert.subject === task);
      expect(notice).toMatchObject({ event: 'opened', headline: `${task} failed` });
      expect(notice?.alert.run_id).toBe(server.core.handlers['runs.list']({ task, limit: 1 })[0]?.id);
    }
    const recoveryAt = hook.requests.findIndex((r) => jsonBody(r).event === 'resolved');
    expect(hook.requests.findIndex((r) => dependents.includes(jsonBody(r).alert.subject))).toBeGreaterThan(recoveryAt);

    // After it: invoices works again (its recovery is told), orders still fails (nothing new: it was told).
    rmSync(join(shop.dir, 'invoices.flag'));
    expect((await runTask(server.core, 'shop/invoices')).run.status).toBe('success');
    expect((await runTask(server.core, 'shop/orders')).run.status).toBe('failed');
    await hook.waitForRequests(1, 'the recovery of shop/invoices', (r) => jsonBody(r).alert.subject === 'shop/invoices' && jsonBody(r).event === 'resolved');
    await waitFor('every queued delivery to be sent', () =>
      server.core.handlers['alerts.list']({}).every((a) => a.deliveries.every((d) => d.status === 'sent')),
    );
    // Reminders (every 1.8 s here) aside, each dependent was told once, and invoices' recovery once.
    const told = (task: string): string[] => noticesOf(hook, task).filter((n) => !n.endsWith('/reminder'));
    expect(told('shop/invoices')).toEqual(['failed/opened', 'failed/resolved']);
    expect(told('reports/daily')).toEqual(['failed/opened']);
    expect(told('shop/orders')).toEqual(['failed/opened']);
    expect(server.core.handlers['tasks.list']({}).find((t) => t.id === 'shop/orders')?.muted_by).toBeUndefined();
  });

  it("folds a dependent heartbeat's down alert, and sends it only if it is still down at its deadline after the recovery", async () => {
    const hook = await bed.listen();
    const clock = createClock();
    const shop = writeToggleProject(bed.box.root, 'shop', {
      extraTasks: {
        feed: ['heartbeat: { period: 1h, grace: 5m }', 'depends_on: [nightly]'],
        cache: ['heartbeat: { period: 2h, grace: 5m }', 'depends_on: [nightly]'],
      },
    });
    const server = await alerts.serve([shop.dir], hook, clock);

    expect((await runTask(server.core, 'shop/nightly')).run.status).toBe('failed');
    clock.advance(2 * 3_600_000 + 6 * 60_000);
    for (const task of ['shop/feed', 'shop/cache']) await waitFor(`${task} to be down and folded`, async () => (await alerts.stateOf(task)) === 'down');
    await waitFor(
      'both down alerts to be folded into shop/nightly',
      () => server.core.handlers['alerts.list']({}).filter((a) => a.kind === 'down' && a.folded_into === 'shop/nightly').length === 2,
    );

    shop.failing(false);
    expect((await runTask(server.core, 'shop/nightly')).run.status).toBe('success');
    // cache pings after the recovery: it is fine, and nothing is ever sent about it.
    await alerts.ping('shop/cache');
    await waitFor('shop/cache to be ok', async () => (await alerts.stateOf('shop/cache')) === 'ok');
    // feed stays silent past its deadline counted from the recovery: now it is sent on its own.
    clock.advance(3_600_000 + 6 * 60_000);
    const [feedNotice] = await hook.waitForRequests(1, 'the down notice of shop/feed', (r) => jsonBody(r).alert.subject === 'shop/feed');
    expect(jsonBody(feedNotice as NonNullable<typeof feedNotice>)).toMatchObject({
      event: 'opened',
      headline: 'shop/feed is down: no ping yet, expected every 1h (grace 5m)',
    });
    await waitFor('every queued delivery to be sent', () =>
      server.core.handlers['alerts.list']({}).every((a) => a.deliveries.every((d) => d.status === 'sent')),
    );
    expect(noticesOf(hook, 'shop/cache')).toEqual([]);
    expect(noticesOf(hook, 'shop/feed')).toEqual(['down/opened']);
    expect(noticesOf(hook, 'shop/nightly')).toEqual(['failed/opened', 'failed/resolved']);
  });
});

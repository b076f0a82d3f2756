// Each delivery is recorded, failed deliveries are retried with backoff and shown (SPEC §7), and a silent
// channel blocks neither the other channels nor the engine; when it gives up, the others hear about it.
import { describe, expect, it } from 'vitest';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { withDatabase } from '../helpers/db';
import { waitFor, writeConfig } from '../helpers/fixtures';
import { channelOf, jsonBody, jsonEvents, notifyConfig, writeToggleProject } from '../helpers/listener';

const bed = useAlertBed();
const { listen } = bed;
const engine = (): Promise<Core> => bed.engine();

const failedAlert = (core: Core, task: string): AlertWithDeliveries | undefined =>
  core.handlers['alerts.list']({ limit: 1000 }).find((a) => a.kind === 'failed' && a.subject === task);

interface AttemptRow {
  attempt: number;
  ok: number;
  error: string | null;
}

describe('delivery retries', () => {
  it('delivers an alert to a listener that answers 500 twice and then 200, recording 3 attempts', async () => {
    const flaky = await listen({ answers: [500, 500], then: 200, errorBody: 'upstream exploded' });
    const project = writeToggleProject(bed.box.root, 'shop');
    writeConfig(bed.box.home, [project.dir], notifyConfig([{ kind: 'json', url: flaky.url('/hooks/flaky') }], { retry_base: '200ms', max_attempts: 6 }));
    const core = await engine();

    expect((await runTask(core, project.task)).run.status).toBe('failed');
    await flaky.waitForRequests(3, 'the third attempt');
    const delivery = await waitFor('the delivery to be sent', () => {
      const d = failedAlert(core, project.task)?.deliveries.find((x) => x.event === 'opened');
      return d?.status === 'sent' ? d : undefined;
    });

    expect(delivery.attempts).toBe(3);
    expect(delivery.sent_at).not.toBeNull();
    expect(flaky.requests.map((r) => r.answer)).toEqual([500, 500, 200]);
    // The same message each time.
    expect(new Set(flaky.requests.map((r) => jsonBody(r).alert.id)).size).toBe(1);
    // Exponential backoff from retry_base: at least 200 ms, then at least 400 ms between attempts.
    const [t1 = 0, t2 = 0, t3 = 0] = flaky.requests.map((r) => r.receivedAt);
    expect(t2 - t1).toBeGreaterThanOrEqual(200);
    expect(t3 - t2).toBeGreaterThanOrEqual(400);

    const attempts = withDatabase(
      bed.box.home,
      (db) => db.prepare('SELECT attempt, ok, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY id').all(delivery.id) as AttemptRow[],
    );
    expect(attempts.map((a) => [a.attempt, a.ok])).toEqual([
      [1, 0],
      [2, 0],
      [3, 1],
    ]);
    expect(attempts[0]?.error).toContain('500');
    expect(attempts[2]?.error).toBeNull();
    expect(core.handlers['channels.list']().find((c) => c.id === channelOf(core, flaky))?.failing).toBe(false);
  });
});

describe('a listener that never answers', () => {
  it('does not hold back another channel, nor the engine, and after max_attempts raises channel_failing on the other channel only, keeping the delivery', async () => {
    const silent = await listen({ then: 'hang' });
    const healthy = await listen();
    const project = writeToggleProject(bed.box.root, 'shop', { extraTasks: { quick: ['command: ["sh", "-c", "echo quick"]'] } });
    const knobs = { timeout: '1s', retry_base: '200ms', max_attempts: 3 };
    writeConfig(
      bed.box.home,
      [project.dir],
      notifyConfig(
        [
          { kind: 'json', url: silent.url('/hooks/silent') },
          { kind: 'json', url: healthy.url('/hooks/healthy') },
        ],
        knobs,
      ),
    );
    const core = await engine();
    const silentId = channelOf(core, silent);
    const healthyId = channelOf(core, healthy);

    expect((await runTask(core, project.task)).run.status).toBe('failed');
    await healthy.waitForRequests(1, 'the healthy channel to get the failure notice');
    // It arrived while the silent channel's first attempt was still waiting for its answer.
    const silentDelivery = (): AlertWithDeliveries['deliveries'][number] | undefined =>
      failedAlert(core, project.task)?.deliveries.find((d) => d.channel === silentId);
    expect(silent.hanging()).toHaveLength(1);
    expect(silentDelivery()?.status).toBe('sending');
    expect(silentDelivery()?.attempts).toBe(0);

    // The engine keeps working meanwhile: another task runs and finishes before the hung send times out.
    const quick = await runTask(core, 'shop/quick');
    expect(quick.run.status).toBe('success');
    expect(silent.requests).toHaveLength(1);
    expect(silent.hanging()).toHaveLength(1);

    const failing = await waitFor('a channel_failing alert', () => core.handlers['alerts.list']({ limit: 1000 }).find((a) => a.kind === 'channel_failing'), {
      timeoutMs: 20_000,
    });
    expect(failing.subject).toBe(silentId);
    await healthy.waitForRequests(1, 'the channel_failing notice on the healthy channel', (r) => jsonBody(r).alert.kind === 'channel_failing');
    await waitFor('the channel_failing delivery to be sent', () =>
      core.handlers['alerts.list']({ limit: 1000 })
        .find((a) => a.id === failing.id)
        ?.deliveries.every((d) => d.status === 'sent'),
    );

    // Not given up: kept for the channel and tried again (issue 25 §1; see alerts-channel-down.test.ts).
    const delivery = silentDelivery();
    expect(delivery?.status === 'pending' || delivery?.status === 'sending').toBe(true);
    expect(delivery?.attempts).toBeGreaterThanOrEqual(3);
    expect(delivery?.last_error).toMatch(/timeout|answer/i);
    // Every attempt was a real request that the engine gave up on.
    expect(silent.requests.length).toBeGreaterThanOrEqual(3);
    expect(silent.requests.every((r) => r.closedByClient)).toBe(true);
    // The channel_failing alert goes to the other channel, never to the failing one itself.
    const deliveries = core.handlers['alerts.list']({ limit: 1000 }).find((a) => a.id === failing.id)?.deliveries ?? [];
    expect(deliveries.map((d) => d.channel)).toEqual([healthyId]);
    expect(silent.requests.map(jsonBody).every((b) => b.alert.kind === 'failed')).toBe(true);
    expect(jsonEvents(healthy, 'channel_failing', 'opened')).toHaveLength(1);
    expect(jsonEvents(healthy, 'failed', 'opened')).toHaveLength(1);
    const channels = core.handlers['channels.list']();
    expect(channels.find((c) => c.id === silentId)?.failing).toBe(true);
    expect(channels.find((c) => c.id === healthyId)?.failing).toBe(false);
  });
});

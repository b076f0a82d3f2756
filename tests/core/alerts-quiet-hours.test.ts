// Quiet hours hold non-critical alerts until they end; critical ones (failed, down) go out at once
// (SPEC §7). The engine runs on an injected clock that the test moves past the end of the quiet window.
import { describe, expect, it } from 'vitest';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { createClock, manifest, type TestClock } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';
import { jsonBody, jsonEvents, notifyConfig, writeToggleProject } from '../helpers/listener';

const bed = useAlertBed();
const { listen } = bed;
let core: Core | null = null;

const hhmm = (d: Date): string => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

/** config.yml lines for a quiet window from 5 minutes before to about 6 minutes after the clock's now (local time). */
function quietAround(clock: TestClock): string {
  const now = clock.now().getTime();
  // HH:MM drops the seconds, so the end is set 6 minutes ahead: always more than 5 minutes away.
  return `quiet_hours:\n  start: "${hhmm(new Date(now - 5 * 60_000))}"\n  end: "${hhmm(new Date(now + 6 * 60_000))}"\n`;
}

const alertOf = (c: Core, kind: string): AlertWithDeliveries | undefined => c.handlers['alerts.list']({ limit: 1000 }).find((a) => a.kind === kind);

/** Waits for an alert of `kind` whose delivery is queued but held: pending, due only after quiet hours. */
async function heldAlert(c: Core, clock: TestClock, kind: string): Promise<AlertWithDeliveries> {
  const alert = await waitFor(`a ${kind} alert`, () => alertOf(c, kind), { timeoutMs: 5000 });
  const [delivery] = alert.deliveries;
  expect(alert.critical).toBe(false);
  expect(delivery?.status).toBe('pending');
  // Due at the end of the window: more than 4 minutes after the clock's now.
  expect(Date.parse(delivery?.next_attempt_at ?? '')).toBeGreaterThan(clock.now().getTime() + 4 * 60_000);
  return alert;
}

describe('quiet hours', () => {
  it('hold an invalid-manifest alert while a failure alert goes out at once, then deliver it when they end', async () => {
    const hook = await listen();
    const clock = createClock();
    const shop = writeToggleProject(bed.box.root, 'shop');
    const lab = writeProject(bed.box.root, 'lab', { manifest: 'name: lab\ntasks:\n  hello:\n    command: 42\n' });
    writeConfig(bed.box.home, [shop.dir, lab], notifyConfig([{ kind: 'json', url: hook.url('/hooks/quiet') }]) + quietAround(clock));
    core = await bed.engine(clock);

    await heldAlert(core, clock, 'invalid_manifest');

    // A critical alert in the same quiet window: delivered now, and the held one stays held.
    expect((await runTask(core, shop.task)).run.status).toBe('failed');
    await hook.waitForRequests(1, 'the failure notice during quiet hours');
    expect(alertOf(core, 'failed')?.critical).toBe(true);
    expect(hook.requests.map((r) => jsonBody(r).alert.kind)).toEqual(['failed']);
    shop.failing(false);
    expect((await runTask(core, shop.task)).run.status).toBe('success');
    await hook.waitForRequests(1, 'the recovery of the critical alert during quiet hours', (r) => jsonBody(r).event === 'resolved');
    expect(jsonEvents(hook, 'invalid_manifest', 'opened')).toEqual([]);
    expect(alertOf(core, 'invalid_manifest')?.deliveries[0]?.status).toBe('pending');

    clock.advance(10 * 60_000);
    await hook.waitForRequests(1, 'the held alert once quiet hours ended', (r) => jsonBody(r).alert.kind === 'invalid_manifest');
    expect(jsonEvents(hook, 'invalid_manifest', 'opened')).toHaveLength(1);
    await waitFor('the held delivery to be recorded as sent', () => alertOf(core as Core, 'invalid_manifest')?.deliveries[0]?.status === 'sent');
  });

  it('hold the late alert of a never-pinged heartbeat and deliver it when they end', async () => {
    const hook = await listen();
    const clock = createClock();
    // Late one second after it is first seen; down only after an hour, beyond this test's clock moves.
    const dir = writeProject(bed.box.root, 'radar', { manifest: manifest('radar', { sweep: ['heartbeat: { period: 1s, grace: 1h }'] }) });
    writeConfig(bed.box.home, [dir], notifyConfig([{ kind: 'json', url: hook.url('/hooks/quiet') }]) + quietAround(clock));
    core = await bed.engine(clock);

    await waitFor('the heartbeat to be late', () => core?.handlers['status.get']().projects[0]?.tasks[0]?.state === 'late');
    const alert = await heldAlert(core, clock, 'late');
    expect(alert.subject).toBe('radar/sweep');
    expect(hook.requests).toEqual([]);

    clock.advance(10 * 60_000);
    await hook.waitForRequests(1, 'the late alert once quiet hours ended', (r) => jsonBody(r).alert.kind === 'late');
    expect(jsonEvents(hook, 'late', 'opened')).toHaveLength(1);
    expect(jsonEvents(hook, 'late', 'opened')[0]?.task).toBe('radar/sweep');
  });
});

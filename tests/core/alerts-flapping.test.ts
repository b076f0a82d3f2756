// Issue 16 §2, flapping: a task that changes state more than `notify.flapping.changes` times within
// `notify.flapping.window` alerts once as flapping and then stays quiet until it has been stable for that
// window. Real runs, a real listener, and the engine's clock moved past the window.
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { noticesOf } from '../helpers/alert-server';
import { runTask } from '../helpers/core';
import { createClock, type TestClock } from '../helpers/engine';
import { waitFor, writeConfig } from '../helpers/fixtures';
import { jsonBody, notifyConfig, writeToggleProject, type Listener, type ToggleProject } from '../helpers/listener';

const bed = useAlertBed();

/** An engine on `clock` with one toggle project and flapping at more than 4 changes within an hour. */
async function flappingBed(clock: TestClock): Promise<{ core: Core; hook: Listener; shop: ToggleProject }> {
  const hook = await bed.listen();
  const shop = writeToggleProject(bed.box.root, 'shop');
  writeConfig(bed.box.home, [shop.dir], notifyConfig([{ kind: 'json', url: hook.url('/hooks/flap') }]) + '  flapping: { changes: 4, window: 1h }\n');
  return { core: await bed.engine(clock), hook, shop };
}

/** Runs the task once per outcome (true: it fails), in order. */
async function runAs(core: Core, shop: ToggleProject, outcomes: readonly boolean[]): Promise<void> {
  for (const fails of outcomes) {
    shop.failing(fails);
    expect((await runTask(core, shop.task)).run.status).toBe(fails ? 'failed' : 'success');
  }
}

const allSent = (core: Core): Promise<boolean> =>
  waitFor('every queued delivery to be sent', () => core.handlers['alerts.list']({}).every((a) => a.deliveries.every((d) => d.status === 'sent')));

describe('flapping', () => {
  it('alerts once as flapping, stays quiet while it flaps, and sends the failure once it has been stable (failing) for the window', async () => {
    const clock = createClock();
    const { core, hook, shop } = await flappingBed(clock);

    // fail, ok, fail, ok: four changes, each told; the fifth (fail) makes it flap.
    await runAs(core, shop, [true, false, true, false, true]);
    await hook.waitForRequests(1, 'the flapping notice', (r) => jsonBody(r).alert.kind === 'flapping');
    expect(core.handlers['tasks.list']({}).find((t) => t.id === shop.task)?.flapping).toBe(true);
    // Flapping on: nothing more about it, however it goes.
    await runAs(core, shop, [false, true, false, true]);
    await allSent(core);
    expect(noticesOf(hook, shop.task)).toEqual(['failed/opened', 'failed/resolved', 'failed/opened', 'failed/resolved', 'flapping/opened']);
    const flapping = jsonBody(hook.requests.at(-1) as NonNullable<(typeof hook.requests)[number]>);
    expect(flapping.headline).toBe('shop/nightly is flapping');
    expect(flapping.alert.detail).toBe('changed state 5 times within 1h; its alerts are held until it has been stable for 1h');

    // An hour without a change: it settles failing, so the failure goes out, once, and the flapping ends quietly.
    clock.advance(3_600_000 + 5000);
    await hook.waitForRequests(6, 'the failure notice once stable');
    await allSent(core);
    expect(noticesOf(hook, shop.task)).toEqual(['failed/opened', 'failed/resolved', 'failed/opened', 'failed/resolved', 'flapping/opened', 'failed/opened']);
    const last = jsonBody(hook.requests.at(-1) as NonNullable<(typeof hook.requests)[number]>);
    expect(last).toMatchObject({ event: 'opened', headline: 'shop/nightly failed' });
    expect(core.handlers['tasks.list']({}).find((t) => t.id === shop.task)?.flapping).toBeUndefined();
  });

  it('ends the flapping alert with one "stable again" notice when it settles healthy', async () => {
    const clock = createClock();
    const { core, hook, shop } = await flappingBed(clock);

    await runAs(core, shop, [true, false, true, false, true, false]);
    await hook.waitForRequests(1, 'the flapping notice', (r) => jsonBody(r).alert.kind === 'flapping');
    clock.advance(3_600_000 + 5000);
    await hook.waitForRequests(1, 'the stable-again notice', (r) => jsonBody(r).alert.kind === 'flapping' && jsonBody(r).event === 'resolved');
    await allSent(core);
    expect(noticesOf(hook, shop.task)).toEqual([
      'failed/opened',
      'failed/resolved',
      'failed/opened',
      'failed/resolved',
      'flapping/opened',
      'flapping/resolved',
    ]);
    expect(jsonBody(hook.requests.at(-1) as NonNullable<(typeof hook.requests)[number]>).headline).toBe('Stable again: shop/nightly is no longer flapping');
    // It alerts as usual again: the next failure is told.
    await runAs(core, shop, [true]);
    await hook.waitForRequests(7, 'the next failure notice');
    expect(noticesOf(hook, shop.task).at(-1)).toBe('failed/opened');
  });
});

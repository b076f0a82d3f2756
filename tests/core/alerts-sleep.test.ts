// Issue 25 §1: a laptop that sleeps must not mute real failures. Missed slots that a catch-up run makes good
// page nobody (they are in the run history and the digest), and neither they nor the catch-up count toward
// flapping: after two nights off, the next real failure is told.
import { describe, expect, it } from 'vitest';
import { noticesOf } from '../helpers/alert-server';
import { useAlertBed } from '../helpers/alert-bed';
import { createClock, storedRuns } from '../helpers/engine';
import { waitFor, writeConfig } from '../helpers/fixtures';
import { jsonBody, notifyConfig, TOGGLE_SCRIPT, writeToggleProject } from '../helpers/listener';
import type { Core } from '../../src-main/core';

const bed = useAlertBed();

describe('an engine that was off (a laptop asleep)', () => {
  it('pages nobody for the slots it missed and made good, and still tells the next real failure', async () => {
    const hook = await bed.listen();
    const shop = writeToggleProject(bed.box.root, 'shop', {
      extraTasks: {
        tick: [`command: ${JSON.stringify(['sh', '-c', TOGGLE_SCRIPT])}`, 'schedule: "*/5 * * * * *"', 'catch_up: latest'],
      },
    });
    shop.failing(false);
    // Flapping at more than 4 changes: two nights of late-then-ok would be 4 changes, a failure the 5th.
    writeConfig(bed.box.home, [shop.dir], notifyConfig([{ kind: 'json', url: hook.url('/hooks/sleep') }]) + '  flapping: { changes: 4, window: 1h }\n');
    const clock = createClock();
    const task = 'shop/tick';
    const successes = (): number => storedRuns(bed.box.home, task).filter((r) => r.status === 'success').length;

    let core: Core = await bed.engine(clock);
    await waitFor('a first scheduled run', () => successes() >= 1, { timeoutMs: 15_000 });
    for (let night = 0; night < 2; night++) {
      await core.stop();
      clock.advance(60_000); // a minute asleep: 12 slots of 5 s missed
      const before = successes();
      core = await bed.engine(clock);
      await waitFor(
        'the catch-up run after waking',
        () => storedRuns(bed.box.home, task).some((r) => r.trigger === 'catch_up' && r.status === 'success' && successes() > before),
        {
          timeoutMs: 15_000,
        },
      );
    }
    const runs = storedRuns(bed.box.home, task);
    expect(runs.filter((r) => r.status === 'missed').length).toBeGreaterThanOrEqual(2);
    expect(runs.filter((r) => r.trigger === 'catch_up').length).toBe(2);

    shop.failing(true);
    await hook.waitForRequests(1, 'the real failure', (r) => jsonBody(r).alert.subject === task && jsonBody(r).event === 'opened', 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(noticesOf(hook, task)).toEqual(['failed/opened']);
    expect(core.handlers['tasks.list']({}).find((t) => t.id === task)?.flapping).toBeUndefined();
  }, 60_000);

  it('records a notification that was on its way when the laptop slept as sent once it lands, not as lost', async () => {
    const hook = await bed.listen({ answers: ['hang'] });
    const shop = writeToggleProject(bed.box.root, 'shop');
    writeConfig(bed.box.home, [shop.dir], notifyConfig([{ kind: 'json', url: hook.url('/hooks/sleep') }], { timeout: '30s' }));
    const clock = createClock();
    const core = await bed.engine(clock);
    await core.handlers['runs.wait']({ id: core.handlers['runs.start']({ task: 'shop/nightly' }).id });
    await hook.waitForRequests(1, 'the failure notification, held open by the listener');
    const deliveries = () => core.handlers['alerts.list']({}).flatMap((a) => a.deliveries);
    expect(deliveries().map((d) => d.status)).toEqual(['sending']);
    // The lid closes for an hour while the request is out; on waking the engine looks for sends left over
    // from a stopped engine, and this one is not such a send.
    clock.advance(3_600_000);
    await new Promise((r) => setTimeout(r, 1500));
    hook.release(200);
    await waitFor('the delivery to be recorded', () => deliveries()[0]?.status !== 'sending' && deliveries());
    expect(deliveries().map((d) => [d.status, d.last_error])).toEqual([['sent', null]]);
    expect(hook.requests).toHaveLength(1);
  });
});

// Snooze and Acknowledge all (issue 26): a snoozed alert gets no reminders until its snooze ends, while the
// others keep theirs; the snooze is a column of the alert's row, so it survives an engine restart.
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { createClock } from '../helpers/engine';
import { writeConfig } from '../helpers/fixtures';
import { jsonEvents, notifyConfig, writeToggleProject } from '../helpers/listener';

const bed = useAlertBed();
const HOUR = 3_600_000;

const failedAlert = (core: Core, task: string) => {
  const alert = core.handlers['alerts.list']({}).find((a) => a.kind === 'failed' && a.subject === task);
  if (!alert) throw new Error(`no failed alert for ${task}`);
  return alert;
};

describe('snoozing an alert', () => {
  it('sends no reminder for a snoozed alert while the other failing task is reminded, and reminds again once the snooze ends', async () => {
    const json = await bed.listen();
    const shop = writeToggleProject(bed.box.root, 'shop');
    const cafe = writeToggleProject(bed.box.root, 'cafe');
    writeConfig(bed.box.home, [shop.dir, cafe.dir], notifyConfig([{ kind: 'json', url: json.url('/hooks/snooze') }], { reminder_hours: 1 }));
    const clock = createClock();
    let core = await bed.engine(clock);
    expect((await runTask(core, shop.task)).run.status).toBe('failed');
    expect((await runTask(core, cafe.task)).run.status).toBe('failed');
    await json.waitForRequests(2, 'the two failure notices', (r) => (r.json as { event?: string }).event === 'opened');

    const until = new Date(clock.now().getTime() + 3 * HOUR).toISOString();
    const snoozed = core.handlers['alerts.snooze']({ id: failedAlert(core, shop.task).id, until });
    expect(snoozed.snoozed_until).toBe(until);
    // The snooze is stored with the alert: a restarted engine honours it too.
    await core.stop();
    core = await bed.engine(clock);
    expect(failedAlert(core, shop.task).snoozed_until).toBe(until);

    clock.advance(HOUR + 60_000);
    await json.waitForRequests(
      1,
      'the reminder of cafe/nightly',
      (r) => (r.json as { event?: string; alert?: { subject?: string } }).alert?.subject === cafe.task && (r.json as { event?: string }).event === 'reminder',
    );
    // Both alerts were due in the same pass: the snoozed one got no reminder delivery at all.
    expect(failedAlert(core, shop.task).deliveries.filter((d) => d.event === 'reminder')).toEqual([]);
    expect(jsonEvents(json, 'failed', 'reminder').map((b) => b.alert.subject)).toEqual([cafe.task]);

    clock.advance(2 * HOUR + 60_000);
    await json.waitForRequests(
      1,
      'the reminder of shop/nightly after its snooze',
      (r) => (r.json as { alert?: { subject?: string }; event?: string }).alert?.subject === shop.task && (r.json as { event?: string }).event === 'reminder',
    );
  });

  it('refuses a snooze in the past or on a resolved alert with one line saying what to do', async () => {
    const shop = writeToggleProject(bed.box.root, 'shop');
    writeConfig(bed.box.home, [shop.dir], notifyConfig([]));
    const core = await bed.engine(createClock());
    await runTask(core, shop.task);
    const alert = failedAlert(core, shop.task);
    expect(() => core.handlers['alerts.snooze']({ id: alert.id, until: new Date(Date.now() - 60_000).toISOString() })).toThrow(
      /is in the past; give a time ahead of now/,
    );
    shop.failing(false);
    await runTask(core, shop.task);
    expect(() => core.handlers['alerts.snooze']({ id: alert.id, until: null })).toThrow(`no unresolved alert with id ${alert.id}`);
  });

  it('acknowledges every open alert at once', async () => {
    const shop = writeToggleProject(bed.box.root, 'shop');
    const cafe = writeToggleProject(bed.box.root, 'cafe');
    writeConfig(bed.box.home, [shop.dir, cafe.dir], notifyConfig([]));
    const core = await bed.engine(createClock());
    await runTask(core, shop.task);
    await runTask(core, cafe.task);
    expect(core.handlers['alerts.ackAll']({})).toEqual({ acknowledged: 2 });
    expect(core.handlers['alerts.list']({}).map((a) => a.state)).toEqual(['acknowledged', 'acknowledged']);
    expect(core.handlers['alerts.ackAll']({})).toEqual({ acknowledged: 0 });
  });
});

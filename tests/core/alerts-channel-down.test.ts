// Issue 25 §1: a channel that was down lost what it missed (after max_attempts a delivery was given up for
// good). Now nothing is lost: a delivery is retried with a capped backoff until the channel answers, nothing
// overtakes it, the channel's health shows (channel_failing on the other channels, channels.list), and once
// it answers what waited goes out in order, as one message when more than a few waited.
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { createClock, type TestClock } from '../helpers/engine';
import { waitFor, writeConfig } from '../helpers/fixtures';
import { channelOf, jsonBody, notifyConfig, writeToggleProject, type Listener } from '../helpers/listener';

const bed = useAlertBed();
const FAILING = ['command: ["sh", "-c", "echo broken; exit 1"]'];

async function setUp(tasks: number, down: Listener, healthy: Listener, clock: TestClock): Promise<{ core: Core; ids: string[] }> {
  const extra = Object.fromEntries(Array.from({ length: tasks - 1 }, (_, i) => [`job${i + 1}`, FAILING]));
  const project = writeToggleProject(bed.box.root, 'shop', { extraTasks: extra });
  const knobs = { timeout: '2s', retry_base: '1s', retry_max: '4s', max_attempts: 3 };
  writeConfig(
    bed.box.home,
    [project.dir],
    notifyConfig(
      [
        { kind: 'json', url: down.url('/hooks/down') },
        { kind: 'json', url: healthy.url('/hooks/healthy') },
      ],
      knobs,
    ),
  );
  const core = await bed.engine(clock);
  const ids = ['shop/nightly', ...Object.keys(extra).map((k) => `shop/${k}`)];
  for (const id of ids) expect((await runTask(core, id)).run.status).toBe('failed');
  return { core, ids };
}

const downDeliveries = (core: Core, channel: string) =>
  core.handlers['alerts.list']({ limit: 1000 })
    .filter((a) => a.kind === 'failed')
    .flatMap((a) => a.deliveries.filter((d) => d.channel === channel))
    .sort((a, b) => a.id - b.id);

/** Moves the clock on until the down channel has been tried `n` times. */
async function triedTimes(down: Listener, clock: TestClock, n: number): Promise<void> {
  while (down.requests.length < n) {
    const before = down.requests.length;
    clock.advance(4_000);
    await waitFor(`try ${before + 1} of the down channel`, () => down.requests.length > before, { timeoutMs: 5_000 });
  }
}

describe('a channel that is down', () => {
  it('keeps what it misses past max_attempts, retries with a capped backoff, and catches up in one message, in order, when it answers', async () => {
    const down = await bed.listen({ then: 503, errorBody: 'upstream connect error' });
    const healthy = await bed.listen();
    const clock = createClock();
    const { core, ids } = await setUp(5, down, healthy, clock);
    const downId = channelOf(core, down);
    await healthy.waitForRequests(5, 'the five failures on the healthy channel');

    await triedTimes(down, clock, 6);
    // Nothing overtook the oldest: each try was it alone, or (once more than three waited) all of them in order.
    for (const r of down.requests) {
      const tried = jsonBody(r) as ReturnType<typeof jsonBody> & { backlog?: Array<{ headline: string }> };
      const headlines = tried.backlog ? tried.backlog.map((b) => b.headline) : [tried.headline];
      expect(headlines).toEqual(ids.slice(0, headlines.length).map((id) => `${id} failed`));
    }
    // Once the last try's answer is in, all five are kept (pending), none given up.
    const waiting = await waitFor('the last try to be answered', () => {
      const all = downDeliveries(core, downId);
      return all.every((d) => d.status === 'pending') && all;
    });
    expect(waiting).toHaveLength(5);
    expect(waiting[0]?.attempts).toBeGreaterThanOrEqual(6);
    // The backoff is capped at retry_max (4s), however many tries failed.
    expect(Date.parse(waiting[0]?.next_attempt_at ?? '') - clock.now().getTime()).toBeLessThanOrEqual(4_000);
    // Its health shows: the other channel was told once, and channels.list says failing with five waiting.
    const failingNotices = await healthy.waitForRequests(1, 'channel_failing on the healthy channel', (r) => jsonBody(r).alert.kind === 'channel_failing');
    expect(jsonBody(failingNotices[0] as NonNullable<(typeof failingNotices)[number]>).alert.detail).toBe(
      'Webhook answered 503: upstream connect error; its notifications are kept and sent once it answers',
    );
    expect(core.handlers['channels.list']().find((c) => c.id === downId)).toMatchObject({ failing: true, waiting: 5, last_sent_at: null });
    // The tray and the dashboard read it from the status.
    expect(core.handlers['status.get']().channels_down).toEqual([
      expect.objectContaining({ id: downId, waiting: 5, error: 'Webhook answered 503: upstream connect error' }),
    ]);

    down.release(200);
    const tried = down.requests.length;
    clock.advance(4_000);
    const [catchUp] = await down.waitForRequests(1, 'the catch-up message', (r) => r.answer === 200);
    const body = jsonBody(catchUp as NonNullable<typeof catchUp>) as ReturnType<typeof jsonBody> & { backlog?: Array<{ headline: string; event: string }> };
    expect(body.event).toBe('message');
    expect(body.alert.kind).toBe('message');
    expect(body.headline).toBe('5 notifications this channel missed while it did not answer');
    expect(body.backlog?.map((b) => b.headline)).toEqual(ids.map((id) => `${id} failed`));
    expect(body.alert.detail?.split('\n')).toHaveLength(5);
    await waitFor('every delivery to the channel to be sent', () => downDeliveries(core, downId).every((d) => d.status === 'sent'));
    expect(down.requests.length).toBe(tried + 1);
    await healthy.waitForRequests(1, 'the channel is back', (r) => jsonBody(r).alert.kind === 'channel_failing' && jsonBody(r).event === 'resolved');
    const info = core.handlers['channels.list']().find((c) => c.id === downId);
    expect(info).toMatchObject({ failing: false, waiting: 0 });
    expect(core.handlers['status.get']().channels_down).toBeUndefined();
    expect(info?.last_sent_at).not.toBeNull();
  });

  it('sends a short backlog one message each, oldest first, once it answers', async () => {
    const down = await bed.listen({ answers: [503, 503], then: 200 });
    const healthy = await bed.listen();
    const clock = createClock();
    const { core, ids } = await setUp(2, down, healthy, clock);
    await triedTimes(down, clock, 3);
    const delivered = await down.waitForRequests(2, 'the two notices once the channel answers', (r) => r.answer === 200);
    expect(delivered.map((r) => jsonBody(r).headline)).toEqual(ids.map((id) => `${id} failed`));
    await waitFor('both deliveries sent', () => downDeliveries(core, channelOf(core, down)).every((d) => d.status === 'sent'));
    expect(down.requests.map((r) => `${jsonBody(r).alert.subject} ${String(r.answer)}`)).toEqual([
      'shop/nightly 503',
      'shop/nightly 503',
      'shop/nightly 200',
      'shop/job1 200',
    ]);
  });
});

// The Clock port (src-main/core/clock.ts): the system clock's timers take delays past setTimeout's limit,
// and the test clock moves timers with its time.
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, systemClock } from '../../src-main/core/clock';
import { createClock } from '../helpers/clock';

describe('the system clock', () => {
  it('does not fire a delay past 2^31 ms at once (Node alone would, after 1 ms)', async () => {
    let fired = 0;
    const timer = systemClock.setTimeout(() => fired++, MAX_TIMER_MS + 10_000);
    const short = new Promise<void>((resolve) => systemClock.setTimeout(resolve, 30));
    await short;
    await new Promise((r) => setTimeout(r, 30));
    timer.cancel();
    expect(fired).toBe(0);
  });

  it('fires a short delay once and an interval until cancelled', async () => {
    const ticks: number[] = [];
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
    const interval = systemClock.setInterval(() => ticks.push(Date.now()), 5);
    while (ticks.length < 3) await new Promise((r) => setTimeout(r, 5));
    interval.cancel();
    const seen = ticks.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(ticks.length).toBe(seen);
  });
});

describe('the test clock', () => {
  it('running: a jump fires what fell due and keeps later deadlines on the moved clock', async () => {
    const clock = createClock({ at: Date.parse('2026-12-07T03:00:00Z') });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('in a minute'), 60_000);
    clock.setTimeout(() => fired.push('in an hour'), 3_600_000);
    clock.advance(59_990); // 10 ms before the first: it fires in real time
    expect(fired).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).toEqual(['in a minute']);
    clock.advance(3_600_000);
    expect(fired).toEqual(['in a minute', 'in an hour']);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-07T04:00:50Z'));
  });

  it('frozen: an interval fires once per advance that passes it, and never between', () => {
    const clock = createClock({ at: 0, frozen: true });
    let ticks = 0;
    const interval = clock.setInterval(() => ticks++, 1000);
    clock.advance(999);
    expect(ticks).toBe(0);
    clock.advance(1);
    clock.advance(1000);
    expect(ticks).toBe(2);
    interval.cancel();
    clock.advance(5000);
    expect(ticks).toBe(2);
    expect(clock.now().getTime()).toBe(7000);
  });
});

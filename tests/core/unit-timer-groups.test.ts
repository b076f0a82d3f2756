// TimerGroups: one Clock timer per instant, every id due then handed over in one callback.
import { describe, expect, it } from 'vitest';
import { TimerGroups } from '../../src-main/core/scheduler/timer-groups';
import { createClock } from '../helpers/clock';

describe('TimerGroups', () => {
  it('hands every id due at one instant over in one call, leaves out removed ids, and moves a re-added id', () => {
    const clock = createClock({ frozen: true });
    const calls: Array<{ ids: string[]; at: number }> = [];
    const groups = new TimerGroups((ids, at) => calls.push({ ids: [...ids].sort(), at: at.getTime() }), clock);
    const first = new Date(clock.now().getTime() + 300);
    const second = new Date(clock.now().getTime() + 500);
    for (const id of ['a', 'b', 'c', 'd']) groups.add(id, first);
    groups.remove('b');
    groups.add('d', second); // moved: no longer in the first group
    clock.advance(299);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual([{ ids: ['a', 'c'], at: first.getTime() }]);
    clock.advance(200);
    expect(calls).toEqual([
      { ids: ['a', 'c'], at: first.getTime() },
      { ids: ['d'], at: second.getTime() },
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('calls nothing for a group whose ids were all removed, or after clear()', () => {
    const clock = createClock({ frozen: true });
    const calls: string[][] = [];
    const groups = new TimerGroups((ids) => calls.push(ids), clock);
    groups.add('a', new Date(clock.now().getTime() + 150));
    groups.remove('a');
    expect(clock.pending()).toBe(0);
    groups.add('b', new Date(clock.now().getTime() + 200));
    groups.clear();
    clock.advance(10_000);
    expect(calls).toEqual([]);
  });

  it('hands over at once an instant that has already passed', () => {
    const clock = createClock({ frozen: true });
    const calls: string[][] = [];
    const groups = new TimerGroups((ids) => calls.push(ids), clock);
    groups.add('late', new Date(clock.now().getTime() - 5));
    clock.advance(0);
    expect(calls).toEqual([['late']]);
  });

  it('fires an instant weeks ahead (past setTimeout’s 24.8 days) at its time, not at once', () => {
    const clock = createClock({ frozen: true });
    const calls: string[][] = [];
    const groups = new TimerGroups((ids) => calls.push(ids), clock);
    const days40 = 40 * 86_400_000;
    groups.add('monthly', new Date(clock.now().getTime() + days40));
    clock.advance(days40 - 1);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual([['monthly']]);
  });
});

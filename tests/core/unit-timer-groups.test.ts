// TimerGroups: one node-schedule timer per instant, every id due then handed over in one callback.
import { describe, expect, it } from 'vitest';
import { TimerGroups } from '../../src-main/core/scheduler/timer-groups';
import { waitFor } from '../helpers/fixtures';

describe('TimerGroups', () => {
  it('hands every id due at one instant over in one call, leaves out removed ids, and moves a re-added id', async () => {
    const calls: Array<{ ids: string[]; at: number }> = [];
    const groups = new TimerGroups((ids, at) => calls.push({ ids: [...ids].sort(), at: at.getTime() }));
    const first = new Date(Date.now() + 300);
    const second = new Date(Date.now() + 500);
    for (const id of ['a', 'b', 'c', 'd']) groups.add(id, first);
    groups.remove('b');
    groups.add('d', second); // moved: no longer in the first group
    await waitFor('both instants', () => calls.length === 2, { intervalMs: 20 });
    expect(calls).toEqual([
      { ids: ['a', 'c'], at: first.getTime() },
      { ids: ['d'], at: second.getTime() },
    ]);
    groups.clear();
  });

  it('calls nothing for a group whose ids were all removed, or after clear()', async () => {
    const calls: string[][] = [];
    const groups = new TimerGroups((ids) => calls.push(ids));
    const at = new Date(Date.now() + 150);
    groups.add('a', at);
    groups.remove('a');
    groups.add('b', new Date(Date.now() + 200));
    groups.clear();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls).toEqual([]);
  });

  it('hands over at once an instant that has already passed', async () => {
    const calls: string[][] = [];
    const groups = new TimerGroups((ids) => calls.push(ids));
    groups.add('late', new Date(Date.now() - 5));
    await waitFor('the past instant', () => calls.length === 1, { intervalMs: 5, timeoutMs: 1000 });
    expect(calls).toEqual([['late']]);
  });
});

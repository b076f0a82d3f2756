// A Clock a test drives (src-main/core/clock.ts is the port). Two kinds:
// - running (the default): time passes in real time from a start the test chooses, and `advance` jumps it
//   forward, as if the machine had slept or the engine been off; timers due by then fire at once, the
//   others keep their deadlines on the moved clock.
// - frozen: time stands still until `advance`; timers fire only when it moves past them, in order. Unit
//   tests of anything on the calendar (the scheduler, retries, heartbeats, alerts) use it instead of sleeping.
import type { Clock, ClockTimer } from '../../src-main/core/clock';

export interface TestClock extends Clock {
  /** Moves the clock forward by `ms` and fires every timer due by then. */
  advance(ms: number): void;
  /** Moves the clock to `to` (forward only) and fires what is due. */
  advanceTo(to: Date): void;
  /** Timers waiting. */
  pending(): number;
}

interface Pending {
  due: number;
  seq: number;
  fire: () => void;
  handle: NodeJS.Timeout | undefined;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export function createClock(options: { at?: Date | number; frozen?: boolean } = {}): TestClock {
  const start = options.at === undefined ? Date.now() : new Date(options.at).getTime();
  let offset = start - Date.now();
  let frozenAt = options.frozen ? start : null;
  let seq = 0;
  const timers = new Set<Pending>();
  const nowMs = (): number => frozenAt ?? Date.now() + offset;

  const arm = (p: Pending): void => {
    clearTimeout(p.handle);
    p.handle = undefined;
    if (frozenAt !== null) return;
    p.handle = setTimeout(
      () => {
        if (!timers.has(p)) return;
        if (p.due > nowMs()) return arm(p); // a step of a long delay
        timers.delete(p);
        p.fire();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, p.due - nowMs())),
    );
  };

  const fireDue = (): void => {
    for (;;) {
      let next: Pending | undefined;
      for (const p of timers) if (p.due <= nowMs() && (!next || p.due < next.due || (p.due === next.due && p.seq < next.seq))) next = p;
      if (!next) break;
      timers.delete(next);
      clearTimeout(next.handle);
      next.fire();
    }
    for (const p of timers) arm(p);
  };

  const clock: TestClock = {
    now: () => new Date(nowMs()),
    setTimeout(fire, ms): ClockTimer {
      const p: Pending = { due: nowMs() + Math.max(0, ms), seq: seq++, fire, handle: undefined };
      timers.add(p);
      arm(p);
      return {
        cancel: () => {
          timers.delete(p);
          clearTimeout(p.handle);
        },
      };
    },
    setInterval(fire, ms): ClockTimer {
      let current: ClockTimer;
      const tick = (): void => {
        current = clock.setTimeout(tick, ms);
        fire();
      };
      current = clock.setTimeout(tick, ms);
      return { cancel: () => current.cancel() };
    },
    advance(ms) {
      if (frozenAt !== null) frozenAt += ms;
      else offset += ms;
      fireDue();
    },
    advanceTo(to) {
      clock.advance(Math.max(0, to.getTime() - nowMs()));
    },
    pending: () => timers.size,
  };
  return clock;
}

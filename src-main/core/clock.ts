// The engine's one source of time: what time it is, and timers for what waits on the calendar (the
// scheduler, retries, heartbeat deadlines, alert reminders, quiet hours, the digest, cloud polls, remotes).
// Passed to every part at construction, so tests drive a fake one instead of sleeping. Timeouts of real
// work (a task's process, an HTTP request) stay on Node's timers: they measure the work, not the calendar.

/** A pending timer of a Clock. */
export interface ClockTimer {
  /** Stops it; calling it again, or after it fired, does nothing. */
  cancel(): void;
}

/** Time and timers, injected. */
export interface Clock {
  now(): Date;
  /**
   * Calls `fire` once, `ms` from now, for any `ms` (past setTimeout's 2^31 − 1 ms, about 24.8 days, too).
   * The engine's timers never keep the process alive on their own: its hosts (a server, a CLI wait) do.
   */
  setTimeout(fire: () => void, ms: number): ClockTimer;
  /** Calls `fire` every `ms` until cancelled. */
  setInterval(fire: () => void, ms: number): ClockTimer;
}

/** setTimeout's longest delay; a longer one is re-armed in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A timer for a delay of any length: re-armed in steps of at most MAX_TIMER_MS toward its deadline
 * (Node fires a longer delay after 1 ms, with a warning). The deadline is kept on the wall clock, so a
 * step that slept with the machine counts what passed.
 */
function longTimeout(fire: () => void, ms: number): ClockTimer {
  const deadline = Date.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = deadline - Date.now();
    if (left > MAX_TIMER_MS) timer = setTimeout(arm, MAX_TIMER_MS);
    else timer = setTimeout(fire, Math.max(0, left));
    timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

/** The real clock: the system time and Node's timers. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: longTimeout,
  setInterval(fire, ms) {
    const timer = setInterval(fire, Math.min(Math.max(1, ms), MAX_TIMER_MS));
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};

/** The system's timers with another notion of now (a host that pins or shifts the time it shows). */
export function clockWithNow(now: () => Date): Clock {
  return { ...systemClock, now };
}

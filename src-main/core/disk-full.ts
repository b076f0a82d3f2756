import type { Logger } from './app-log';
import type { Clock, ClockTimer } from './clock';
import { UserError } from './errors';

/** How often a full disk is probed for space again. */
const PROBE_MS = 10_000;

/** True for SQLite's "database or disk is full" and the OS's "no space left on device". */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/**
 * The engine's view of the disk holding its home (issue 22). A write that fails with SQLITE_FULL marks the
 * disk full: no run starts, the state is shown in status and the dashboard, and a small probe write is
 * tried every few seconds; the first that succeeds ends the state, and the engine carries on by itself.
 * Nothing is dropped meanwhile: a ping or run that could not be written was never acknowledged.
 */
export class DiskWatch {
  private fullSince: Date | null = null;
  private timer: ClockTimer | null = null;
  private waiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly home: string,
    private readonly clock: Clock,
    /** A small write to the database: throws while the disk is still full. */
    private readonly probe: () => void,
    private readonly log: Logger,
    private readonly onChange: (full: boolean) => void = () => {},
  ) {}

  /** The sentence shown while the disk is full, or null. */
  notice(): string | null {
    return this.fullSince
      ? `the disk holding ${this.home} is full (since ${this.fullSince.toISOString()}): no run starts until there is space again; free some space and Agent OS carries on by itself`
      : null;
  }

  get full(): boolean {
    return this.fullSince !== null;
  }

  /** Takes a failed write: true (and the full state) when it failed for lack of space. */
  report(error: unknown): boolean {
    if (!isDiskFull(error)) return false;
    if (this.fullSince) return true;
    this.fullSince = this.clock.now();
    this.log.error({ home: this.home }, 'the disk holding the home is full; runs are held until there is space');
    this.arm();
    this.onChange(true);
    return true;
  }

  /** Throws the one clear line instead of starting something that would need the disk. */
  assertSpace(): void {
    const notice = this.notice();
    if (notice) throw new UserError(notice, 'conflict');
  }

  /** Settles once the disk has space again (at once when it has). */
  whenSpace(): Promise<void> {
    if (!this.fullSince) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Runs a write; while it fails for lack of space, waits for space and tries again. For what the engine
   * already promised (a finished run's row, its results): kept in memory until it can be written.
   */
  async durably<T>(write: () => T): Promise<T> {
    for (;;) {
      try {
        return write();
      } catch (error) {
        if (!this.report(error) || this.stopped) throw error;
        await this.whenSpace();
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    for (const wake of this.waiters.splice(0)) wake();
  }

  private arm(): void {
    this.timer?.cancel();
    this.timer = this.clock.setTimeout(() => {
      try {
        this.probe();
      } catch (error) {
        if (isDiskFull(error)) return this.arm();
        this.log.warn({ err: String(error) }, 'disk probe failed');
        return this.arm();
      }
      this.fullSince = null;
      this.timer = null;
      this.log.info({ home: this.home }, 'the disk has space again; runs start again');
      this.onChange(false);
      for (const wake of this.waiters.splice(0)) wake();
    }, PROBE_MS);
  }
}

/**
 * A clock whose timers never throw out of their callback: a failing job (a full disk, a bug) is reported and
 * the engine's other timers go on, instead of the process dying (the Uptime Kuma lesson in ARCHITECTURE.md).
 */
export function guardedClock(clock: Clock, onError: (error: unknown) => void): Clock {
  const guard = (fire: () => void) => (): void => {
    try {
      fire();
    } catch (error) {
      onError(error);
    }
  };
  return {
    now: () => clock.now(),
    setTimeout: (fire, ms) => clock.setTimeout(guard(fire), ms),
    setInterval: (fire, ms) => clock.setInterval(guard(fire), ms),
  };
}

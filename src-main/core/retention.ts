import type { Clock, ClockTimer } from './clock';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './app-log';
import type { Store } from './db/store';

const BATCH = 2000;
/** The engine prunes history this long after it starts, then this often. */
export const PRUNE_FIRST_MS = 5000;
export const PRUNE_EVERY_MS = 6 * 3_600_000;

/** What one pruning removed. */
export interface Pruned {
  runs: number;
  logs: number;
  pings: number;
  /** Task health changes (flapping and the digest only look back a day or so). */
  health_changes: number;
  /** Messages projects sent (only those already sent to their channels). */
  messages: number;
}

/**
 * Removes what `retention.runs_days` no longer keeps (see db/retention-repo.ts for what is never removed)
 * and the removed runs' log files. In batches, yielding between them: the engine's thread is never held
 * long, and `stopped()` ends it between two batches.
 */
export async function pruneHistory(store: Store, runLogsDir: string, days: number, now: Date, stopped: () => boolean = () => false): Promise<Pruned> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const pruned: Pruned = { runs: 0, logs: 0, pings: 0, health_changes: 0, messages: 0 };
  const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  for (let more = true; more && !stopped(); await yieldTurn()) {
    const batch = store.retention.pruneRuns(cutoff, BATCH);
    pruned.runs += batch.runs;
    for (const id of batch.ids) {
      try {
        unlinkSync(join(runLogsDir, `${id}.log`));
        pruned.logs++;
      } catch {
        // never written (a skipped or missed run), or already removed
      }
    }
    more = batch.runs === BATCH;
  }
  const others = [
    ['pings', (limit: number) => store.retention.prunePings(cutoff, limit)],
    ['health_changes', (limit: number) => store.taskHealth.prune(cutoff, limit)],
    ['messages', (limit: number) => store.messages.prune(cutoff, limit)],
  ] as const;
  for (const [field, prune] of others) {
    for (let more = true; more && !stopped(); await yieldTurn()) {
      const removed = prune(BATCH);
      pruned[field] += removed;
      more = removed === BATCH;
    }
  }
  return pruned;
}

/** Prunes history shortly after the engine starts and every few hours while it runs. */
export class RetentionJob {
  private timer: ClockTimer | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly runLogsDir: string,
    private readonly days: () => number,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(PRUNE_FIRST_MS);
  }

  /** Stops the timer and waits for a pruning under way to end at its next batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.running = pruneHistory(this.store, this.runLogsDir, this.days(), this.clock.now(), () => this.stopped)
        .then((pruned) => {
          if (pruned.runs + pruned.pings + pruned.health_changes > 0) this.log.info({ ...pruned, days: this.days() }, 'retention: removed old history');
        })
        .catch((error: unknown) => this.log.error({ err: String(error) }, 'retention: pruning failed'))
        .finally(() => {
          if (!this.stopped) this.schedule(PRUNE_EVERY_MS);
        });
    }, ms);
  }
}

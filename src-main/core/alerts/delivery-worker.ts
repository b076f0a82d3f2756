import type { Clock, ClockTimer } from '../clock';
import type { AlertMessage, Delivery, NotificationChannel } from '../../common/alerts';
import type { Logger } from '../app-log';
import type { Store } from '../db/store';
import type { AlertEngine } from './alert-engine';
import { buildMessage } from './alert-message';
import { backlogMessage } from './backlog-message';

/** Delivery knobs, read on each pass (config can change live). */
export interface DeliverySettings {
  channels: () => NotificationChannel[];
  timeoutMs: () => number;
  retryBaseMs: () => number;
  /** The longest wait between two tries of a channel that does not answer (the backoff's cap). */
  retryMaxMs: () => number;
  /** Failed tries of one delivery after which its channel counts as failing (a channel_failing alert). */
  maxAttempts: () => number;
  reminderHours: () => number;
  dashboardUrl: () => string | null;
  /** Work that rides on the same once-a-second pass, before due deliveries are sent (folded alerts, the digest). */
  periodic?: () => void;
}

// Once a second: a delivery waits at most that long; idle ticks are two indexed queries.
const TICK_MS = 1000;
const BATCH = 20;
/** A delivery still `sending` this long after its claim was cut off by a stop: it is not sent again. */
const STALE_SENDING_MS = 120_000;
/** More than this many notifications waiting for a channel that answers again go out as one message. */
const COLLAPSE_OVER = 3;
/** The most a channel that answers again is caught up with in one pass (the rest follow at once). */
const BACKLOG_MAX = 500;

/**
 * Sends queued deliveries. Each is claimed by an UPDATE that must change one row (two engines never send
 * the same one), sent with a timeout so a silent listener blocks nothing, and recorded attempt by attempt.
 * One send per channel at a time, oldest first. A channel that does not answer loses nothing (issue 25 §1):
 * its delivery is retried with exponential backoff capped at `retryMaxMs` for as long as it takes, nothing
 * overtakes it, and after `maxAttempts` the channel raises its own alert (sent to the other channels).
 * When it answers, what waited is sent in order, or as one message when more than a few waited.
 */
export class DeliveryWorker {
  private timer: ClockTimer | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Ids of the deliveries this worker is sending now. */
  private readonly sending = new Set<number>();
  /** Channels this worker is sending to now (one send per channel at a time keeps their order). */
  private readonly busy = new Set<string>();
  private readonly controllers = new Set<AbortController>();
  private ticking = false;
  private stopping = false;
  private lastStaleCheck = 0;

  constructor(
    private readonly store: Store,
    private readonly alerts: AlertEngine,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly settings: DeliverySettings,
  ) {}

  start(): void {
    this.timer = this.clock.setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.timer?.cancel();
    for (const c of this.controllers) c.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  /** One pass: reminders due, stale claims, then every due delivery (each on its own, in parallel). */
  tick(): void {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      try {
        this.settings.periodic?.();
      } catch (error) {
        // A failure here must not hold back the deliveries already queued.
        this.log.error({ err: String(error) }, 'periodic alert work failed');
      }
      const now = this.clock.now();
      const hours = this.settings.reminderHours();
      if (hours > 0) {
        for (const alert of this.store.alerts.claimReminders(new Date(now.getTime() - hours * 3_600_000).toISOString(), now.toISOString()))
          this.alerts.enqueue(alert, 'reminder', null);
      }
      const staleCheckDue = now.getTime() - this.lastStaleCheck >= STALE_SENDING_MS / 4;
      if (staleCheckDue) this.lastStaleCheck = now.getTime();
      for (const d of staleCheckDue ? this.store.alerts.staleSending(new Date(now.getTime() - STALE_SENDING_MS).toISOString()) : []) {
        // Its own sends are not stale however far the clock moved meanwhile (a laptop slept mid-send).
        if (this.sending.has(d.id)) continue;
        // At-most-once: it may have arrived before the stop, so it is not sent a second time.
        this.store.alerts.abandon(d.id, 'Agent OS stopped while sending; not resent, to avoid a duplicate');
      }
      this.deliverDue();
    } catch (error) {
      this.log.error({ err: String(error) }, 'delivery pass failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Starts a send for each channel with something due that is not busy: its oldest, or its whole backlog. */
  private deliverDue(): void {
    const now = this.clock.now().toISOString();
    for (const d of this.store.alerts.dueDeliveries(now, BATCH)) {
      if (this.busy.has(d.channel)) continue;
      // A channel that did not take a delivery keeps its order: nothing overtakes the one it is retrying.
      const down = this.store.alerts.oldestRetrying(d.channel);
      if (down && down.id !== d.id && (down.next_attempt_at ?? '') > now) continue;
      const batch = down ? this.store.alerts.duePendingOf(d.channel, now, BACKLOG_MAX) : [d];
      const claimed = batch.filter((b) => this.store.alerts.claimDelivery(b.id, process.pid, now));
      if (claimed.length === 0) continue;
      this.busy.add(d.channel);
      for (const c of claimed) this.sending.add(c.id);
      const p = (claimed.length > COLLAPSE_OVER ? this.sendBacklog(claimed) : this.sendInOrder(claimed)).finally(() => {
        this.inFlight.delete(p);
        this.busy.delete(d.channel);
        for (const c of claimed) this.sending.delete(c.id);
        // The channel is free: what waits for it goes now, not at the next tick.
        if (!this.stopping) this.deliverDue();
      });
      this.inFlight.add(p);
    }
  }

  /** Sends claimed deliveries one after the other; after one the channel does not take, the rest wait behind it. */
  private async sendInOrder(claimed: readonly Delivery[]): Promise<void> {
    for (const [i, d] of claimed.entries()) {
      if (await this.send(d)) continue;
      for (const rest of claimed.slice(i + 1)) this.store.alerts.unclaim(rest.id);
      return;
    }
  }

  /** A channel that answers again gets what it missed as one message; each delivery is recorded as sent. */
  private async sendBacklog(claimed: readonly Delivery[]): Promise<void> {
    const [head] = claimed;
    const channel = head ? this.settings.channels().find((c) => c.id === head.channel) : undefined;
    if (!head || !channel) return this.sendInOrder(claimed);
    const missed: Array<{ message: AlertMessage; at: string }> = [];
    const kept: Delivery[] = [];
    for (const d of claimed) {
      const alert = this.store.alerts.get(d.alert_id);
      if (!alert) {
        this.store.alerts.markFailed(d.id, d.attempts + 1, 'the alert is gone', this.clock.now().toISOString());
        continue;
      }
      kept.push(d);
      missed.push({ message: buildMessage(this.store, alert, d.event, this.settings.dashboardUrl()), at: d.created_at });
    }
    if (kept.length === 0) return;
    const error = await this.attempt(channel, backlogMessage(missed, kept[0]?.created_at ?? head.created_at));
    const at = this.clock.now().toISOString();
    if (error === null) {
      for (const d of kept) this.store.alerts.markSent(d.id, d.attempts + 1, at);
      this.alerts.resolveSubject('channel_failing', channel.id);
      return;
    }
    const [first, ...rest] = kept;
    // Cut off by a stop, the one message may have arrived: none of it is sent again (at most once).
    for (const d of rest) {
      if (this.stopping) this.store.alerts.abandon(d.id, 'Agent OS stopped while sending; not resent, to avoid a duplicate');
      else this.store.alerts.unclaim(d.id);
    }
    if (first) this.failed(first, channel, error);
  }

  /** Sends one message with the timeout; null when the channel took it, else the error. */
  private async attempt(channel: NotificationChannel, message: AlertMessage): Promise<unknown> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs());
    try {
      await channel.send(message, controller.signal);
      return null;
    } catch (error) {
      return error ?? new Error('the channel failed without saying why');
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  /** Resolves when nothing is queued or in flight (tests and the CLI use it). */
  async drain(deadlineMs: number): Promise<void> {
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      this.tick();
      await Promise.allSettled([...this.inFlight]);
      if (this.inFlight.size === 0 && this.store.alerts.dueDeliveries(this.clock.now().toISOString(), 1).length === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends one delivery; true when the channel took it. */
  private async send(d: Delivery): Promise<boolean> {
    const attempt = d.attempts + 1;
    const channel = this.settings.channels().find((c) => c.id === d.channel);
    const alert = this.store.alerts.get(d.alert_id);
    if (!channel || !alert) {
      this.store.alerts.markFailed(
        d.id,
        attempt,
        channel ? 'the alert is gone' : `channel ${d.channel} is no longer configured`,
        this.clock.now().toISOString(),
      );
      return true;
    }
    const error = await this.attempt(channel, buildMessage(this.store, alert, d.event, this.settings.dashboardUrl()));
    if (error === null) {
      this.store.alerts.markSent(d.id, attempt, this.clock.now().toISOString());
      this.alerts.resolveSubject('channel_failing', channel.id);
      return true;
    }
    this.failed(d, channel, error);
    return d.event === 'test';
  }

  /**
   * A try the channel did not take. Cut off by a stop: not sent again (it may have arrived). A test: failed
   * for good. Anything else is kept and tried again, however long the channel stays down.
   */
  private failed(d: Delivery, channel: NotificationChannel, error: unknown): void {
    const attempt = d.attempts + 1;
    const at = this.clock.now().toISOString();
    const message = error instanceof Error ? error.message : String(error);
    if (this.stopping) {
      this.store.alerts.abandon(d.id, 'Agent OS stopped while sending; not resent, to avoid a duplicate');
      return;
    }
    if (d.event === 'test') {
      this.store.alerts.markFailed(d.id, attempt, message, at);
      return;
    }
    if (attempt >= this.settings.maxAttempts()) {
      if (attempt === this.settings.maxAttempts())
        this.log.warn({ channel: channel.id, delivery: d.id, err: message }, 'channel is failing; its notifications are kept');
      this.alerts.open({
        kind: 'channel_failing',
        subject: channel.id,
        title: `Notification channel ${channel.kind} (${channel.target}) is failing`,
        detail: `${message}; its notifications are kept and sent once it answers`,
        run_id: null,
      });
    }
    const retryAfter = (error as { retryAfterMs?: number | null }).retryAfterMs ?? 0;
    const backoff = Math.min(this.settings.retryBaseMs() * 2 ** Math.min(attempt - 1, 30), this.settings.retryMaxMs());
    this.store.alerts.markRetry(d.id, attempt, message, new Date(this.clock.now().getTime() + Math.max(backoff, retryAfter)).toISOString(), at);
  }
}

import type { Clock, ClockTimer } from '../clock';
import type { Delivery, NotificationChannel } from '../../common/alerts';
import type { Logger } from '../app-log';
import type { Store } from '../db/store';
import type { AlertEngine } from './alert-engine';
import { buildMessage } from './alert-message';

/** Delivery knobs, read on each pass (config can change live). */
export interface DeliverySettings {
  channels: () => NotificationChannel[];
  timeoutMs: () => number;
  retryBaseMs: () => number;
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

/**
 * Sends queued deliveries. Each is claimed by an UPDATE that must change one row (two engines never send
 * the same one), sent with a timeout so a silent listener blocks nothing, retried with exponential backoff,
 * and recorded attempt by attempt. A channel that exhausts its retries raises its own alert.
 */
export class DeliveryWorker {
  private timer: ClockTimer | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Ids of the deliveries this worker is sending now. */
  private readonly sending = new Set<number>();
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
      for (const d of this.store.alerts.dueDeliveries(now.toISOString(), BATCH)) {
        if (!this.store.alerts.claimDelivery(d.id, process.pid, now.toISOString())) continue;
        this.sending.add(d.id);
        const p = this.send(d).finally(() => {
          this.inFlight.delete(p);
          this.sending.delete(d.id);
        });
        this.inFlight.add(p);
      }
    } catch (error) {
      this.log.error({ err: String(error) }, 'delivery pass failed');
    } finally {
      this.ticking = false;
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

  private async send(d: Delivery): Promise<void> {
    const attempt = d.attempts + 1;
    const channel = this.settings.channels().find((c) => c.id === d.channel);
    const alert = this.store.alerts.get(d.alert_id);
    const at = (): string => this.clock.now().toISOString();
    if (!channel || !alert) {
      this.store.alerts.markFailed(d.id, attempt, channel ? 'the alert is gone' : `channel ${d.channel} is no longer configured`, at());
      return;
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs());
    try {
      await channel.send(buildMessage(this.store, alert, d.event, this.settings.dashboardUrl()), controller.signal);
      this.store.alerts.markSent(d.id, attempt, at());
      this.alerts.resolveSubject('channel_failing', channel.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.stopping) {
        // Cut off by a stop: it may have arrived, so it is not sent again (at most once).
        this.store.alerts.abandon(d.id, 'Agent OS stopped while sending; not resent, to avoid a duplicate');
        return;
      }
      if (attempt >= this.settings.maxAttempts() || d.event === 'test') {
        this.store.alerts.markFailed(d.id, attempt, message, at());
        this.log.warn({ channel: channel.id, delivery: d.id, err: message }, 'delivery failed for good');
        if (d.event !== 'test')
          this.alerts.open({
            kind: 'channel_failing',
            subject: channel.id,
            title: `Notification channel ${channel.kind} (${channel.target}) is failing`,
            detail: message,
            run_id: null,
          });
      } else {
        const retryAfter = (error as { retryAfterMs?: number | null }).retryAfterMs ?? 0;
        const delay = Math.max(this.settings.retryBaseMs() * 2 ** (attempt - 1), retryAfter);
        this.store.alerts.markRetry(d.id, attempt, message, new Date(this.clock.now().getTime() + delay).toISOString(), at());
      }
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}

import type { Alert, AlertKind, Delivery, NotificationEvent } from '../../common/alerts';
import type { Db } from './open-database';

interface AlertRow extends Omit<Alert, 'critical'> {
  critical: number;
  reminded_at: string | null;
  release_at: string | null;
  payload_json: string | null;
}

const toAlert = ({ critical, reminded_at: _r, release_at: _a, payload_json: _p, ...row }: AlertRow): Alert => ({ ...row, critical: critical === 1 });

/** What opening an alert needs. */
export interface NewAlert {
  kind: AlertKind;
  subject: string;
  critical: boolean;
  title: string;
  detail: string | null;
  run_id: number | null;
  /** The alert it is folded into from the start (sends nothing while folded). */
  muted_by?: number | null;
}

/** Queries on alerts and deliveries. Every state move is an UPDATE that must change exactly one row. */
export function alertsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO alerts (kind, subject, critical, title, detail, run_id, muted_by, opened_at, reminded_at)
     VALUES (@kind, @subject, @critical, @title, @detail, @run_id, @muted_by, @now, @now)`,
  );
  // A record that is over as soon as it exists (the daily digest): outside the one-unresolved-per-subject rule.
  const insertRecord = db.prepare(
    `INSERT INTO alerts (kind, subject, state, critical, title, detail, run_id, opened_at, resolved_at, payload_json)
     VALUES (@kind, @subject, 'resolved', @critical, @title, @detail, NULL, @now, @now, @payload)`,
  );
  const firstDigestDay = db.prepare(`INSERT OR IGNORE INTO settings (key, value) VALUES ('digest.sent_day', ?)`);
  const claimDigestDay = db.prepare(`UPDATE settings SET value = @day WHERE key = 'digest.sent_day' AND value < @day`);
  const payloadOf = db.prepare('SELECT payload_json FROM alerts WHERE id = ?');
  const setPayload = db.prepare('UPDATE alerts SET payload_json = ? WHERE id = ?');
  const fold = db.prepare(`UPDATE alerts SET muted_by = @into, release_at = NULL WHERE id = @id AND muted_by IS @from AND state != 'resolved'`);
  const release = db.prepare(
    `UPDATE alerts SET muted_by = NULL, release_at = NULL, run_id = COALESCE(@run_id, run_id), detail = COALESCE(@detail, detail), reminded_at = @now
     WHERE id = @id AND muted_by = @from AND state != 'resolved'`,
  );
  const setReleaseAt = db.prepare(`UPDATE alerts SET release_at = ? WHERE id = ? AND muted_by IS NOT NULL AND state != 'resolved'`);
  const dueReleases = db.prepare(`SELECT * FROM alerts WHERE release_at <= ? AND release_at IS NOT NULL AND state != 'resolved'`);
  const foldedInto = db.prepare('SELECT * FROM alerts WHERE muted_by = ? ORDER BY id');
  const unresolvedOfKind = db.prepare(`SELECT * FROM alerts WHERE kind = ? AND state != 'resolved' ORDER BY id`);
  const openedBetween = db.prepare(`SELECT * FROM alerts WHERE opened_at >= ? AND opened_at < ? AND kind IN ('failed', 'late', 'down') ORDER BY opened_at, id`);
  const resolvedBetween = db.prepare(`SELECT * FROM alerts WHERE resolved_at >= ? AND resolved_at < ? AND kind IN ('failed', 'down') ORDER BY resolved_at, id`);
  // The unresolved task alerts, each with the kind and subject of the alert it is folded into.
  const taskFlags = db.prepare(
    `SELECT a.subject, a.kind, m.subject AS into_subject, m.kind AS into_kind FROM alerts a LEFT JOIN alerts m ON m.id = a.muted_by
     WHERE a.state != 'resolved' AND a.kind IN ('failed', 'late', 'down', 'flapping')`,
  );
  const byId = db.prepare('SELECT * FROM alerts WHERE id = ?');
  const openOf = db.prepare(`SELECT * FROM alerts WHERE subject = ? AND state != 'resolved' ORDER BY id`);
  const resolve = db.prepare(`UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE id = ? AND state != 'resolved'`);
  const ack = db.prepare(`UPDATE alerts SET state = 'acknowledged', acknowledged_at = ? WHERE id = ? AND state = 'open'`);
  const list = db.prepare(`SELECT * FROM alerts ORDER BY CASE state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, id DESC LIMIT ?`);
  // A folded alert is not reminded of: the alert it is folded into speaks for it.
  // A snoozed alert is not reminded of before its snooze ends.
  const dueReminders = db.prepare(
    `SELECT * FROM alerts WHERE state != 'resolved' AND critical = 1 AND muted_by IS NULL AND reminded_at <= ? AND (snoozed_until IS NULL OR snoozed_until <= ?)`,
  );
  const snooze = db.prepare(`UPDATE alerts SET snoozed_until = ? WHERE id = ? AND state != 'resolved'`);
  const openIds = db.prepare(`SELECT id FROM alerts WHERE state = 'open' ORDER BY id`);
  const claimReminder = db.prepare('UPDATE alerts SET reminded_at = ? WHERE id = ? AND reminded_at = ?');
  const insertDelivery = db.prepare('INSERT INTO deliveries (alert_id, channel, event, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)');
  const due = db.prepare(`SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`);
  const claim = db.prepare(`UPDATE deliveries SET status = 'sending', claimed_by = ?, claimed_at = ? WHERE id = ? AND status = 'pending'`);
  const sent = db.prepare(`UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ? AND status = 'sending'`);
  const retry = db.prepare(
    `UPDATE deliveries SET status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'sending'`,
  );
  const fail = db.prepare(`UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'sending'`);
  const stale = db.prepare(`SELECT * FROM deliveries WHERE status = 'sending' AND claimed_at <= ?`);
  const unclaim = db.prepare(`UPDATE deliveries SET status = 'pending', claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = 'sending'`);
  const abandon = db.prepare(`UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ? AND status = 'sending'`);
  const attempt = db.prepare('INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, error) VALUES (?, ?, ?, ?, ?)');
  const deliveriesOf = db.prepare('SELECT * FROM deliveries WHERE alert_id = ? ORDER BY id');
  const deliveryById = db.prepare('SELECT * FROM deliveries WHERE id = ?');
  const lastOfChannel = db.prepare('SELECT * FROM deliveries WHERE channel = ? ORDER BY id DESC LIMIT 1');
  // A channel's queue: what waits behind a delivery it has not answered (order kept), what it last delivered.
  const oldestRetrying = db.prepare(`SELECT * FROM deliveries WHERE status = 'pending' AND channel = ? AND attempts > 0 ORDER BY id LIMIT 1`);
  const duePendingOf = db.prepare(`SELECT * FROM deliveries WHERE status = 'pending' AND channel = ? AND next_attempt_at <= ? ORDER BY id LIMIT ?`);
  const waitingOf = db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'pending' AND channel = ?`);
  const lastSentOf = db.prepare(`SELECT sent_at FROM deliveries WHERE channel = ? AND status = 'sent' ORDER BY id DESC LIMIT 1`);
  const attemptsOf = db.prepare('SELECT attempt, at, ok, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY id');
  const strip = (d: Delivery & { claimed_by?: unknown; claimed_at?: unknown }): Delivery => {
    const { claimed_by: _c, claimed_at: _a, ...rest } = d;
    return rest;
  };

  return {
    /** Opens an alert unless one for the same kind and subject is unresolved; returns it only when this call opened it. */
    open(a: NewAlert, now: string): Alert | null {
      const info = insert.run({ ...a, muted_by: a.muted_by ?? null, critical: a.critical ? 1 : 0, now });
      return info.changes === 1 ? toAlert(byId.get(info.lastInsertRowid) as AlertRow) : null;
    },
    /** Records an alert that is over as it happens (the digest, a batch of messages), with its data as JSON. */
    record(a: { kind: AlertKind; subject: string; title: string; detail: string; payload: unknown; critical?: boolean }, now: string): Alert {
      const info = insertRecord.run({ ...a, critical: a.critical ? 1 : 0, payload: JSON.stringify(a.payload), now });
      return toAlert(byId.get(info.lastInsertRowid) as AlertRow);
    },
    /**
     * Claims the digest of `day` for this engine: true once per day, for one engine. The first look only
     * records the day, so a newly configured digest first goes out at its next time.
     */
    claimDigestDay(day: string): boolean {
      if (firstDigestDay.run(day).changes === 1) return false;
      return claimDigestDay.run({ day }).changes === 1;
    },
    /** Keeps what a message about this alert needs later (a recovered upstream: the dependents it had). */
    setPayload(id: number, payload: unknown): void {
      setPayload.run(JSON.stringify(payload), id);
    },
    payload(id: number): unknown {
      const row = payloadOf.get(id) as { payload_json: string | null } | undefined;
      return row?.payload_json ? (JSON.parse(row.payload_json) as unknown) : null;
    },
    /** Folds an unresolved alert into another (or moves it from `from` to `into`); true for the caller that did. */
    fold(id: number, from: number | null, into: number): boolean {
      return fold.run({ id, from, into }).changes === 1;
    },
    /** Unfolds a muted alert so it speaks for itself; true only for the caller that released it. */
    release(id: number, from: number, runId: number | null, detail: string | null, now: string): boolean {
      // Reminders count from the release, when the channels first hear of it.
      return release.run({ id, from, run_id: runId, detail, now }).changes === 1;
    },
    /** When a muted alert is released if it is still unresolved then. */
    setReleaseAt(id: number, at: string): void {
      setReleaseAt.run(at, id);
    },
    dueReleases(now: string): Array<Alert & { release_at: string }> {
      return (dueReleases.all(now) as AlertRow[]).map((row) => ({ ...toAlert(row), release_at: row.release_at ?? '' }));
    },
    /** Every alert folded into this one (resolved or not). */
    foldedInto(id: number): Alert[] {
      return (foldedInto.all(id) as AlertRow[]).map(toAlert);
    },
    unresolvedOfKind(kind: AlertKind): Alert[] {
      return (unresolvedOfKind.all(kind) as AlertRow[]).map(toAlert);
    },
    /** Task failures (failed, late, down) opened in [from, to). */
    openedBetween(from: string, to: string): Alert[] {
      return (openedBetween.all(from, to) as AlertRow[]).map(toAlert);
    },
    /** Task failures (failed, down) that ended in [from, to). */
    resolvedBetween(from: string, to: string): Alert[] {
      return (resolvedBetween.all(from, to) as AlertRow[]).map(toAlert);
    },
    /** The unresolved task alerts with what each is folded into, for the status rows. */
    taskFlags(): Array<{ subject: string; kind: AlertKind; into_subject: string | null; into_kind: AlertKind | null }> {
      return taskFlags.all() as Array<{ subject: string; kind: AlertKind; into_subject: string | null; into_kind: AlertKind | null }>;
    },
    get(id: number): Alert | null {
      const row = byId.get(id) as AlertRow | undefined;
      return row ? toAlert(row) : null;
    },
    unresolvedOf(subject: string): Alert[] {
      return (openOf.all(subject) as AlertRow[]).map(toAlert);
    },
    /** Resolves an alert; true only for the caller that resolved it. */
    resolve(id: number, now: string): boolean {
      return resolve.run(now, id).changes === 1;
    },
    acknowledge(id: number, now: string): boolean {
      return ack.run(now, id).changes === 1;
    },
    /** Snoozes an unresolved alert until `until` (null: wakes it); false when it is resolved or unknown. */
    snooze(id: number, until: string | null): boolean {
      return snooze.run(until, id).changes === 1;
    },
    /** The ids of the open (not yet acknowledged) alerts, oldest first. */
    openIds(): number[] {
      return (openIds.all() as Array<{ id: number }>).map((r) => r.id);
    },
    list(limit = 200): Alert[] {
      return (list.all(limit) as AlertRow[]).map(toAlert);
    },
    /** Critical unresolved alerts last notified before `before`, each claimed once for a reminder. */
    claimReminders(before: string, now: string): Alert[] {
      const out: Alert[] = [];
      for (const row of dueReminders.all(before, now) as AlertRow[]) if (claimReminder.run(now, row.id, row.reminded_at).changes === 1) out.push(toAlert(row));
      return out;
    },
    addDelivery(alertId: number, channel: string, event: NotificationEvent, at: string, now: string): number {
      return Number(insertDelivery.run(alertId, channel, event, at, now).lastInsertRowid);
    },
    dueDeliveries(now: string, limit: number): Delivery[] {
      return (due.all(now, limit) as Delivery[]).map(strip);
    },
    claimDelivery(id: number, owner: number, now: string): boolean {
      return claim.run(owner, now, id).changes === 1;
    },
    markSent(id: number, attemptNo: number, now: string): void {
      sent.run(now, id);
      attempt.run(id, attemptNo, now, 1, null);
    },
    markRetry(id: number, attemptNo: number, error: string, nextAt: string, now: string): void {
      retry.run(error, nextAt, id);
      attempt.run(id, attemptNo, now, 0, error);
    },
    markFailed(id: number, attemptNo: number, error: string, now: string): void {
      fail.run(error, id);
      attempt.run(id, attemptNo, now, 0, error);
    },
    /** Deliveries left `sending` by a process that stopped mid-send, before `before`. */
    staleSending(before: string): Delivery[] {
      return (stale.all(before) as Delivery[]).map(strip);
    },
    /** Puts a claimed delivery back in the queue untried (it waits behind one its channel did not take). */
    unclaim(id: number): void {
      unclaim.run(id);
    },
    abandon(id: number, error: string): boolean {
      return abandon.run(error, id).changes === 1;
    },
    deliveriesOf(alertId: number): Delivery[] {
      return (deliveriesOf.all(alertId) as Delivery[]).map(strip);
    },
    delivery(id: number): Delivery | null {
      const row = deliveryById.get(id) as Delivery | undefined;
      return row ? strip(row) : null;
    },
    /** The channel's oldest delivery that it has already failed to take (the channel is down while there is one). */
    oldestRetrying(channel: string): Delivery | null {
      const row = oldestRetrying.get(channel) as Delivery | undefined;
      return row ? strip(row) : null;
    },
    /** The channel's due deliveries, oldest first. */
    duePendingOf(channel: string, now: string, limit: number): Delivery[] {
      return (duePendingOf.all(channel, now, limit) as Delivery[]).map(strip);
    },
    /** How many deliveries wait for the channel (held or retrying). */
    waitingOf(channel: string): number {
      return (waitingOf.get(channel) as { n: number }).n;
    },
    lastSentAt(channel: string): string | null {
      return (lastSentOf.get(channel) as { sent_at: string | null } | undefined)?.sent_at ?? null;
    },
    lastOfChannel(channel: string): Delivery | null {
      const row = lastOfChannel.get(channel) as Delivery | undefined;
      return row ? strip(row) : null;
    },
    attemptsOf(deliveryId: number): Array<{ attempt: number; at: string; ok: number; error: string | null }> {
      return attemptsOf.all(deliveryId) as Array<{ attempt: number; at: string; ok: number; error: string | null }>;
    },
  };
}

/** The alerts repository's type. */
export type AlertsRepo = ReturnType<typeof alertsRepo>;

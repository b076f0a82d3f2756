import type { Alert, AlertKind, Delivery, NotificationEvent } from '../../common/alerts';
import type { Db } from './open-database';

interface AlertRow extends Omit<Alert, 'critical'> {
  critical: number;
  reminded_at: string | null;
}

const toAlert = ({ critical, reminded_at: _r, ...row }: AlertRow): Alert => ({ ...row, critical: critical === 1 });

/** Queries on alerts and deliveries. Every state move is an UPDATE that must change exactly one row. */
export function alertsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO alerts (kind, subject, critical, title, detail, run_id, opened_at, reminded_at)
     VALUES (@kind, @subject, @critical, @title, @detail, @run_id, @now, @now)`,
  );
  const byId = db.prepare('SELECT * FROM alerts WHERE id = ?');
  const openOf = db.prepare(`SELECT * FROM alerts WHERE subject = ? AND state != 'resolved' ORDER BY id`);
  const resolve = db.prepare(`UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE id = ? AND state != 'resolved'`);
  const ack = db.prepare(`UPDATE alerts SET state = 'acknowledged', acknowledged_at = ? WHERE id = ? AND state = 'open'`);
  const list = db.prepare(`SELECT * FROM alerts ORDER BY CASE state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, id DESC LIMIT ?`);
  const dueReminders = db.prepare(`SELECT * FROM alerts WHERE state != 'resolved' AND critical = 1 AND reminded_at <= ?`);
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
  const abandon = db.prepare(`UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ? AND status = 'sending'`);
  const attempt = db.prepare('INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, error) VALUES (?, ?, ?, ?, ?)');
  const deliveriesOf = db.prepare('SELECT * FROM deliveries WHERE alert_id = ? ORDER BY id');
  const deliveryById = db.prepare('SELECT * FROM deliveries WHERE id = ?');
  const lastOfChannel = db.prepare('SELECT * FROM deliveries WHERE channel = ? ORDER BY id DESC LIMIT 1');
  const attemptsOf = db.prepare('SELECT attempt, at, ok, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY id');
  const strip = (d: Delivery & { claimed_by?: unknown; claimed_at?: unknown }): Delivery => {
    const { claimed_by: _c, claimed_at: _a, ...rest } = d;
    return rest;
  };

  return {
    /** Opens an alert unless one for the same kind and subject is unresolved; returns it only when this call opened it. */
    open(a: { kind: AlertKind; subject: string; critical: boolean; title: string; detail: string | null; run_id: number | null }, now: string): Alert | null {
      const info = insert.run({ ...a, critical: a.critical ? 1 : 0, now });
      return info.changes === 1 ? toAlert(byId.get(info.lastInsertRowid) as AlertRow) : null;
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
    list(limit = 200): Alert[] {
      return (list.all(limit) as AlertRow[]).map(toAlert);
    },
    /** Critical unresolved alerts last notified before `before`, each claimed once for a reminder. */
    claimReminders(before: string, now: string): Alert[] {
      const out: Alert[] = [];
      for (const row of dueReminders.all(before) as AlertRow[]) if (claimReminder.run(now, row.id, row.reminded_at).changes === 1) out.push(toAlert(row));
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

import type { Alert, AlertKind, NotificationChannel, NotificationEvent } from '../../common/alerts';
import type { ProjectInfo, TaskKind, TaskState } from '../../common/models';
import type { Store } from '../db/store';
import type { HealthState } from '../db/task-health-repo';
import type { EventBus } from '../event-bus';
import { AlertFolding, TASK_ALERT_KINDS, type FoldingSettings } from './alert-folding';
import type { AlertMoves, AlertSpec } from './alert-spec';
import { quietUntil, type QuietHours } from './quiet-hours';

/** What alerting reads from the engine on each decision (config can change live). */
export interface AlertSettings extends FoldingSettings {
  channels: () => NotificationChannel[];
  quietHours: () => QuietHours | null;
  /**
   * The channel names an alert may go to (its project's manifest `notify: [name, …]`), or null for every
   * channel. The desktop's own notifications are not routed: they are the app showing its own state.
   */
  route?: (alert: Alert) => ReadonlySet<string> | null;
}

const CRITICAL: ReadonlySet<AlertKind> = new Set(['failed', 'down']);
const TASK_KINDS: Record<string, AlertKind | undefined> = { failing: 'failed', late: 'late', down: 'down' };
const HEALTH: ReadonlySet<TaskState> = new Set(['ok', 'failing', 'late', 'down']);

/**
 * Alert rules on state changes (SPEC §7). The database decides: an alert is a row, at most one unresolved
 * per (kind, subject), opened with INSERT OR IGNORE and resolved with an UPDATE that must change one row,
 * so the deliveries created with it exist once however many engines look. An alert folded into another
 * (`muted_by`: a failing upstream's, or its task's flapping alert) is recorded but sends nothing, neither
 * its opening nor its end, until it is released (see alert-folding.ts).
 */
export class AlertEngine implements AlertMoves {
  readonly folding: AlertFolding;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly now: () => Date,
    private readonly settings: AlertSettings,
  ) {
    this.folding = new AlertFolding(store, now, settings, this);
  }

  /**
   * A task's state was (re)computed: record its health, open the alert it calls for, resolve those it ended.
   * `kind` is the task's: a command or cron task is late only because a slot was missed while the engine was
   * off or the machine asleep, which is history (the run list, the digest), not news: it pages nobody and is
   * no state change, so it cannot make a task flap. What the catch-up run then does is what counts.
   */
  taskState(taskId: string, state: TaskState, runId: number | null, detail: string | null, taskKind: TaskKind = 'command'): void {
    if (!HEALTH.has(state)) return;
    if (state === 'late' && (taskKind === 'command' || taskKind === 'cron')) return;
    if (this.store.taskHealth.move(taskId, state as HealthState, this.now().toISOString(), runId)) this.folding.checkFlapping(taskId, runId);
    const flapping = this.folding.flappingOf(taskId);
    const kind = TASK_KINDS[state];
    const open = this.store.alerts.unresolvedOf(taskId).filter((a) => TASK_ALERT_KINDS.has(a.kind));
    // ok resolves everything; down supersedes late; failing supersedes late.
    for (const alert of open) {
      if (alert.kind === kind) continue;
      // While it flaps, an end is no news either: the flapping alert's own end will tell.
      if (flapping && alert.muted_by === null) this.store.alerts.fold(alert.id, null, flapping.id);
      this.resolve(alert);
    }
    if (!kind) return;
    const existing = open.find((a) => a.kind === kind);
    const into = flapping ?? this.folding.upstreamAlert(taskId);
    if (!existing) {
      // A heartbeat down with no run (no ping came) says why in the headline: "no ping for 2m 10s, expected every 1m (grace 30s)".
      const down = runId === null && detail ? `${taskId} is down: ${detail}` : `${taskId} is down`;
      const title = kind === 'failed' ? `${taskId} failed` : kind === 'down' ? down : `${taskId} is late`;
      this.open({ kind, subject: taskId, title, detail, run_id: runId }, into);
    } else {
      this.folding.refold(existing, into, runId, detail);
    }
  }

  /** A project's manifest became invalid (alert) or valid again (resolved). */
  projectState(project: ProjectInfo): void {
    const open = this.store.alerts.unresolvedOf(project.name).filter((a) => a.kind === 'invalid_manifest');
    if (project.state === 'ok') {
      for (const alert of open) this.resolve(alert);
      return;
    }
    const first = project.errors[0];
    const detail = `${project.errors.length} error(s) in ${project.path}/agent-os.yml; first: ${first?.path || 'file'}${first?.line ? ` (line ${first.line})` : ''}: ${first?.message ?? ''}`;
    this.open({ kind: 'invalid_manifest', subject: project.name, title: `${project.name}: invalid agent-os.yml`, detail, run_id: null });
  }

  /** Opens an alert of any kind (folded into `into` when given); returns it when this call opened it. */
  open(a: AlertSpec, into: Alert | null = null): Alert | null {
    const at = this.now().toISOString();
    const alert = this.store.transaction(() => {
      const opened = this.store.alerts.open({ ...a, critical: CRITICAL.has(a.kind), muted_by: into?.id ?? null }, at);
      if (opened && opened.muted_by === null) this.enqueue(opened, 'opened', a.kind === 'channel_failing' ? a.subject : null);
      return opened;
    });
    if (alert) this.events.emit('alert.raised', { alert });
    return alert;
  }

  /** Resolves an alert and tells the channels it recovered, unless it is folded into another (then nothing was told). */
  resolve(alert: Alert): void {
    const at = this.now().toISOString();
    const done = this.store.transaction(() => {
      const current = this.store.alerts.get(alert.id);
      if (!current || !this.store.alerts.resolve(alert.id, at)) return false;
      if (current.muted_by === null) this.enqueue(current, 'resolved', alert.kind === 'channel_failing' ? alert.subject : null);
      return true;
    });
    if (!done) return;
    this.events.emit('alert.resolved', { alert: this.store.alerts.get(alert.id) as Alert });
    this.folding.resolved(alert);
  }

  /**
   * Ends an alert that a newer one of the same condition replaces (a budget's 100 % alert replaces its 80 %
   * one): nothing is sent, as nothing recovered; the newer alert is the news.
   */
  supersede(subject: string, kind: AlertKind): void {
    const at = this.now().toISOString();
    for (const alert of this.store.alerts.unresolvedOf(subject)) {
      if (alert.kind !== kind || !this.store.alerts.resolve(alert.id, at)) continue;
      this.events.emit('alert.resolved', { alert: this.store.alerts.get(alert.id) as Alert });
    }
  }

  /** Unfolds a muted alert: it is sent now, on its own, with the latest run and detail when given. */
  release(alert: Alert, from: number, runId: number | null, detail: string | null): void {
    const done = this.store.transaction(() => {
      if (!this.store.alerts.release(alert.id, from, runId, detail, this.now().toISOString())) return false;
      this.enqueue(this.store.alerts.get(alert.id) as Alert, 'opened', null);
      return true;
    });
    if (done) this.events.emit('alert.raised', { alert: this.store.alerts.get(alert.id) as Alert });
  }

  /** Resolves the unresolved alert of this kind on this subject, if any. */
  resolveSubject(kind: AlertKind, subject: string): void {
    for (const alert of this.store.alerts.unresolvedOf(subject)) if (alert.kind === kind) this.resolve(alert);
  }

  acknowledge(id: number): Alert | null {
    if (!this.store.alerts.acknowledge(id, this.now().toISOString())) return this.store.alerts.get(id);
    const alert = this.store.alerts.get(id) as Alert;
    this.events.emit('alert.resolved', { alert });
    return alert;
  }

  /** Acknowledges every open alert; returns the ones this call acknowledged. */
  acknowledgeAll(): Alert[] {
    const done: Alert[] = [];
    for (const id of this.store.alerts.openIds()) {
      const alert = this.acknowledge(id);
      if (alert?.state === 'acknowledged') done.push(alert);
    }
    return done;
  }

  /** Snoozes an unresolved alert until `until` (null wakes it): no reminders before then. Null when it is resolved or unknown. */
  snooze(id: number, until: string | null): Alert | null {
    if (!this.store.alerts.snooze(id, until)) return null;
    const alert = this.store.alerts.get(id) as Alert;
    this.events.emit('alert.resolved', { alert });
    return alert;
  }

  /** Queues one delivery per channel the alert is routed to (not to `skip`, the channel an alert is about). */
  enqueue(alert: Alert, event: NotificationEvent, skip: string | null): void {
    const now = this.now();
    // Quiet hours hold what is not critical until they end; critical alerts and their recoveries go now.
    const held = alert.critical ? null : quietUntil(now, this.settings.quietHours());
    const at = (held ?? now).toISOString();
    const route = this.settings.route?.(alert) ?? null;
    for (const channel of this.settings.channels()) {
      if (channel.id === skip) continue;
      if (route && channel.kind !== 'desktop' && !(channel.name && route.has(channel.name))) continue;
      this.store.alerts.addDelivery(alert.id, channel.id, event, at, now.toISOString());
    }
  }
}

import type { Alert, AlertKind } from '../../common/alerts';
import type { Store } from '../db/store';
import type { AlertMoves } from './alert-spec';

/** The alert kinds a task's own health raises. */
export const TASK_ALERT_KINDS: ReadonlySet<AlertKind> = new Set(['failed', 'late', 'down']);
/** The upstream alerts that fold their dependents' (healthchecks #917: "failing or down"). */
const UPSTREAM_KINDS: ReadonlySet<AlertKind> = new Set(['failed', 'down']);

/** What folding reads from the engine on each decision. */
export interface FoldingSettings {
  /** A task's direct upstreams (`depends_on`, full ids). */
  upstreams: (taskId: string) => readonly string[];
  /** Flapping: more than `changes` state changes within `windowMs` (0 changes: off); `window` as configured. */
  flapping: () => { changes: number; windowMs: number; window: string };
  /**
   * When a dependent's folded alert is sent on its own if it still holds after its upstream recovered at
   * `recoveredAt`: a heartbeat at its next deadline from then, any other task at once (a weekly task must
   * not wait a week to say it still fails), or null to wait for the task's next run.
   */
  releaseAfter: (taskId: string, recoveredAt: Date) => Date | null;
}

/**
 * Alerts folded into others, all decided from the database: a dependent's alert into its failing upstream's
 * (`depends_on`), a flapping task's alerts into its flapping alert. A folded alert is released (sent on its
 * own) only when it still holds after what it was folded into has ended: for a dependent, a run that ended
 * after the upstream recovered, or its next deadline; for a flapping task, once it has been stable for the
 * flapping window. Each move is an UPDATE from the state the caller saw (one engine wins).
 */
export class AlertFolding {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly settings: FoldingSettings,
    private readonly engine: AlertMoves,
  ) {}

  /** The task's unresolved flapping alert, if it flaps. */
  flappingOf(taskId: string): Alert | null {
    return this.store.alerts.unresolvedOf(taskId).find((a) => a.kind === 'flapping') ?? null;
  }

  /** After a recorded state change: opens the flapping alert when the task changed state too often. */
  checkFlapping(taskId: string, runId: number | null): void {
    const { changes, windowMs, window } = this.settings.flapping();
    if (changes <= 0) return;
    const count = this.store.taskHealth.changesSince(taskId, new Date(this.now().getTime() - windowMs).toISOString());
    if (count <= changes) return;
    this.engine.open({
      kind: 'flapping',
      subject: taskId,
      title: `${taskId} is flapping`,
      detail: `changed state ${count} times within ${window}; its alerts are held until it has been stable for ${window}`,
      run_id: runId,
    });
  }

  /**
   * The alert a new alert of `taskId` folds into: the nearest failing or down ancestor's (`depends_on`,
   * followed transitively), itself followed to the alert it is folded into, so counts gather on the one
   * that is sent.
   */
  upstreamAlert(taskId: string): Alert | null {
    const seen = new Set([taskId]);
    const queue = [...this.settings.upstreams(taskId)];
    for (let up = queue.shift(); up !== undefined; up = queue.shift()) {
      if (seen.has(up)) continue;
      seen.add(up);
      const alert = this.store.alerts.unresolvedOf(up).find((a) => UPSTREAM_KINDS.has(a.kind));
      if (alert) return this.rootOf(alert);
      queue.push(...this.settings.upstreams(up));
    }
    return null;
  }

  private rootOf(alert: Alert): Alert {
    let root = alert;
    for (let hops = 0; hops < 20 && root.muted_by !== null; hops++) {
      const into = this.store.alerts.get(root.muted_by);
      if (!into || into.state === 'resolved' || !UPSTREAM_KINDS.has(into.kind)) break;
      root = into;
    }
    return root;
  }

  /**
   * An alert that stays open was looked at again: fold it into `into`, or, when what it was folded into
   * has ended, release it if this look brings news from after that end (a run that ended later).
   */
  refold(alert: Alert, into: Alert | null, runId: number | null, detail: string | null): void {
    if (alert.muted_by === null) return;
    if (into) {
      if (into.id !== alert.muted_by) this.store.alerts.fold(alert.id, alert.muted_by, into.id);
      return;
    }
    const before = this.store.alerts.get(alert.muted_by);
    const run = runId !== null ? this.store.runs.get(runId) : null;
    const newer = before?.resolved_at != null && (run?.finished_at ?? '') > before.resolved_at;
    if (!before || (before.state === 'resolved' && (before.kind === 'flapping' || newer))) this.engine.release(alert, alert.muted_by, runId, detail);
  }

  /**
   * An alert ended: the dependents folded into it get their deadline to prove they still fail; those due at
   * once (tasks that are not heartbeats) are sent on their own now, after the upstream's recovery.
   */
  resolved(alert: Alert): void {
    if (!UPSTREAM_KINDS.has(alert.kind)) return;
    const now = this.now();
    const folded = this.store.alerts.foldedInto(alert.id).filter((a) => TASK_ALERT_KINDS.has(a.kind));
    // Its recovery names the dependents that were failing, even those sent on their own just below.
    if (folded.length > 0) this.store.alerts.setPayload(alert.id, { dependents: [...new Set(folded.map((a) => a.subject))] });
    for (const dependent of folded) {
      if (dependent.state === 'resolved') continue;
      const at = this.settings.releaseAfter(dependent.subject, now);
      if (!at) continue;
      this.store.alerts.setReleaseAt(dependent.id, at.toISOString());
      if (at <= now) this.releaseDue(this.store.alerts.get(dependent.id) ?? dependent);
    }
  }

  /** A folded alert whose deadline came: folded again if something else now holds it, else sent on its own. */
  private releaseDue(alert: Alert): void {
    if (alert.muted_by === null) return;
    const into = this.flappingOf(alert.subject) ?? this.upstreamAlert(alert.subject);
    if (into) this.store.alerts.fold(alert.id, alert.muted_by, into.id);
    else this.engine.release(alert, alert.muted_by, null, null);
  }

  /** The periodic pass: dependents whose deadline came, and flapping tasks that became stable. */
  tick(): void {
    const now = this.now();
    for (const alert of this.store.alerts.dueReleases(now.toISOString())) this.releaseDue(alert);
    const { windowMs } = this.settings.flapping();
    const stableSince = new Date(now.getTime() - windowMs).toISOString();
    for (const flapping of this.store.alerts.unresolvedOfKind('flapping')) {
      const health = this.store.taskHealth.get(flapping.subject);
      if (health && health.changed_at > stableSince) continue;
      this.settle(flapping);
    }
  }

  /**
   * A flapping task has been stable for the window. Still failing: its own alert goes out now and the
   * flapping alert ends quietly (one message). Healthy: the flapping alert ends with a "stable again" notice.
   */
  private settle(flapping: Alert): void {
    const own = this.store.alerts.unresolvedOf(flapping.subject).find((a) => TASK_ALERT_KINDS.has(a.kind));
    if (own) {
      if (own.muted_by === flapping.id) {
        const upstream = this.upstreamAlert(own.subject);
        if (upstream) this.store.alerts.fold(own.id, flapping.id, upstream.id);
        else this.engine.release(own, flapping.id, null, null);
      }
      this.store.alerts.fold(flapping.id, null, own.id);
    }
    this.engine.resolve(flapping);
  }
}

import type { Logger } from '../app-log';
import type { Store } from '../db/store';
import type { EventBus } from '../event-bus';
import type { ProjectRegistry } from '../projects/project-registry';
import type { ManifestTask } from '../projects/manifest-schema';
import type { RunService } from '../runner/run-service';
import type { Clock, ClockTimer } from '../clock';
import { TimerGroups } from './timer-groups';
import { missedBetween, nextFireAfter, specSignature, type FireSpec } from './next-fire';

/** Timers drift across sleep; the wall clock is re-checked this often (and on resume). */
export const WALL_CLOCK_CHECK_MS = 30_000;
const PAUSED_ALL = 'paused_all';

/**
 * Fires scheduled command tasks. The database is the source of truth (tasks.next_run_at); the Clock's
 * timers are a cache of it. A fire is claimed with an UPDATE that must change one row, a fire found late
 * beyond its grace is recorded as `missed` and follows the task's catch_up policy (one run, never a burst).
 */
export class Scheduler {
  /** Each task's next run, grouped by instant: tasks due together are fired in one turn and one transaction. */
  private readonly fires: TimerGroups;
  private loop: ClockTimer | undefined;
  private synced = false;
  /** Tasks scheduled by the previous sync: a task not among them is new or coming back. */
  private known = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly registry: ProjectRegistry,
    private readonly runs: RunService,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {
    this.fires = new TimerGroups((ids, at) => {
      const due = at.toISOString();
      this.store.transaction(() => {
        for (const id of ids) this.fire(id, due);
      });
    }, clock);
  }

  private now(): Date {
    return this.clock.now();
  }

  start(): void {
    // Runs a previous engine left waiting (retries, `overlap: queue`) are started again first, in order.
    try {
      this.runs.resumeQueued();
    } catch (error) {
      this.log.error({ err: String(error) }, 'queued runs not resumed');
    }
    this.sync();
    this.check();
    this.loop = this.clock.setInterval(() => this.check(), WALL_CLOCK_CHECK_MS);
  }

  stop(): void {
    this.loop?.cancel();
    this.fires.clear();
  }

  /** The scheduled tasks as of the last sync (manifests only change through a reload, which syncs). */
  private entries = new Map<string, { task: ManifestTask; spec: FireSpec }>();

  private scheduled(): Map<string, { task: ManifestTask; spec: FireSpec }> {
    return this.entries;
  }

  /** The scheduled command tasks of valid projects, by task id. */
  private collect(): Map<string, { task: ManifestTask; spec: FireSpec }> {
    const out = new Map<string, { task: ManifestTask; spec: FireSpec }>();
    for (const project of this.registry.all()) {
      for (const [name, task] of Object.entries(project.manifest?.tasks ?? {})) {
        if (task.command === undefined || (!task.schedule && !task.every)) continue;
        out.set(`${project.name}/${name}`, { task, spec: { cron: task.schedule, every: task.every, timezone: task.timezone } });
      }
    }
    return out;
  }

  /** Aligns persisted next_run_at and timers with the current manifests (after a load or reload). */
  sync(): void {
    const wanted = this.collect();
    this.entries = wanted;
    for (const id of this.known) {
      if (!wanted.has(id)) this.fires.remove(id);
    }
    const now = this.now();
    for (const [id, { spec }] of wanted) {
      const row = this.store.catalog.scheduling(id);
      const signature = specSignature(spec);
      let next = row?.next_run_at ?? null;
      // A task that comes back while the engine runs (its manifest was invalid, or re-added) was held, not
      // missed: only the first sync after start-up treats past times as downtime.
      const returning = this.synced && !this.known.has(id) && next !== null && Date.parse(next) <= now.getTime();
      if (!next || row?.schedule_sig !== signature || returning) {
        next = nextFireAfter(spec, now)?.toISOString() ?? null;
        this.store.catalog.setNextRun(id, next, signature);
      }
      this.arm(id, next);
    }
    this.synced = true;
    this.known = new Set(wanted.keys());
  }

  private arm(id: string, next: string | null): void {
    this.fires.remove(id);
    if (!next) return;
    const at = new Date(next);
    // A time already past is fired after this turn rather than by a timer.
    if (at.getTime() <= this.now().getTime()) {
      setImmediate(() => this.fire(id, next));
      return;
    }
    this.fires.add(id, at);
  }

  /** Re-checks every scheduled task against the wall clock: catches timers that slept. */
  check(): void {
    const nowMs = this.now().getTime();
    for (const id of this.scheduled().keys()) {
      const due = this.store.catalog.scheduling(id)?.next_run_at;
      if (due && Date.parse(due) <= nowMs) this.fire(id, due);
    }
  }

  /** Called by hosts when the machine wakes (desktop powerMonitor) or the clock jumps. */
  resume(): void {
    this.check();
  }

  private fire(id: string, due: string): void {
    try {
      this.fireOrThrow(id, due);
    } catch (error) {
      // A throwing fire must never stop the loop (Uptime Kuma's lesson): log it and move on.
      this.log.error({ task: id, err: String(error) }, 'scheduler fire failed');
    }
  }

  private fireOrThrow(id: string, due: string): void {
    const entry = this.scheduled().get(id);
    if (!entry) return;
    const now = this.now();
    const dueAt = new Date(due);
    // A timer can fire a hair early (Node's loop clock lags the wall clock): the next run is after this one.
    const next = nextFireAfter(entry.spec, now < dueAt ? dueAt : now)?.toISOString() ?? null;
    if (!this.store.catalog.claimFire(id, due, next)) {
      this.arm(id, this.store.catalog.scheduling(id)?.next_run_at ?? null);
      return; // another engine (or an earlier call) took this occurrence
    }
    this.arm(id, next);
    const row = this.store.catalog.scheduling(id);
    if (row?.paused || this.pausedAll()) return;
    const following = nextFireAfter(entry.spec, dueAt);
    const period = following ? following.getTime() - dueAt.getTime() : 60_000;
    const grace = Math.min(60_000, Math.max(1000, period / 2));
    if (now.getTime() - dueAt.getTime() <= grace) {
      this.startRun(id, { trigger: 'schedule', scheduledFor: dueAt });
      return;
    }
    const missed = missedBetween(entry.spec, dueAt, now);
    const latest = missed.latest ?? dueAt;
    this.recordMissed(id, dueAt, latest, missed.count);
    if (entry.task.catch_up === 'latest') this.startRun(id, { trigger: 'catch_up', scheduledFor: latest });
  }

  private startRun(id: string, options: { trigger: 'schedule' | 'catch_up'; scheduledFor: Date }): void {
    try {
      this.runs.start(id, options);
    } catch (error) {
      this.log.warn({ task: id, err: (error as Error).message }, 'scheduled run not started');
    }
  }

  private recordMissed(id: string, first: Date, latest: Date, count: number): void {
    const project = id.split('/')[0] ?? '';
    const at = this.now().toISOString();
    const span = count > 1 ? `${count} scheduled runs from ${first.toISOString()} to ${latest.toISOString()}` : `the run scheduled for ${latest.toISOString()}`;
    const run = this.store.runs.recordEnded(
      { task_id: id, project, trigger: 'schedule', scheduled_for: latest.toISOString() },
      'missed',
      at,
      `missed ${span}: Agent OS was not running or the machine was asleep`,
    );
    this.events.emit('run.finished', { run });
  }

  pausedAll(): boolean {
    return this.store.catalog.setting(PAUSED_ALL) === '1';
  }

  /** Pauses or resumes every task (persisted). Resuming does not replay what fell due while paused. */
  setPausedAll(paused: boolean): void {
    this.store.catalog.putSetting(PAUSED_ALL, paused ? '1' : '0');
    if (!paused) this.skipPastDue();
  }

  /** After a task is resumed, its next run counts from now: the paused stretch is not "missed". */
  resumed(id: string): void {
    this.skipPastDue(id);
  }

  private skipPastDue(only?: string): void {
    const now = this.now();
    for (const [id, { spec }] of this.scheduled()) {
      if (only && id !== only) continue;
      const row = this.store.catalog.scheduling(id);
      if (row?.next_run_at && Date.parse(row.next_run_at) <= now.getTime()) {
        const next = nextFireAfter(spec, now)?.toISOString() ?? null;
        this.store.catalog.setNextRun(id, next, specSignature(spec));
        this.arm(id, next);
      }
    }
  }
}

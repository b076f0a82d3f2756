import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../common/models';
import type { CloudProviderPlugin, ObservedCloudTask, ProviderFailure, ProviderRun } from '../../common/plugins';
import { UserError } from '../errors';
import type { Logger } from '../app-log';
import type { Clock, ClockTimer } from '../clock';
import type { Store } from '../db/store';
import type { EventBus } from '../event-bus';
import type { HeartbeatMonitor } from '../monitor/heartbeat-monitor';
import type { ProjectRegistry } from '../projects/project-registry';

/** What every cloud observer needs from the engine. */
export interface CloudObserverDeps {
  store: Store;
  registry: ProjectRegistry;
  monitor: HeartbeatMonitor;
  events: EventBus;
  log: Logger;
  clock: Clock;
  runLogsDir: string;
}

/** A provider call that failed in a way the poller acts on (a rate limit, the provider down, no network). */
function providerFailure(error: unknown): ProviderFailure | null {
  return error instanceof Error && 'kind' in error && 'retryAt' in error ? (error as ProviderFailure) : null;
}

const MAX_BACKOFF_MS = 3600_000;

/**
 * A cloud provider as a source (SPEC §6), the part GitHub Actions and Railway share: a look at every observed
 * task each poll, their runs recorded as `external` runs (a run seen is the task's sign of life, a failed one
 * alerts like any failed run), and a Run now that records a manual run the provider's run is then observed
 * into. Failures of the API (a refused token, a rate limit, the provider down, no network) become a note on
 * the task and a later look, never a crash: a rate limit pauses every look until its reset, and the provider
 * down or no network backs off up to an hour.
 */
export class CloudObserver<S extends { pollMs: number }> {
  private timer: ClockTimer | undefined;
  private looking: Promise<void> | null = null;
  private readonly notes = new Map<string, string>();
  private pausedUntil = 0;
  private backoffMs = 0;
  private stopped = false;
  private readonly pending = new Set<Promise<void>>();

  private readonly key: string;

  constructor(
    private readonly deps: CloudObserverDeps,
    /** The provider's plugin: which tasks, how to read their runs, how to start one. */
    private readonly plugin: CloudProviderPlugin<S>,
    /** Its settings as of now (config.yml is re-read live): how often to look, where, with which token. */
    private readonly settings: () => S,
  ) {
    this.key = plugin.key;
  }

  /** Reads one task's new runs through the plugin and records them. */
  private lookAt(task: ObservedCloudTask): Promise<void> {
    return this.plugin.lookAt(task, {
      settings: this.settings(),
      seen: (fresh) => this.seen(task.id, fresh),
      saveSeen: (seen) => this.saveSeen(task.id, seen),
      record: (run, open) => this.record(task.id, task.project, run, open),
    });
  }

  /**
   * Run now: records a manual run at once and asks the provider through the plugin; the provider's run is then
   * observed into it. A refused request ends the run as failed with the provider's words.
   */
  dispatch(taskId: string): Run {
    const task = this.tasks(false).find((t) => t.id === taskId);
    if (!task) throw new UserError(`${taskId} is not a ${this.plugin.label} task`, 'not_found');
    return this.startManual(taskId, task.project, this.plugin.refused, async (run) => {
      const rid = await this.plugin.dispatch(task, this.settings());
      if (rid !== null) this.deps.store.runs.setRid(run.id, rid);
    });
  }

  start(): void {
    this.schedule(2000);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** What the last look said about a task, when it went wrong. */
  note(taskId: string): string | null {
    return this.notes.get(taskId) ?? null;
  }

  /** Looks at every observed task now; concurrent callers share one look. */
  refresh(): Promise<void> {
    this.looking ??= this.look().finally(() => (this.looking = null));
    return this.looking;
  }

  /** Resolves once every Run now sent has been answered (a CLI engine waits for it before exiting). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private schedule(ms: number): void {
    this.timer?.cancel();
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => void this.refresh().finally(() => this.schedule(this.nextDelay())), ms);
  }

  private nextDelay(): number {
    const paused = this.pausedUntil - this.deps.clock.now().getTime();
    return Math.max(this.settings().pollMs, this.backoffMs, paused);
  }

  /** This provider's tasks (only those whose runs Agent OS can see, unless `observedOnly` is false). */
  private tasks(observedOnly = true): ObservedCloudTask[] {
    const out: ObservedCloudTask[] = [];
    for (const project of this.deps.registry.all())
      for (const [name, task] of Object.entries(project.manifest?.tasks ?? {}))
        if (task.cloud?.provider === this.plugin.provider && (task.cloud.observed || !observedOnly))
          out.push({ id: `${project.name}/${name}`, dir: project.dir, project: project.name, file: task.cloud.file });
    return out;
  }

  private async look(): Promise<void> {
    if (this.deps.clock.now().getTime() < this.pausedUntil) return;
    let failedOverall = false;
    const tasks = this.tasks();
    for (const task of tasks) {
      if (this.stopped) return;
      try {
        await this.lookAt(task);
        this.notes.delete(task.id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.notes.get(task.id) !== message) this.deps.log.warn({ task: task.id, err: message }, this.key);
        this.notes.set(task.id, message);
        const failure = providerFailure(error);
        if (failure?.kind === 'rate_limited' && failure.retryAt) {
          // Every other call would be refused too: no task is looked at until the reset, and each says so.
          this.pausedUntil = failure.retryAt.getTime();
          for (const other of tasks) this.notes.set(other.id, message);
          return;
        }
        if (failure?.kind === 'server' || failure?.kind === 'offline') failedOverall = true;
      }
    }
    // The provider down or no network: look again later and later (up to an hour); any success resets it.
    this.backoffMs = failedOverall ? Math.min(Math.max(this.backoffMs * 2, this.settings().pollMs), MAX_BACKOFF_MS) : 0;
  }

  /** What was last seen of a task (kept in the database, so a restart asks only for what is new). */
  private seen<T>(taskId: string, fresh: T): T {
    return (JSON.parse(this.deps.store.catalog.setting(`${this.key}:${taskId}`) ?? 'null') as T | null) ?? fresh;
  }

  private saveSeen(taskId: string, seen: unknown): void {
    this.deps.store.catalog.putSetting(`${this.key}:${taskId}`, JSON.stringify(seen));
  }

  /**
   * One provider run as our run: started, finished, or both at once. `open` maps the provider's ids of runs
   * seen in progress to our run ids; it is updated in place.
   */
  private record(taskId: string, project: string, pr: ProviderRun, open: Record<string, number>): void {
    const { store, events, monitor } = this.deps;
    // Ours already: seen running before, or started by Run now (its rid set from the provider's answer, or not yet).
    const running = open[pr.key] ?? store.runs.openByRid(taskId, pr.rid)?.id;
    // Recorded and ended already (seen again on a later page or look, or restarting after a crash): nothing new,
    // and above all not the run a Run now is waiting for.
    if (running === undefined && store.runs.byRid(taskId, pr.rid)) return;
    const ours = running ?? this.claimManual(taskId, pr, open);
    const base = { task_id: taskId, project, trigger: 'external' as const, queued_at: pr.startedAt, started_at: pr.startedAt, rid: pr.rid, log_path: null };
    if (!pr.end) {
      if (ours !== undefined) {
        open[pr.key] = ours;
        return;
      }
      const run = store.runs.createObserved({ ...base, status: 'running', finished_at: null, duration_ms: null, exit_code: null, error: null });
      open[pr.key] = run.id;
      this.writeLog(run.id, pr.log);
      events.emit('run.started', { run });
      return;
    }
    const { status, finishedAt, error } = pr.end;
    const end = {
      status,
      finished_at: finishedAt,
      duration_ms: Math.max(0, Date.parse(finishedAt) - Date.parse(pr.startedAt)),
      exit_code: null,
      signal: null,
      error,
    };
    let run: Run;
    if (ours !== undefined) {
      store.runs.finish(ours, end);
      delete open[pr.key];
      run = store.runs.get(ours) as Run;
    } else {
      run = store.runs.createObserved({ ...base, ...end });
    }
    this.writeLog(run.id, pr.log);
    // A cancelled or skipped run says nothing about the job's health.
    if (status === 'success' || status === 'failed' || status === 'timeout')
      monitor.signOfLife(taskId, new Date(finishedAt), status === 'success', run.id, error);
    events.emit('run.finished', { run });
  }

  /** A run Run now asked for, still waiting for the provider to show it: the first eligible run is it. */
  private claimManual(taskId: string, pr: ProviderRun, open: Record<string, number>): number | undefined {
    if (!pr.mayBeManual) return undefined;
    // A minute's slack for the difference between this machine's clock and the provider's.
    const claimed = new Set(Object.values(open));
    const waiting = this.deps.store.runs
      .activeOfTask(taskId)
      .find((r) => r.trigger === 'manual' && !claimed.has(r.id) && Date.parse(r.queued_at) - 60_000 <= Date.parse(pr.createdAt));
    if (!waiting) return undefined;
    this.deps.store.runs.setRid(waiting.id, pr.rid);
    return waiting.id;
  }

  private writeLog(runId: number, lines: string[]): void {
    const file = join(this.deps.runLogsDir, `${runId}.log`);
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    this.deps.store.runs.setLogPath(runId, file);
  }

  /** Records a manual run at once and asks the provider (`send`); a refused request ends it failed, after `refused`. */
  private startManual(taskId: string, project: string, refused: string, send: (run: Run) => Promise<void>): Run {
    const { store, events, clock } = this.deps;
    const now = (): Date => clock.now();
    const run = store.runs.createRunning({ task_id: taskId, project, trigger: 'manual', at: now().toISOString(), rid: null });
    events.emit('run.started', { run });
    const sent = (async () => {
      await send(run);
      // The provider shows the new run within seconds: look soon rather than at the next poll.
      clock.setTimeout(() => void this.refresh(), 3000);
    })().catch((error: Error) => events.emit('run.finished', { run: store.runs.refuse(run.id, now().toISOString(), `${refused}: ${error.message}`) }));
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
    return run;
  }
}

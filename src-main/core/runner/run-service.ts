import type { Run, RunTrigger } from '../../common/models';
import { parseDuration } from '../duration';
import { notRunnableReason } from '../cloud/cloud-status';
import { UserError } from '../errors';
import type { ProjectRegistry } from '../projects/project-registry';
import type { LoadedProject } from '../projects/load-manifest';
import type { ManifestTask } from '../projects/manifest-schema';
import type { ExecuteContext } from './execute-context';
import { executeRun } from './execute-run';
import type { RunningProcess } from './spawn-process';
import { killGroup, processAlive } from './process-alive';
import type { CappedLog } from './capped-log';
import type { ResourcePool } from '../scheduler/resource-pool';
import type { Clock, ClockTimer } from '../clock';

/** Options for starting a run. */
export interface StartOptions {
  trigger: RunTrigger;
  scheduledFor?: Date | null;
  /** The upstream run's result, handed to the task as AGENT_OS_TRIGGER. */
  triggerPayload?: unknown;
  /** The upstream run whose result started this one. */
  triggeredBy?: number | null;
}

const POLL_MS = 200;

/** What the run service asks others about. */
export interface RunServiceLinks {
  /** The AGENT_OS_TRIGGER payload of a run triggered by `upstreamRunId` (the trigger engine's). */
  payloadFor: (upstreamRunId: number) => unknown;
  /** Resolves tasks owned by other schedulers that can still be run here (crontab entries), else null. */
  externalTask: (taskId: string) => { project: LoadedProject; task: ManifestTask } | null;
}

/**
 * Starts runs of command tasks, applies the overlap policy, schedules retries with exponential backoff
 * (each retry its own run) and lets callers wait for a run and its retries to end.
 */
export class RunService {
  private readonly live = new Map<number, RunningProcess>();
  private readonly logs = new Map<number, CappedLog>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly retryTimers = new Set<ClockTimer>();
  /** Runs queued or waiting for resources in this process, abortable. */
  private readonly waiting = new Map<number, AbortController>();
  private stopping = false;

  constructor(
    private readonly ctx: ExecuteContext,
    private readonly registry: ProjectRegistry,
    private readonly resources: ResourcePool,
    private readonly clock: Clock,
    private readonly links: RunServiceLinks,
  ) {
    ctx.onProcess = (id, proc, log) => {
      this.live.set(id, proc);
      this.logs.set(id, log);
    };
  }

  /** Resolves a "project/task" id to its loaded project and manifest task, or explains why it cannot run. */
  resolveTask(taskId: string): { project: LoadedProject; task: ManifestTask; name: string } {
    const [projectName, taskName, extra] = taskId.split('/');
    if (!projectName || !taskName || extra !== undefined) throw new UserError(`"${taskId}" is not a task id; write it as project/task`);
    const external = this.links.externalTask(taskId);
    if (external) return { ...external, name: taskName };
    const project = this.registry.get(projectName);
    if (!project) throw new UserError(`no project named "${projectName}"; see \`agent-os projects\` for the known ones`, 'not_found');
    if (!project.manifest) {
      const first = project.errors[0];
      throw new UserError(
        `project "${projectName}" has an invalid agent-os.yml (${project.errors.length} error(s), first: ${first?.path || 'file'}: ${first?.message ?? ''}); fix it and try again`,
      );
    }
    const task = project.manifest.tasks[taskName];
    if (!task)
      throw new UserError(
        `project "${projectName}" has no task "${taskName}"; it has: ${Object.keys(project.manifest.tasks).join(', ') || 'no tasks'}`,
        'not_found',
      );
    if (task.cloud) throw new UserError(`cannot run ${taskId} from Agent OS: ${notRunnableReason(task.cloud) ?? 'ask its provider'}`, 'conflict');
    if (task.command === undefined)
      throw new UserError(
        `task ${taskId} is not run by Agent OS (it is a ${task.launchd ? 'launchd' : task.heartbeat ? 'heartbeat' : 'cron'} task); Run now for it comes with its source`,
      );
    return { project, task, name: taskName };
  }

  /**
   * Queues a run and starts it (now, or after earlier runs for `overlap: queue`). With `detach`, only the
   * row is written and `detach` is asked to hand it to another process.
   */
  start(taskId: string, options: StartOptions, detach?: (run: Run) => number | null): Run {
    const { project, task } = this.resolveTask(taskId);
    // Nothing starts on a full disk (it could not record its end); the reason is the one clear line.
    this.ctx.disk?.assertSpace();
    try {
      return this.startRecorded(taskId, project, task, options, detach);
    } catch (error) {
      if (this.ctx.disk?.report(error)) this.ctx.disk.assertSpace();
      throw error;
    }
  }

  private startRecorded(taskId: string, project: LoadedProject, task: ManifestTask, options: StartOptions, detach?: (run: Run) => number | null): Run {
    const paused = this.ctx.store.catalog.task(taskId)?.paused ?? false;
    if (paused && options.trigger !== 'manual') throw new UserError(`task ${taskId} is paused; resume it first`, 'conflict');
    const active = this.ctx.store.runs.activeOfTask(taskId);
    const now = this.ctx.now().toISOString();
    const base = {
      task_id: taskId,
      project: project.name,
      trigger: options.trigger,
      scheduled_for: options.scheduledFor?.toISOString() ?? null,
      queued_at: now,
      triggered_by: options.triggeredBy ?? null,
    };
    if (active.length > 0 && task.overlap === 'skip') {
      const { queued_at: _queued, ...run } = base;
      const still = `run #${active[0]?.id ?? '?'} of this task is still ${active[0]?.status ?? 'running'}`;
      return this.ctx.store.runs.recordEnded(run, 'skipped', now, `skipped: ${still} (overlap: skip)`);
    }
    const run = this.ctx.store.runs.create({ ...base, status: 'queued', owner_pid: detach ? null : process.pid });
    this.ctx.events.emit('run.started', { run });
    if (detach) {
      const pid = detach(run);
      if (pid !== null) this.ctx.store.runs.claim(run.id, pid);
      return run;
    }
    this.launch(run, project, task, options.triggerPayload);
    return run;
  }

  /** Records a run that was asked for but could not start, as `skipped` with the reason. */
  recordSkipped(taskId: string, triggeredBy: number | null, reason: string): void {
    const now = this.ctx.now().toISOString();
    this.ctx.store.runs.recordEnded(
      { task_id: taskId, project: taskId.split('/')[0] ?? '', trigger: 'trigger', triggered_by: triggeredBy },
      'skipped',
      now,
      reason,
    );
  }

  /** Executes a run another process queued for us (the detached worker). */
  async executeQueued(runId: number): Promise<Run> {
    const run = this.ctx.store.runs.get(runId);
    if (!run || run.status !== 'queued') throw new UserError(`run ${runId} is not queued`);
    this.ctx.store.runs.claim(runId, process.pid);
    const { project, task } = this.resolveTask(run.task);
    // A triggered run queued for this worker gets its upstream result again from the database.
    this.launch(run, project, task, run.triggered_by ? this.links.payloadFor(run.triggered_by) : undefined);
    return this.waitForChain(runId);
  }

  private launch(run: Run, project: LoadedProject, task: ManifestTask, payload: unknown): void {
    const previous = task.overlap === 'queue' ? (this.chains.get(run.task) ?? Promise.resolve()) : Promise.resolve();
    const abort = new AbortController();
    this.waiting.set(run.id, abort);
    const execution = previous
      .catch(() => undefined)
      .then(async () => {
        if (abort.signal.aborted) return this.ctx.store.runs.get(run.id) as Run;
        let release = this.resources.tryAcquire(task.resources);
        if (!release) {
          this.ctx.store.runs.setStatus(run.id, 'waiting');
          this.ctx.events.emit('run.started', { run: this.ctx.store.runs.get(run.id) as Run });
          try {
            release = await this.resources.acquire(task.resources, abort.signal);
          } catch {
            return this.ctx.store.runs.get(run.id) as Run; // cancelled or stopped while waiting; already recorded
          }
        }
        this.waiting.delete(run.id);
        try {
          return await executeRun(this.ctx, run, project, task, payload);
        } finally {
          release();
        }
      })
      .then((ended) => {
        this.waiting.delete(run.id);
        this.live.delete(run.id);
        this.logs.delete(run.id);
        if (!this.stopping) this.maybeRetry(ended, task);
        return ended;
      });
    this.chains.set(run.task, execution);
    this.track(execution);
  }

  private maybeRetry(ended: Run, task: ManifestTask): void {
    if (ended.status !== 'failed' && ended.status !== 'timeout') return;
    if (ended.attempt >= task.retries) return;
    const delay = (parseDuration(task.retry_delay) ?? 30_000) * 2 ** ended.attempt;
    const now = this.ctx.now();
    const retry = this.ctx.store.runs.create({
      task_id: ended.task,
      project: ended.project,
      status: 'queued',
      trigger: 'retry',
      attempt: ended.attempt + 1,
      retry_of: ended.id,
      scheduled_for: new Date(now.getTime() + delay).toISOString(),
      queued_at: now.toISOString(),
      owner_pid: process.pid,
    });
    this.ctx.events.emit('run.started', { run: retry });
    const timer = this.clock.setTimeout(() => {
      this.retryTimers.delete(timer);
      try {
        const { project, task: current } = this.resolveTask(retry.task);
        this.launch(retry, project, current, undefined);
      } catch (error) {
        this.ctx.store.runs.refuse(retry.id, this.ctx.now().toISOString(), (error as Error).message);
      }
    }, delay);
    this.retryTimers.add(timer);
  }

  /** Waits until the run and any retries it caused have ended; resolves with the last of them. */
  async waitForChain(runId: number): Promise<Run> {
    let id = runId;
    for (;;) {
      const run = await this.waitForRun(id);
      const retry = this.ctx.store.runs.list({ task: run.task, limit: 20 }).find((r) => r.retry_of === run.id);
      if (!retry) return run;
      id = retry.id;
    }
  }

  private async waitForRun(runId: number): Promise<Run> {
    // Polling covers runs supervised by another process (a detached worker or a server) as well.
    for (;;) {
      const run = this.ctx.store.runs.get(runId);
      if (!run) throw new UserError(`no run with id ${runId}`, 'not_found');
      if (run.status !== 'queued' && run.status !== 'waiting' && run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** The newest output of a live run whose log went past its cap (null otherwise). */
  liveTail(runId: number): string | null {
    const log = this.logs.get(runId);
    return log?.spilled ? log.recentTail().slice(-16_384) : null;
  }

  /** Cancels a run this process supervises (its process group is killed) or one still queued for retry. */
  cancel(runId: number): Run {
    const run = this.ctx.store.runs.get(runId);
    if (!run) throw new UserError(`no run with id ${runId}`, 'not_found');
    const proc = this.live.get(runId);
    if (proc) {
      proc.cancel();
      return run;
    }
    if (run.status === 'queued' || run.status === 'waiting') {
      this.waiting.get(runId)?.abort();
      return this.closeCancelled(runId, 'cancelled before it started');
    }
    if (run.status === 'running') return this.cancelElsewhere(run);
    throw new UserError(`run ${runId} is ${run.status}; only queued, waiting or running runs can be cancelled`, 'conflict');
  }

  /**
   * A running run another process supervises, or whose supervisor is gone (a crash, a container restart):
   * a live owner's child is ended with its group (the owner then finds the run already closed); a dead
   * owner's run has nothing left to end. Either way it is closed now, never left `running`.
   */
  private cancelElsewhere(run: Run): Run {
    const owner = this.ctx.store.runs.ownership(run.id);
    const ownerAlive = owner?.owner_instance ? this.ctx.store.instance.alive(owner.owner_instance) : processAlive(owner?.owner_pid ?? null);
    const killed = ownerAlive && run.pid !== null && run.pid !== process.pid && processAlive(run.pid) && killGroup(run.pid, 'SIGTERM');
    return this.closeCancelled(
      run.id,
      ownerAlive ? `cancelled${killed ? '' : '; its process had already ended'}` : 'cancelled: the Agent OS process supervising it had ended',
    );
  }

  private closeCancelled(runId: number, reason: string): Run {
    const started = this.ctx.store.runs.get(runId)?.started_at;
    const now = this.ctx.now();
    this.ctx.store.runs.close(runId, 'cancelled', now.toISOString(), reason, started ? now.getTime() - Date.parse(started) : null);
    const ended = this.ctx.store.runs.get(runId) as Run;
    this.ctx.events.emit('run.finished', { run: ended });
    return ended;
  }

  /**
   * Stops: pending retries and waiting runs are closed as interrupted, live processes are killed with their
   * group and recorded as interrupted, and all of it is awaited, so no run is left `running`.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.retryTimers) timer.cancel();
    this.retryTimers.clear();
    const at = this.ctx.now().toISOString();
    for (const run of this.ctx.store.runs.allActive()) {
      if (run.owner_instance !== this.ctx.store.instance.id || this.live.has(run.id)) continue;
      this.waiting.get(run.id)?.abort();
      if (this.ctx.store.runs.close(run.id, 'interrupted', at, 'interrupted: Agent OS was stopped before it started')) {
        this.ctx.events.emit('run.finished', { run: this.ctx.store.runs.get(run.id) as Run });
      }
    }
    for (const proc of this.live.values()) proc.cancel('shutdown');
    await Promise.allSettled([...this.pending]);
  }

  /** Resolves when every run started by this process has ended. */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.retryTimers.size > 0) {
      await Promise.allSettled([...this.pending]);
      if (this.retryTimers.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    // A run that fails inside Agent OS is logged, never an unhandled rejection that ends the engine.
    void p
      .catch((error: unknown) => {
        if (!this.ctx.disk?.report(error)) this.ctx.log.error({ err: String(error) }, 'run bookkeeping failed');
      })
      .finally(() => this.pending.delete(p));
  }
}

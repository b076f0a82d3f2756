import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  defaultBranch,
  dispatchWorkflow,
  GithubFailure,
  workflowRuns,
  workflowRun,
  type GithubRun,
  type GithubTarget,
} from '../../../plugins/github-actions/github-api';
import { folderRepo } from '../../../plugins/github-actions/git-remote';
import type { Run, RunStatus } from '../../common/models';
import type { Logger } from '../app-log';
import type { Store } from '../db/store';
import { UserError } from '../errors';
import type { EventBus } from '../event-bus';
import type { HeartbeatMonitor } from '../monitor/heartbeat-monitor';
import type { ProjectRegistry } from '../projects/project-registry';
import type { CloudTask } from './cloud-tasks';

/** What the observer needs from config and the host. */
export interface GithubSettings {
  apiUrl: string;
  pollMs: number;
  /** Explicit "owner/repo" per project, for folders whose git remote does not say it. */
  repos: Record<string, string>;
  token: string | undefined;
}

/** Per task: what was last seen, so each look asks only for what is new. */
interface Seen {
  lastId: number | null;
  etag: string | null;
  /** GitHub run id -> our run id, for runs seen while still in progress. */
  open: Record<string, number>;
}

const FIRST_LOOK_PAGES = 3;
const PER_PAGE = 30;
const MAX_BACKOFF_MS = 3600_000;

/**
 * GitHub Actions as a source (SPEC §6): with the user's token, the runs of every scheduled workflow become
 * `external` runs (a failed conclusion alerts like any failed run, a run seen counts as the task's sign of
 * life), and Run now dispatches a workflow that has `workflow_dispatch`. Failures of the API (a refused token,
 * a rate limit, a private repository, GitHub down, no network) become a note on the task and a later look,
 * never a crash.
 */
export class GithubObserver {
  private timer: NodeJS.Timeout | undefined;
  private looking: Promise<void> | null = null;
  private readonly notes = new Map<string, string>();
  private readonly repos = new Map<string, Promise<string | null>>();
  private pausedUntil = 0;
  private backoffMs = 0;
  private stopped = false;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly registry: ProjectRegistry,
    private readonly monitor: HeartbeatMonitor,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly runLogsDir: string,
    private readonly settings: () => GithubSettings,
  ) {}

  start(): void {
    this.schedule(2000);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** What the last look said about a task, when it went wrong. */
  note(taskId: string): string | null {
    return this.notes.get(taskId) ?? null;
  }

  /** Looks at every observed workflow now; concurrent callers share one look. */
  refresh(): Promise<void> {
    this.looking ??= this.look().finally(() => (this.looking = null));
    return this.looking;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh().finally(() => this.schedule(this.nextDelay())), ms);
    this.timer.unref?.();
  }

  private nextDelay(): number {
    const poll = this.settings().pollMs;
    const paused = this.pausedUntil - this.now().getTime();
    return Math.max(poll, this.backoffMs, paused);
  }

  /** The workflows Agent OS can see (a token is set), with their project folder. */
  private tasks(): Array<{ id: string; dir: string; project: string; cloud: CloudTask }> {
    const out: Array<{ id: string; dir: string; project: string; cloud: CloudTask }> = [];
    for (const project of this.registry.all())
      for (const [name, task] of Object.entries(project.manifest?.tasks ?? {}))
        if (task.cloud?.provider === 'github_actions' && task.cloud.observed)
          out.push({ id: `${project.name}/${name}`, dir: project.dir, project: project.name, cloud: task.cloud });
    return out;
  }

  private async target(project: string, dir: string): Promise<GithubTarget> {
    const { apiUrl, token, repos } = this.settings();
    if (!token) throw new UserError('Agent OS has no GitHub token; set AGENT_OS_GITHUB_TOKEN');
    const explicit = repos[project];
    let repo: string | null = explicit ?? null;
    if (!repo) {
      if (!this.repos.has(dir)) this.repos.set(dir, folderRepo(dir));
      repo = await this.repos.get(dir)!;
    }
    if (!repo) throw new UserError(`no GitHub repository for ${dir}: it has no git remote "origin"; set github.repos.${project}: owner/repo in config.yml`);
    return { apiUrl, token, repo };
  }

  private async look(): Promise<void> {
    if (this.now().getTime() < this.pausedUntil) return;
    let failedOverall = false;
    const tasks = this.tasks();
    for (const task of tasks) {
      if (this.stopped) return;
      try {
        await this.lookAt(task);
        this.notes.delete(task.id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.notes.get(task.id) !== message) this.log.warn({ task: task.id, err: message }, 'github');
        this.notes.set(task.id, message);
        if (error instanceof GithubFailure && error.kind === 'rate_limited' && error.retryAt) {
          // Every other call would be refused too: no task is looked at until the reset, and each says so.
          this.pausedUntil = error.retryAt.getTime();
          for (const other of tasks) this.notes.set(other.id, message);
          return;
        }
        if (error instanceof GithubFailure && (error.kind === 'server' || error.kind === 'offline')) failedOverall = true;
      }
    }
    // GitHub down or no network: look again later and later (up to an hour); any success resets it.
    this.backoffMs = failedOverall ? Math.min(Math.max(this.backoffMs * 2, this.settings().pollMs), MAX_BACKOFF_MS) : 0;
  }

  private seen(taskId: string): Seen {
    return (JSON.parse(this.store.catalog.setting(`github:${taskId}`) ?? 'null') as Seen | null) ?? { lastId: null, etag: null, open: {} };
  }

  private async lookAt(task: { id: string; dir: string; project: string; cloud: CloudTask }): Promise<void> {
    const target = await this.target(task.project, task.dir);
    const seen = this.seen(task.id);
    const workflow = basename(task.cloud.file);
    const page = await workflowRuns(target, workflow, {
      afterId: seen.lastId,
      etag: seen.etag,
      maxPages: seen.lastId === null ? FIRST_LOOK_PAGES : 10,
      perPage: PER_PAGE,
    });
    // Runs seen in progress earlier are looked up one by one until they complete.
    const updates: GithubRun[] = [];
    for (const id of Object.keys(seen.open)) if (!page.runs.some((r) => r.id === Number(id))) updates.push(await workflowRun(target, Number(id)));
    const next: Seen = { lastId: seen.lastId, etag: page.etag, open: { ...seen.open } };
    for (const run of [...page.runs].reverse().concat(updates)) {
      this.record(task.id, task.project, run, next);
      next.lastId = Math.max(next.lastId ?? 0, run.id);
    }
    this.store.catalog.putSetting(`github:${task.id}`, JSON.stringify(next));
  }

  /** One GitHub run as our run: started, finished, or both at once. */
  private record(taskId: string, project: string, gh: GithubRun, seen: Seen): void {
    const rid = `github:${gh.id}`;
    // Ours already: seen running before, or started by Run now (its rid set from GitHub's answer, or not yet).
    const ours = seen.open[gh.id] ?? this.store.runs.openByRid(taskId, rid)?.id ?? this.claimDispatched(taskId, gh, seen);
    const started = gh.run_started_at ?? gh.created_at;
    if (gh.status !== 'completed') {
      if (ours !== undefined) {
        seen.open[gh.id] = ours;
        return;
      }
      const run = this.store.runs.createObserved({
        ...this.base(taskId, project, rid, started),
        status: 'running',
        finished_at: null,
        duration_ms: null,
        exit_code: null,
        error: null,
      });
      seen.open[gh.id] = run.id;
      this.writeLog(run.id, gh);
      this.events.emit('run.started', { run });
      return;
    }
    const { status, error } = outcome(gh);
    const end = {
      status,
      finished_at: gh.updated_at,
      duration_ms: Math.max(0, Date.parse(gh.updated_at) - Date.parse(started)),
      exit_code: null,
      signal: null,
      error,
    };
    let run: Run;
    if (ours !== undefined) {
      this.store.runs.finish(ours, end);
      delete seen.open[gh.id];
      run = this.store.runs.get(ours) as Run;
    } else {
      if (this.store.runs.byRid(taskId, rid)) return; // recorded already (a look interrupted before it saved)
      run = this.store.runs.createObserved({ ...this.base(taskId, project, rid, started), ...end });
    }
    this.writeLog(run.id, gh);
    if (status === 'success' || status === 'failed' || status === 'timeout')
      this.monitor.signOfLife(taskId, new Date(gh.updated_at), status === 'success', run.id, error);
    this.events.emit('run.finished', { run });
  }

  private base(taskId: string, project: string, rid: string, started: string) {
    return { task_id: taskId, project, trigger: 'external' as const, queued_at: started, started_at: started, rid, log_path: null };
  }

  /** A run Run now dispatched, still waiting for GitHub to show it: the first dispatch-started run is it. */
  private claimDispatched(taskId: string, gh: GithubRun, seen: Seen): number | undefined {
    if (gh.event !== 'workflow_dispatch') return undefined;
    // A minute's slack for the difference between this machine's clock and GitHub's.
    const claimed = new Set(Object.values(seen.open));
    const waiting = this.store.runs
      .activeOfTask(taskId)
      .find((r) => r.trigger === 'manual' && !claimed.has(r.id) && Date.parse(r.queued_at) - 60_000 <= Date.parse(gh.created_at));
    if (!waiting) return undefined;
    this.store.runs.setRid(waiting.id, `github:${gh.id}`);
    return waiting.id;
  }

  private writeLog(runId: number, gh: GithubRun): void {
    const file = join(this.runLogsDir, `${runId}.log`);
    const lines = [
      `GitHub Actions run #${gh.run_number}${gh.run_attempt && gh.run_attempt > 1 ? ` (attempt ${gh.run_attempt})` : ''}: ${gh.display_title ?? ''}`.trimEnd(),
      `event: ${gh.event}; branch: ${gh.head_branch ?? '?'}; commit: ${gh.head_sha.slice(0, 12)}`,
      `status: ${gh.status}${gh.conclusion ? `; conclusion: ${gh.conclusion}` : ''}`,
      `started: ${gh.run_started_at ?? gh.created_at}; updated: ${gh.updated_at}`,
      `logs and jobs: ${gh.html_url}`,
    ];
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    this.store.runs.setLogPath(runId, file);
  }

  /**
   * Run now: records a manual run at once and dispatches the workflow on the repository's default branch;
   * GitHub's run is then observed into it. A refused dispatch ends the run as failed with GitHub's words.
   */
  dispatch(taskId: string): Run {
    const [project = '', name = ''] = taskId.split('/');
    const loaded = this.registry.get(project);
    const cloud = loaded?.manifest?.tasks[name]?.cloud;
    if (!loaded || cloud?.provider !== 'github_actions') throw new UserError(`${taskId} is not a GitHub Actions task`, 'not_found');
    const at = this.now().toISOString();
    const run = this.store.runs.createRunning({ task_id: taskId, project, trigger: 'manual', at, rid: null });
    this.events.emit('run.started', { run });
    const sent = (async () => {
      const target = await this.target(project, loaded.dir);
      const ghId = await dispatchWorkflow(target, basename(cloud.file), await defaultBranch(target));
      if (ghId !== null) this.store.runs.setRid(run.id, `github:${ghId}`);
      // GitHub shows a dispatched run within seconds: look soon rather than at the next poll.
      setTimeout(() => void this.refresh(), 3000).unref?.();
    })().catch((error: Error) => {
      this.store.runs.finish(run.id, {
        status: 'failed',
        finished_at: this.now().toISOString(),
        duration_ms: 0,
        exit_code: null,
        signal: null,
        error: `could not dispatch: ${error.message}`,
      });
      this.events.emit('run.finished', { run: this.store.runs.get(run.id) as Run });
    });
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
    return run;
  }

  /** Resolves once every dispatch sent has been answered (a CLI engine waits for it before exiting). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** Our status for a completed GitHub run, and the sentence for one that did not succeed. */
function outcome(gh: GithubRun): { status: RunStatus; error: string | null } {
  const what = `GitHub Actions run #${gh.run_number} (${gh.event})`;
  switch (gh.conclusion) {
    case 'success':
      return { status: 'success', error: null };
    case 'cancelled':
      return { status: 'cancelled', error: `${what} was cancelled` };
    case 'skipped':
    case 'neutral':
    case 'stale':
      return { status: 'skipped', error: `${what} ended ${gh.conclusion}` };
    case 'timed_out':
      return { status: 'timeout', error: `${what} timed out: ${gh.html_url}` };
    default:
      return { status: 'failed', error: `${what} failed (conclusion: ${gh.conclusion ?? 'none'}): ${gh.html_url}` };
  }
}

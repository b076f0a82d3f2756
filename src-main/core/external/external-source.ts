import type { Clock, ClockTimer } from '../clock';
import { constants } from 'node:os';
import { EXTERNAL_SOURCES } from '../../../plugins/registry';
import type { Run } from '../../common/models';
import type { Logger } from '../app-log';
import type { Store } from '../db/store';
import { UserError } from '../errors';
import type { EventBus } from '../event-bus';
import type { ProjectRegistry } from '../projects/project-registry';
import { slug, type ExternalJob } from './external-job';
import { scanExternal, type ExternalScan } from './scan-external';
import { cronTaskId } from './cron-task-id';

/** Where unclaimed launchd and cron jobs are listed, so the schedule view really shows everything. */
export const UNASSIGNED = 'unassigned';
const REFRESH_MS = 30_000;

interface Observed {
  pid: number | null;
  lastExit: number | null;
  lastSignal: number | null;
  runs: number | null;
}

/**
 * launchd and crontab as sources: jobs are observed, claimed by manifests (`launchd:`, `cron:`,
 * `cron_match:`) or listed as unassigned, never taken over. Changes seen in a launchd job (a new pid,
 * a new exit status, more runs) become recorded `external` runs.
 */
export class ExternalSource {
  private jobs = new Map<string, ExternalJob>();
  private links = new Map<string, string>();
  private notes: string[] = [];
  private timer: ClockTimer | undefined;
  private refreshing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly registry: ProjectRegistry,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: () => { launchdDirs: string[]; env: NodeJS.ProcessEnv; cronDirs: string[] },
  ) {}

  start(): void {
    this.timer = this.clock.setInterval(() => void this.refresh(), REFRESH_MS);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** Resolves once a scan under way has ended (the engine closes its database after that). */
  settled(): Promise<void> {
    return this.refreshing ?? Promise.resolve();
  }

  /** Scans the machine again; concurrent callers share one scan. */
  refresh(): Promise<void> {
    this.refreshing ??= this.scan().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async scan(): Promise<void> {
    let found: ExternalScan;
    try {
      found = await scanExternal({ ...this.options(), now: this.clock.now() });
    } catch (error) {
      this.log.error({ err: String(error) }, 'external scan failed');
      return;
    }
    // The engine stopped while launchctl and crontab answered: its database may be closed by now.
    if (this.stopped) return;
    const claims = this.claims();
    const heartbeatKeys = new Map(this.store.catalog.tasks().flatMap((t) => (t.ping_key ? [[t.ping_key, t.id] as const] : [])));
    const jobs = new Map<string, ExternalJob>();
    const links = new Map<string, string>();
    for (const job of found.launchd) {
      const taskId = (job.label ? claims.launchd.get(job.label) : undefined) ?? `${UNASSIGNED}/launchd-${slug(job.label ?? job.title)}`;
      jobs.set(taskId, { ...job, taskId });
    }
    const unassignedCron = new Set<string>();
    for (const { entry, ...job } of found.cron) {
      const linked = entry.pingKey ? heartbeatKeys.get(entry.pingKey) : undefined;
      if (linked) {
        // A crontab line that pings a heartbeat is that heartbeat's schedule: shown on it, not unassigned.
        links.set(linked, `cron: ${entry.schedule} ${entry.command}`);
        continue;
      }
      const claimed = claims.cron.find((c) => c.matches(entry.schedule, entry.command));
      const taskId = claimed?.taskId ?? `${UNASSIGNED}/${cronTaskId(entry.source, entry.schedule, entry.command, unassignedCron)}`;
      if (!claimed) unassignedCron.add(taskId.slice(UNASSIGNED.length + 1));
      jobs.set(taskId, { ...job, taskId });
    }
    for (const job of jobs.values()) if (job.kind === 'launchd') this.observe(job);
    this.jobs = jobs;
    this.links = links;
    this.notes = found.notes;
    this.saveUnassigned();
  }

  /** Which manifest tasks claim which jobs. */
  private claims(): { launchd: Map<string, string>; cron: Array<{ taskId: string; matches: (schedule: string, command: string) => boolean }> } {
    const launchd = new Map<string, string>();
    const cron: Array<{ taskId: string; matches: (schedule: string, command: string) => boolean }> = [];
    const norm = (s: string): string => s.trim().replace(/\s+/g, ' ');
    for (const project of this.registry.all()) {
      for (const [name, task] of Object.entries(project.manifest?.tasks ?? {})) {
        const taskId = `${project.name}/${name}`;
        if (task.launchd) launchd.set(task.launchd, taskId);
        if (task.cron) {
          const line = norm(task.cron);
          cron.push({ taskId, matches: (schedule, command) => norm(`${schedule} ${command}`) === line });
        }
        if (task.cron_match) {
          const needle = task.cron_match;
          cron.push({ taskId, matches: (_s, command) => command.includes(needle) });
        }
      }
    }
    return { launchd, cron };
  }

  /** Records what changed in a launchd job since it was last seen as `external` runs. */
  private observe(job: ExternalJob): void {
    // An unreadable answer says nothing: it is neither recorded nor compared (no phantom runs after it).
    if (job.state === 'unknown') return;
    const key = `external:${job.taskId}`;
    const previous = JSON.parse(this.store.catalog.setting(key) ?? 'null') as Observed | null;
    const current: Observed = { pid: job.pid, lastExit: job.lastExit, lastSignal: job.lastSignal, runs: job.runs };
    this.store.catalog.putSetting(key, JSON.stringify(current));
    if (!previous) return;
    const project = job.taskId.split('/')[0] ?? UNASSIGNED;
    const at = this.clock.now().toISOString();
    const open = this.store.runs.activeOfTask(job.taskId).find((r) => r.trigger === 'external');
    if (current.pid !== null && current.pid !== previous.pid && !open) {
      this.startObservedRun(job.taskId);
      return;
    }
    const ended =
      current.pid === null &&
      (previous.pid !== null ||
        (current.runs ?? 0) > (previous.runs ?? 0) ||
        current.lastExit !== previous.lastExit ||
        current.lastSignal !== previous.lastSignal);
    if (!ended) return;
    const ok = current.lastExit === 0 && !current.lastSignal;
    const error = ok
      ? null
      : current.lastSignal
        ? `launchd: killed by ${signalName(current.lastSignal)}`
        : `launchd: exited with code ${String(current.lastExit)}`;
    const end = {
      status: ok ? ('success' as const) : ('failed' as const),
      finished_at: at,
      exit_code: current.lastExit,
      signal: current.lastSignal ? signalName(current.lastSignal) : null,
      error,
    };
    let run: Run;
    if (open) {
      this.store.runs.finish(open.id, { ...end, duration_ms: Date.parse(at) - Date.parse(open.started_at ?? at) });
      run = this.store.runs.get(open.id) as Run;
    } else {
      run = this.store.runs.createObserved({
        task_id: job.taskId,
        project,
        status: end.status,
        trigger: 'external',
        queued_at: at,
        started_at: at,
        finished_at: at,
        duration_ms: null,
        exit_code: end.exit_code,
        error,
        rid: null,
        log_path: null,
      });
    }
    this.events.emit('run.finished', { run });
  }

  /** Unassigned jobs are kept as tasks of the `unassigned` project, so runs and the schedule can name them. */
  private saveUnassigned(): void {
    const tasks = [...this.jobs.values()].filter((j) => j.taskId.startsWith(`${UNASSIGNED}/`));
    const at = this.clock.now().toISOString();
    if (tasks.length === 0) return this.store.catalog.removeProject(UNASSIGNED, at);
    this.store.catalog.saveProject(
      { name: UNASSIGNED, path: '', state: 'ok', errors: [] },
      tasks.map((j) => ({ id: j.taskId, name: j.taskId.slice(UNASSIGNED.length + 1), kind: j.kind, schedule: j.schedule })),
      at,
      false,
    );
  }

  job(taskId: string): ExternalJob | undefined {
    return this.jobs.get(taskId);
  }

  /** The crontab line that pings this heartbeat task, if any. */
  linkOf(taskId: string): string | undefined {
    return this.links.get(taskId);
  }

  unassigned(): ExternalJob[] {
    return [...this.jobs.values()].filter((j) => j.taskId.startsWith(`${UNASSIGNED}/`));
  }

  all(): ExternalJob[] {
    return [...this.jobs.values()];
  }

  sourceNotes(): string[] {
    return this.notes;
  }

  /** Records that a launchd job is running (seen, or just kickstarted); the next looks close it. */
  startObservedRun(taskId: string): Run {
    const at = this.clock.now().toISOString();
    const run = this.store.runs.createRunning({ task_id: taskId, project: taskId.split('/')[0] ?? UNASSIGNED, trigger: 'external', at, rid: null });
    this.events.emit('run.started', { run });
    return run;
  }

  /** Run now for a launchd job: `launchctl kickstart -k gui/<uid>/<label>`; the run is then observed. */
  async kickstart(taskId: string): Promise<void> {
    const job = this.jobs.get(taskId);
    if (!job?.label) throw new UserError(`no launchd job for ${taskId}; is it loaded (launchctl list)?`, 'not_found');
    const source = EXTERNAL_SOURCES.find((s) => s.kind === job.kind);
    if (!source?.start) throw new UserError(`cannot run ${taskId} now: ${job.kind} cannot start a job on request`, 'conflict');
    await source.start(job, this.options().env).catch((error: Error) => {
      throw new UserError(error.message.startsWith('launchctl') ? error.message : `cannot run ${taskId} now: ${error.message}`, 'conflict');
    });
  }
}

function signalName(n: number): string {
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0] ?? `signal ${n}`;
}

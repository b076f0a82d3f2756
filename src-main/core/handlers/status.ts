import type { ConfigError, ProjectInfo, Run, RunStatus, StatusReport, TaskState, TaskStatus } from '../../common/models';
import type { HeartbeatRow } from '../db/heartbeats-repo';
import type { TaskRow } from '../db/catalog-repo';
import type { Store } from '../db/store';
import type { ProjectRegistry } from '../projects/project-registry';
import { nextFireAfter, specSignature } from '../scheduler/next-fire';
import { commandTaskState } from '../task-state';
import type { ExternalJob } from '../external/external-job';
import { UNASSIGNED, type ExternalSource } from '../external/external-source';
import { PINGED_KINDS } from '../db/catalog-repo';
import { cloudInfo, cloudNote, pingHint } from '../cloud/cloud-status';
import { expectedAfter } from '../monitor/heartbeat-spec';
import type { CloudSchedule } from '../cloud/cloud-job';

const HEALTH_STATUSES = new Set(['success', 'failed', 'timeout', 'interrupted', 'missed']);

/** What describing a task needs besides the store. */
export interface StatusContext {
  store: Store;
  registry: ProjectRegistry;
  pausedAll: boolean;
  now: Date;
  /** Base URL of the ping endpoint, e.g. http://127.0.0.1:7317. */
  pingBase: string;
  /** launchd and cron jobs as last observed. */
  external?: ExternalSource;
  /** What the cloud observer last had to say about a cloud task (a refused token, a rate limit). */
  cloudNotes?: (taskId: string) => string | null;
}

/** The `status --json` document: every project with its tasks' state, last run and next run. */
export function buildStatus(ctx: StatusContext, configErrors: ConfigError[]): StatusReport {
  const rows = new Map(ctx.store.catalog.tasks().map((t) => [t.id, t]));
  const previews: Previews = [];
  const flags = alertFlags(ctx);
  const projects = ctx.registry.list().map((project) => ({
    name: project.name,
    path: project.path,
    state: project.state,
    errors: project.errors,
    tasks: project.tasks.map((id) => ({ ...describeTask(ctx, project, id, rows.get(id) ?? null, previews), ...flags.get(id) })),
    health: ctx.store.health.latest(project.name),
  }));
  if (previews.length > 0) ctx.store.catalog.savePreviews(previews);
  const unassigned = ctx.external?.unassigned() ?? [];
  if (unassigned.length > 0) {
    projects.push({
      name: UNASSIGNED,
      path: '',
      state: 'ok',
      errors: [],
      tasks: unassigned.map((job) => externalTask(ctx, job, rows.get(job.taskId) ?? null)),
      health: null,
    });
  }
  return { projects, config_errors: configErrors, paused_all: ctx.pausedAll };
}

type Previews = Array<{ id: string; at: string | null; sig: string | null }>;
type AlertFlags = Pick<TaskStatus, 'depends_on' | 'muted_by' | 'flapping'>;

/**
 * What the alert rules hold for each task, read in one query: its upstreams, the upstream its alert is
 * folded into, and whether it flaps. Only tasks with something to say get an entry (the JSON stays small).
 */
function alertFlags(ctx: StatusContext): Map<string, AlertFlags> {
  const out = new Map<string, AlertFlags>();
  const entry = (id: string): AlertFlags => out.get(id) ?? (out.set(id, {}).get(id) as AlertFlags);
  for (const [id, upstreams] of ctx.registry.upstreams) entry(id).depends_on = upstreams;
  for (const row of ctx.store.alerts.taskFlags()) {
    if (row.kind === 'flapping' || row.into_kind === 'flapping') entry(row.subject).flapping = true;
    else if (row.into_subject !== null) entry(row.subject).muted_by = row.into_subject;
  }
  return out;
}

/** One task's row of `status --json`. */
export function describeTask(ctx: StatusContext, project: ProjectInfo, id: string, row: TaskRow | null, previews?: Previews): TaskStatus {
  const { store } = ctx;
  const last = store.runs.lastOfTask(id);
  const active = last && isActive(last) ? store.runs.activeStatuses(id) : new Set<RunStatus>();
  const lastFinished = last && HEALTH_STATUSES.has(last.status) ? last : last ? lastHealthRun(store, id) : null;
  // An invalid manifest keeps its last good tasks, not scheduled until it is fixed: shown as paused.
  const held = (row?.paused ?? false) || ctx.pausedAll || project.state === 'invalid';
  const base = { id, kind: row?.kind ?? 'command', paused: row?.paused ?? false, schedule: row?.schedule ?? null, last_run: last } as const;
  const job = ctx.external?.job(id);
  if (job && (row?.kind === 'launchd' || row?.kind === 'cron')) return externalTask(ctx, job, row, held);
  if ((row?.kind === 'launchd' || row?.kind === 'cron') && ctx.external) {
    return {
      ...base,
      state: 'unknown',
      next_run: null,
      note: `no ${row.kind} job matches this task on this machine; check the ${row.kind === 'launchd' ? 'label' : 'crontab line'}`,
    };
  }
  if (row && PINGED_KINDS.has(row.kind)) {
    const hb = store.heartbeats.get(id);
    const pingUrl = row.ping_key ? `${ctx.pingBase}/ping/${row.ping_key}` : undefined;
    const heartbeat: TaskStatus = {
      ...base,
      state: held ? 'paused' : heartbeatState(hb, active),
      next_run: hb?.late_at ?? null,
      ping_url: pingUrl,
      linked: ctx.external?.linkOf(id),
    };
    const cloud = ctx.registry.get(project.name)?.manifest?.tasks[id.slice(project.name.length + 1)]?.cloud;
    if (!cloud) return heartbeat;
    return {
      ...heartbeat,
      // A run in progress shows, as for a command task (a rerun of a failing workflow is running).
      state: held ? 'paused' : active.has('running') ? 'running' : heartbeat.state,
      // Its crons, not the next expected ping: a cloud task's schedule is what it declares.
      next_run: held ? null : nextCloudRun(cloud.schedules, ctx.now),
      cloud: cloudInfo(cloud),
      ping_hint: pingUrl ? pingHint(cloud, pingUrl) : undefined,
      note: cloudNote(cloud, Boolean(hb?.last_ping_at), ctx.cloudNotes?.(id) ?? null),
    };
  }
  const retry = last?.status === 'queued' && last.trigger === 'retry' && last.scheduled_for ? last : null;
  const retries = retry ? (ctx.registry.get(project.name)?.manifest?.tasks[id.slice(project.name.length + 1)]?.retries ?? retry.attempt) : 0;
  const command = ctx.registry.get(project.name)?.manifest?.tasks[id.slice(project.name.length + 1)]?.command;
  return {
    ...base,
    ...(command === undefined ? {} : { command: typeof command === 'string' ? command : command.join(' ') }),
    state: commandTaskState(held, active, lastFinished),
    next_run: project.state === 'invalid' ? null : (row?.next_run_at ?? previewNextRun(ctx, id, row, previews)),
    ...(retry?.scheduled_for
      ? { retry: { attempt: retry.attempt, of: Math.max(retries, retry.attempt), at: retry.scheduled_for, error: lastFinished?.error ?? null } }
      : {}),
  };
}

/** Heartbeat monitor state -> task state (SPEC §6: `up` is reported as `ok`). */
function heartbeatState(hb: HeartbeatRow | null, active: ReadonlySet<RunStatus>): TaskState {
  if (!hb) return 'never';
  if (hb.state === 'paused') return 'paused';
  // A heartbeat that reported a failure stays failing while its next run is under way (a new /start is no
  // recovery, and calling it down would raise a second alert about the same failure).
  if (hb.state === 'down') return hb.last_status === 'failed' && (hb.started_run_id === null || active.has('running')) ? 'failing' : 'down';
  if (hb.state === 'late') return 'late';
  if (active.has('running')) return 'running';
  return hb.state === 'up' ? 'ok' : 'never';
}

function isActive(run: Run): boolean {
  return run.status === 'queued' || run.status === 'waiting' || run.status === 'running';
}

function lastHealthRun(store: Store, taskId: string): Run | null {
  return store.runs.lastHealthOfTask(taskId);
}

/**
 * Next fire time from the manifest, for tasks no engine has scheduled yet (no serve running). Parsing cron
 * for every task on every `status` is the slow part of a CLI call, so the answer is kept (display only;
 * the scheduler never reads it) until that time passes or the schedule changes.
 */
function previewNextRun(ctx: StatusContext, taskId: string, row: TaskRow | null, previews?: Previews): string | null {
  const [projectName = '', taskName = ''] = taskId.split('/');
  const task = ctx.registry.get(projectName)?.manifest?.tasks[taskName];
  if (!task || task.command === undefined) return null;
  const spec = { cron: task.schedule, every: task.every, timezone: task.timezone };
  const sig = specSignature(spec);
  if (sig === null) return null;
  if (row?.preview_sig === sig && row.preview_next_at && row.preview_next_at > ctx.now.toISOString()) return row.preview_next_at;
  const at = nextFireAfter(spec, ctx.now)?.toISOString() ?? null;
  previews?.push({ id: taskId, at, sig });
  return at;
}

/** A launchd or cron job as a task row: its state comes from the source, its last run from our records. */
function externalTask(ctx: StatusContext, job: ExternalJob, row: TaskRow | null, held = false): TaskStatus {
  const lastRun = ctx.store.runs.lastOfTask(job.taskId);
  // Cron reports nothing about its runs: a crontab task's health comes from the runs Agent OS made of it.
  const lastHealth = job.kind === 'cron' ? ctx.store.runs.lastHealthOfTask(job.taskId) : null;
  const state = lastHealth
    ? commandTaskState(held, ctx.store.runs.activeStatuses(job.taskId), lastHealth)
    : held && job.state !== 'running'
      ? 'paused'
      : job.state;
  return {
    id: job.taskId,
    kind: job.kind,
    state,
    paused: row?.paused ?? false,
    schedule: job.schedule,
    last_run: lastRun,
    next_run: job.nextRun,
    note: job.note,
    log_paths: job.logPaths.length ? job.logPaths : undefined,
  };
}

/** The next time any of a cloud task's crons fires, each in its zone. */
function nextCloudRun(schedules: readonly CloudSchedule[], now: Date): string | null {
  return (
    expectedAfter(
      { schedules: schedules.map((s) => ({ ...s, cron: s.runsAs ?? s.cron })), graceMs: 0, grace: '0s', armed: true, startGraceMs: null },
      now,
    )?.toISOString() ?? null
  );
}

import type { Clock, ClockTimer } from '../clock';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../common/models';
import type { Logger } from '../app-log';
import type { HeartbeatRow } from '../db/heartbeats-repo';
import { PINGED_KINDS } from '../db/catalog-repo';
import type { Store } from '../db/store';
import { UserError } from '../errors';
import type { EventBus } from '../event-bus';
import { loadProjectEnv } from '../projects/env-files';
import type { ProjectRegistry } from '../projects/project-registry';
import { createRedactor, secretValues } from '../runner/redactor';
import { formatSize } from '../size';
import { formatDuration } from '../../common/pure/time-text';
import { tooShort, tooSoon } from '../runner/run-outcome';
import { deadlines, heartbeatSignature, heartbeatSpec, silenceText, type HeartbeatSpec } from './heartbeat-spec';

/** A ping as the HTTP adapter or `agent-os ping` hands it over. */
export interface PingInput {
  kind: 'success' | 'start' | 'fail' | 'exit' | 'log';
  exitStatus?: number;
  rid?: string;
  body?: Buffer;
  source?: string;
}

/** The most of a ping body kept as the run's log (SPEC §6). */
export const PING_BODY_LIMIT = 100 * 1024;
const CHECK_MS = 1000;

/**
 * Heartbeat monitor, healthchecks.io semantics: pings become runs, and new | up | late | down | paused is
 * computed from persisted deadlines. Every transition is claimed by an UPDATE that must change one row and
 * recorded once in state_changes.
 */
export class HeartbeatMonitor {
  private timer: ClockTimer | undefined;

  constructor(
    private readonly store: Store,
    private readonly registry: ProjectRegistry,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly runLogsDir: string,
    /** Called after a task's monitor state moved (for task.state events). */
    private readonly onStateChange: (taskId: string) => void,
  ) {}

  start(): void {
    this.sync();
    this.check();
    this.timer = this.clock.setInterval(() => this.check(), CHECK_MS);
  }

  stop(): void {
    this.timer?.cancel();
  }

  private cachedSpecs: { version: number; specs: Map<string, HeartbeatSpec> } | null = null;

  /** Heartbeat specs by task id, recomputed only after the projects were (re)loaded: pings are hot. */
  private specs(): Map<string, HeartbeatSpec> {
    if (this.cachedSpecs?.version === this.registry.version) return this.cachedSpecs.specs;
    const out = new Map<string, HeartbeatSpec>();
    for (const project of this.registry.all()) {
      for (const [name, task] of Object.entries(project.manifest?.tasks ?? {})) {
        const spec = heartbeatSpec(task);
        if (spec) out.set(`${project.name}/${name}`, spec);
      }
    }
    this.cachedSpecs = { version: this.registry.version, specs: out };
    return out;
  }

  /** Creates monitor rows for new heartbeat tasks; a never-pinged one is due from when it was first seen. */
  sync(): void {
    for (const [id, spec] of this.specs()) {
      const task = this.store.catalog.task(id);
      if (!task) continue;
      const sig = heartbeatSignature(spec);
      // Deadlines are computed only for a new row or a changed spec: cron parsing is the costly part.
      // An unarmed cloud task gets deadlines only from its first ping (or once its runs can be seen).
      const due = (from: string | null): { late_at: string | null; down_at: string | null } =>
        spec.armed || from !== null ? deadlines(spec, new Date(from ?? task.first_seen_at)) : { late_at: null, down_at: null };
      const row = this.store.heartbeats.get(id) ?? this.store.heartbeats.ensure({ task_id: id, ...due(null), spec_sig: sig });
      if (row.spec_sig !== sig) {
        this.store.heartbeats.save({ ...row, ...due(row.last_ping_at), spec_sig: sig });
      }
      if (task.paused && row.state !== 'paused') this.move(row, 'paused', null, 'paused by the user');
    }
  }

  /** Records a ping for the task owning `key`. Unknown key: a not_found UserError (HTTP 404). */
  ping(key: string, input: PingInput): { run_id: number | null; task: string } {
    const task = this.store.catalog.taskByPingKey(key);
    const spec = task ? this.specs().get(task.id) : undefined;
    if (!task || !spec) throw new UserError('no heartbeat with this ping key; copy the ping URL from `agent-os status`', 'not_found');
    const now = this.clock.now();
    const at = now.toISOString();
    const success = input.kind === 'success' || (input.kind === 'exit' && input.exitStatus === 0);
    const events: Array<['run.started' | 'run.finished', Run]> = [];
    const runId = this.store.transaction(() => {
      let row =
        this.store.heartbeats.get(task.id) ?? this.store.heartbeats.ensure({ task_id: task.id, ...deadlines(spec, now), spec_sig: heartbeatSignature(spec) });
      if (row.state === 'paused' && input.kind !== 'log') {
        // As on healthchecks.io, a ping resumes a paused check.
        this.store.catalog.setPaused(task.id, false);
      }
      let run: Run | null = null;
      if (input.kind === 'start') {
        run = this.store.runs.createRunning({ task_id: task.id, project: task.project, trigger: 'heartbeat', at, rid: input.rid ?? null });
        events.push(['run.started', run]);
        if (spec.startGraceMs !== null) {
          // start_grace (healthchecks #910): the started run has its own deadline, in place of the schedule's.
          const endBy = new Date(now.getTime() + spec.startGraceMs).toISOString();
          row = { ...row, started_run_id: run.id, late_at: endBy, down_at: endBy };
        } else {
          // A start with no end within grace is down.
          const downAt = new Date(now.getTime() + spec.graceMs).toISOString();
          row = { ...row, started_run_id: run.id, down_at: row.down_at && row.down_at < downAt && row.state !== 'paused' ? row.down_at : downAt };
        }
        if (row.state === 'paused') row = { ...row, state: 'new' };
        this.store.heartbeats.save(row);
      } else if (input.kind !== 'log') {
        const open =
          (input.rid ? this.store.runs.openByRid(task.id, input.rid) : null) ?? (row.started_run_id && !input.rid ? this.openRun(row.started_run_id) : null);
        const duration = open ? now.getTime() - Date.parse(open.started_at ?? at) : null;
        // A success that came too soon (min_interval) or ended too soon after its /start (min_duration) fails.
        const tooFast = success
          ? ((duration !== null ? tooShort(duration, spec.minDuration) : null) ??
            tooSoon(row.last_ping_at ? now.getTime() - Date.parse(row.last_ping_at) : null, spec.minInterval))
          : null;
        const ok = success && tooFast === null;
        const status = ok ? 'success' : 'failed';
        const exitCode = input.kind === 'exit' ? (input.exitStatus ?? null) : input.kind === 'fail' ? null : 0;
        const error = ok ? null : (tooFast ?? (input.kind === 'exit' ? `reported exit status ${String(input.exitStatus)}` : 'reported failure (/fail ping)'));
        if (open && duration !== null) {
          this.store.runs.finish(open.id, { status, finished_at: at, duration_ms: duration, exit_code: exitCode, signal: null, error });
          run = this.store.runs.get(open.id) as Run;
        } else {
          run = this.store.runs.createObserved({
            task_id: task.id,
            project: task.project,
            status,
            trigger: 'heartbeat',
            queued_at: at,
            started_at: at,
            finished_at: at,
            duration_ms: 0,
            exit_code: exitCode,
            error,
            rid: input.rid ?? null,
            log_path: null,
          });
        }
        events.push(['run.finished', run]);
        // A failure report is down at once (healthchecks.io); a success is up with fresh deadlines.
        const to = ok ? 'up' : 'down';
        const stillStarted = open && open.id === row.started_run_id ? null : row.started_run_id;
        this.store.heartbeats.save({ ...row, ...deadlines(spec, now), state: to, last_ping_at: at, last_status: status, started_run_id: stillStarted });
        if (row.state !== to) this.store.heartbeats.recordChange(task.id, row.state, to, at, run.id, error);
      } else if (row.started_run_id) {
        run = this.openRun(row.started_run_id);
      }
      this.store.heartbeats.recordPing({
        task_id: task.id,
        kind: input.kind,
        exit_status: input.exitStatus ?? null,
        rid: input.rid ?? null,
        run_id: run?.id ?? null,
        at,
        body_bytes: input.body?.length ?? 0,
        source: input.source ?? null,
      });
      return run?.id ?? null;
    });
    if (runId !== null && input.body && input.body.length > 0) this.writeBody(task.project, runId, input.body, input.kind === 'log');
    for (const [name, run] of events) this.events.emit(name, { run: this.store.runs.get(run.id) ?? run });
    return { run_id: runId, task: task.id };
  }

  private openRun(id: number): Run | null {
    const run = this.store.runs.get(id);
    return run && run.status === 'running' ? run : null;
  }

  private writeBody(project: string, runId: number, body: Buffer, append: boolean): void {
    const loaded = this.registry.get(project);
    const env = loaded?.manifest ? loadProjectEnv(loaded.dir, loaded.manifest).vars : {};
    const redactor = createRedactor(secretValues(env));
    const kept = body.subarray(0, PING_BODY_LIMIT).toString('utf8');
    const cut =
      body.length > PING_BODY_LIMIT
        ? `\n[agent-os: ${formatSize(body.length - PING_BODY_LIMIT)} of the ping body cut; the first ${formatSize(PING_BODY_LIMIT)} are kept]\n`
        : '';
    const file = join(this.runLogsDir, `${runId}.log`);
    const text = redactor.redact(kept) + cut;
    if (append) appendFileSync(file, `${text}\n`, { mode: 0o600 });
    else writeFileSync(file, text, { mode: 0o600 });
    this.store.runs.setLogPath(runId, file);
  }

  /** Applies every deadline that has passed: late, then down; an unfinished start goes down after grace. */
  check(): void {
    const now = this.clock.now();
    const at = now.toISOString();
    for (const row of this.store.heartbeats.due(at)) {
      try {
        if (row.down_at && row.down_at <= at) {
          const spec = this.specs().get(row.task_id);
          const startGrace = spec?.startGraceMs ?? null;
          const detail =
            row.started_run_id && this.openRun(row.started_run_id)
              ? `started but sent no end ping within ${startGrace !== null ? `start_grace (${formatDuration(startGrace)})` : 'grace'}`
              : spec
                ? silenceText(spec, row.last_ping_at ? new Date(row.last_ping_at) : null, now, formatDuration)
                : 'no ping within the expected time plus grace';
          this.move(row, 'down', row.started_run_id, detail);
          if (row.started_run_id && this.openRun(row.started_run_id)) {
            this.store.runs.close(row.started_run_id, 'timeout', at, `timeout: ${detail}`);
            this.events.emit('run.finished', { run: this.store.runs.get(row.started_run_id) as Run });
          }
        } else if (row.late_at && row.late_at <= at && (row.state === 'new' || row.state === 'up')) {
          this.move(row, 'late', null, 'the expected ping is overdue; within grace');
        }
      } catch (error) {
        this.log.error({ task: row.task_id, err: String(error) }, 'heartbeat check failed');
      }
    }
  }

  private move(row: HeartbeatRow, to: HeartbeatRow['state'], runId: number | null, detail: string): void {
    if (!this.store.heartbeats.transition(row.task_id, row.state, to)) return;
    this.store.heartbeats.recordChange(row.task_id, row.state, to, this.clock.now().toISOString(), runId, detail);
    this.onStateChange(row.task_id);
  }

  /**
   * A run seen at its provider (a cloud task's finished run): like an end ping at `at`, up with fresh
   * deadlines or down on a failure, recorded once as a state change.
   */
  signOfLife(taskId: string, at: Date, success: boolean, runId: number, error: string | null): void {
    const spec = this.specs().get(taskId);
    if (!spec) return;
    const iso = at.toISOString();
    const moved = this.store.transaction(() => {
      const row =
        this.store.heartbeats.get(taskId) ?? this.store.heartbeats.ensure({ task_id: taskId, ...deadlines(spec, at), spec_sig: heartbeatSignature(spec) });
      // An older run seen late (a first look at the history) does not undo a newer one.
      if (row.last_ping_at && row.last_ping_at > iso) return false;
      const to = success ? 'up' : 'down';
      this.store.heartbeats.save({
        ...row,
        ...deadlines(spec, at),
        state: row.state === 'paused' ? 'paused' : to,
        last_ping_at: iso,
        last_status: success ? 'success' : 'failed',
      });
      if (row.state !== to && row.state !== 'paused') this.store.heartbeats.recordChange(taskId, row.state, to, iso, runId, error);
      return row.state !== to;
    });
    if (moved) this.onStateChange(taskId);
  }

  /** The ping key of a heartbeat task, for `agent-os ping project/task`; other tasks take no pings. */
  pingKeyOf(taskId: string): string {
    const row = this.store.catalog.task(taskId);
    if (!row) throw new UserError(`no heartbeat task "${taskId}"; see \`agent-os status\``, 'not_found');
    if (!row.ping_key) throw new UserError(`task ${taskId} is a ${row.kind} task, not a heartbeat; only heartbeat tasks take pings`, 'invalid');
    return row.ping_key;
  }

  /** Until when an alert on a task that failed at `at` holds: a pinged task proves it is still down at its next deadline; any other is still failing now. */
  releaseAfter(taskId: string, at: Date): Date | null {
    return PINGED_KINDS.has(this.store.catalog.task(taskId)?.kind ?? 'command') ? this.downDeadline(taskId, at) : at;
  }

  /** When a heartbeat heard of at `from` is down at the latest (its deadline plus grace), or null. */
  downDeadline(taskId: string, from: Date): Date | null {
    const spec = this.specs().get(taskId);
    const downAt = spec ? deadlines(spec, from).down_at : null;
    return downAt ? new Date(downAt) : null;
  }

  /** Pausing stops late/down; resuming counts the next deadline from now. */
  setPaused(taskId: string, paused: boolean): void {
    const row = this.store.heartbeats.get(taskId);
    const spec = this.specs().get(taskId);
    if (!row || !spec) return;
    if (paused) this.move(row, 'paused', null, 'paused by the user');
    else if (row.state === 'paused') {
      this.store.heartbeats.save({ ...row, ...deadlines(spec, this.clock.now()) });
      this.move(row, 'new', null, 'resumed by the user');
    }
  }
}

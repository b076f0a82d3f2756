import type { Run, RunStatus, RunTrigger } from '../../common/models';
import type { Db } from './open-database';

/** A run as stored: the API's Run with `task_id` for `task`, plus what only the engine needs. */
type RunRow = Omit<Run, 'task'> & { task_id: string; owner_pid: number | null; owner_instance: string | null; log_path: string | null };

/** Statuses of a run that has not ended. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'waiting', 'running'];

/** Fields set when a run ends. */
export interface RunEnd {
  status: RunStatus;
  finished_at: string;
  duration_ms: number | null;
  exit_code: number | null;
  signal: string | null;
  error: string | null;
}

/** A run as it is first recorded. */
export interface NewRun {
  task_id: string;
  project: string;
  status: RunStatus;
  trigger: RunTrigger;
  attempt?: number;
  retry_of?: number | null;
  scheduled_for?: string | null;
  queued_at: string;
  owner_pid?: number | null;
  triggered_by?: number | null;
}

/** Filters for listing runs, newest first. */
export interface RunFilter {
  project?: string;
  task?: string;
  status?: RunStatus;
  limit?: number;
  before_id?: number;
}

const toRun = (row: RunRow): Run => ({
  id: row.id,
  task: row.task_id,
  project: row.project,
  status: row.status,
  trigger: row.trigger,
  attempt: row.attempt,
  retry_of: row.retry_of,
  scheduled_for: row.scheduled_for,
  queued_at: row.queued_at,
  started_at: row.started_at,
  finished_at: row.finished_at,
  duration_ms: row.duration_ms,
  exit_code: row.exit_code,
  signal: row.signal,
  error: row.error,
  pid: row.pid,
  triggered_by: row.triggered_by,
});

/** Who supervises an unfinished run: the engine instance (one per process start) and, as information, its pid. */
export interface RunOwner {
  owner_pid: number | null;
  owner_instance: string | null;
}

/**
 * Queries on the runs table. `instance` is this process's engine instance: every run this process creates
 * as its own, claims or starts is stamped with it (SPEC §12 Ownership), not only with a pid that a reboot
 * or a container restart hands to someone else.
 */
export function runsRepo(db: Db, instance: string) {
  const insert = db.prepare(
    `INSERT INTO runs (task_id, project, status, trigger, attempt, retry_of, scheduled_for, queued_at, owner_pid, owner_instance, triggered_by)
     VALUES (@task_id, @project, @status, @trigger, @attempt, @retry_of, @scheduled_for, @queued_at, @owner_pid, @owner_instance, @triggered_by)`,
  );
  const byId = db.prepare('SELECT * FROM runs WHERE id = ?');
  const lastOfTask = db.prepare(`SELECT * FROM runs WHERE task_id = ? AND status NOT IN ('skipped') ORDER BY id DESC LIMIT 1`);
  // The runs that say something about a task's health (not skipped, cancelled or still going).
  const lastHealthOfTask = db.prepare(
    `SELECT * FROM runs WHERE task_id = ? AND status IN ('success','failed','timeout','interrupted','missed') ORDER BY id DESC LIMIT 1`,
  );
  const activeOfTask = db.prepare(`SELECT * FROM runs WHERE task_id = ? AND status IN ('queued','waiting','running') ORDER BY id`);
  const activeStatuses = db.prepare(
    `SELECT DISTINCT status FROM runs INDEXED BY runs_task_status_active WHERE task_id = ? AND status IN ('queued','waiting','running')`,
  );
  const allActive = db.prepare(`SELECT * FROM runs WHERE status IN ('queued','waiting','running') ORDER BY id`);
  const setStarted = db.prepare(`UPDATE runs SET status = 'running', started_at = ?, pid = ?, owner_pid = ?, owner_instance = ?, log_path = ? WHERE id = ?`);
  const setStatus = db.prepare('UPDATE runs SET status = ? WHERE id = ?');
  const setOwner = db.prepare("UPDATE runs SET owner_pid = ?, owner_instance = ? WHERE id = ? AND status IN ('queued','waiting')");
  const setEnd = db.prepare(
    `UPDATE runs SET status = @status, finished_at = @finished_at, duration_ms = @duration_ms, exit_code = @exit_code,
       signal = @signal, error = @error WHERE id = @id AND status IN ('queued','waiting','running')`,
  );
  const logPath = db.prepare('SELECT log_path FROM runs WHERE id = ?');
  // One prepared statement per filter combination (at most 16).
  const listStatements = new Map<string, ReturnType<Db['prepare']>>();
  const insertObserved = db.prepare(
    `INSERT INTO runs (task_id, project, status, trigger, queued_at, started_at, finished_at, duration_ms, exit_code, error, rid, log_path)
     VALUES (@task_id, @project, @status, @trigger, @queued_at, @started_at, @finished_at, @duration_ms, @exit_code, @error, @rid, @log_path)`,
  );
  const openByRid = db.prepare(`SELECT * FROM runs WHERE task_id = ? AND rid = ? AND status = 'running' ORDER BY id DESC LIMIT 1`);
  const setLogPath = db.prepare('UPDATE runs SET log_path = ? WHERE id = ?');
  const byRid = db.prepare('SELECT * FROM runs WHERE task_id = ? AND rid = ? ORDER BY id DESC LIMIT 1');
  const setRid = db.prepare('UPDATE runs SET rid = ? WHERE id = ?');
  const missedBetween = db.prepare(`SELECT * FROM runs WHERE status = 'missed' AND scheduled_for >= ? AND scheduled_for < ? ORDER BY scheduled_for, id`);

  const create = (run: NewRun): Run => {
    const values = { attempt: 0, retry_of: null, scheduled_for: null, owner_pid: null, triggered_by: null, ...run };
    const info = insert.run({ ...values, owner_instance: values.owner_pid === null ? null : instance });
    return toRun(byId.get(info.lastInsertRowid) as RunRow);
  };
  const close = (id: number, status: RunStatus, at: string, error: string, durationMs: number | null = null): boolean =>
    setEnd.run({ id, status, finished_at: at, duration_ms: durationMs, exit_code: null, signal: null, error }).changes === 1;

  return {
    create,
    /**
     * Records a run that ends as it is asked for (skipped, missed): queued at `at` and closed at once with
     * `status` and its reason, in one transaction.
     */
    recordEnded: db.transaction((run: Omit<NewRun, 'status' | 'queued_at'>, status: RunStatus, at: string, error: string): Run => {
      const created = create({ ...run, status: 'queued', queued_at: at });
      close(created.id, status, at, error, status === 'skipped' ? 0 : null);
      return toRun(byId.get(created.id) as RunRow);
    }),
    /** Ends a run that has no process to report on (cancelled, interrupted, timed out) unless it already ended. */
    close,
    /** Records a run observed elsewhere (a heartbeat ping, an external job), final or running. */
    createObserved(run: {
      task_id: string;
      project: string;
      status: RunStatus;
      trigger: RunTrigger;
      queued_at: string;
      started_at: string | null;
      finished_at: string | null;
      duration_ms: number | null;
      exit_code: number | null;
      error: string | null;
      rid: string | null;
      log_path: string | null;
    }): Run {
      const info = insertObserved.run(run);
      return toRun(byId.get(info.lastInsertRowid) as RunRow);
    },
    /** A run observed starting elsewhere at `at` (a /start ping, a launchd job, a dispatched workflow). */
    createRunning(run: { task_id: string; project: string; trigger: RunTrigger; at: string; rid: string | null }): Run {
      const { at, ...rest } = run;
      const info = insertObserved.run({
        ...rest,
        status: 'running',
        queued_at: at,
        started_at: at,
        finished_at: null,
        duration_ms: null,
        exit_code: null,
        error: null,
        log_path: null,
      });
      return toRun(byId.get(info.lastInsertRowid) as RunRow);
    },
    /** Which of queued, waiting and running a task has runs in (for its state; cheap however many are open). */
    activeStatuses(taskId: string): Set<RunStatus> {
      return new Set((activeStatuses.all(taskId) as Array<{ status: RunStatus }>).map((r) => r.status));
    },
    openByRid(taskId: string, rid: string): Run | null {
      const row = openByRid.get(taskId, rid) as RunRow | undefined;
      return row ? toRun(row) : null;
    },
    /** Runs recorded as missed whose scheduled time is in [from, to). */
    missedBetween(from: string, to: string): Run[] {
      return (missedBetween.all(from, to) as RunRow[]).map(toRun);
    },
    setLogPath(id: number, path: string): void {
      setLogPath.run(path, id);
    },
    /** The latest run of a task with this observed id (e.g. `github:<run id>`), whatever its status. */
    byRid(taskId: string, rid: string): Run | null {
      const row = byRid.get(taskId, rid) as RunRow | undefined;
      return row ? toRun(row) : null;
    },
    setRid(id: number, rid: string): void {
      setRid.run(rid, id);
    },

    get(id: number): Run | null {
      const row = byId.get(id) as RunRow | undefined;
      return row ? toRun(row) : null;
    },
    /** The owner (engine instance and pid) and child pid recorded for a run; null when unknown. */
    ownership(id: number): (RunOwner & { pid: number | null }) | null {
      const row = byId.get(id) as RunRow | undefined;
      return row ? { owner_pid: row.owner_pid, owner_instance: row.owner_instance, pid: row.pid } : null;
    },
    logPath(id: number): string | null {
      return (logPath.get(id) as { log_path: string | null } | undefined)?.log_path ?? null;
    },
    lastOfTask(taskId: string): Run | null {
      const row = lastOfTask.get(taskId) as RunRow | undefined;
      return row ? toRun(row) : null;
    },
    lastHealthOfTask(taskId: string): Run | null {
      const row = lastHealthOfTask.get(taskId) as RunRow | undefined;
      return row ? toRun(row) : null;
    },
    activeOfTask(taskId: string): Run[] {
      return (activeOfTask.all(taskId) as RunRow[]).map(toRun);
    },
    allActive(): Array<Run & RunOwner> {
      return (allActive.all() as RunRow[]).map((row) => ({ ...toRun(row), owner_pid: row.owner_pid, owner_instance: row.owner_instance }));
    },
    markStarted(id: number, startedAt: string, pid: number | null, ownerPid: number, logFile: string): void {
      setStarted.run(startedAt, pid, ownerPid, instance, logFile, id);
    },
    setStatus(id: number, status: RunStatus): void {
      setStatus.run(status, id);
    },
    /**
     * Records who supervises a queued run. A process handing a run to a worker it spawned knows only the
     * worker's pid (the worker stamps its own instance when it claims the run), so the instance is this
     * one's only when the pid is.
     */
    claim(id: number, ownerPid: number): boolean {
      return setOwner.run(ownerPid, ownerPid === process.pid ? instance : null, id).changes === 1;
    },
    /** Ends a run that never got going (its owner refused it, its task is gone) as failed with `error`. */
    refuse(id: number, at: string, error: string): Run {
      close(id, 'failed', at, error, 0);
      return toRun(byId.get(id) as RunRow);
    },
    /** Ends a run unless it already ended; returns whether this call ended it. */
    finish(id: number, end: RunEnd): boolean {
      return setEnd.run({ id, ...end }).changes === 1;
    },
    list(filter: RunFilter): Run[] {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: Math.min(Math.max(filter.limit ?? 50, 1), 10_000) };
      const conditions: Array<[keyof RunFilter, string]> = [
        ['project', 'project = @project'],
        ['task', 'task_id = @task'],
        ['status', 'status = @status'],
        ['before_id', 'id < @before_id'],
      ];
      for (const [field, sql] of conditions) {
        if (filter[field] === undefined) continue;
        where.push(sql);
        params[field] = filter[field];
      }
      const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
      let statement = listStatements.get(sql);
      if (!statement) listStatements.set(sql, (statement = db.prepare(sql)));
      return (statement.all(params) as RunRow[]).map(toRun);
    },
  };
}

/** The runs repository's type. */
export type RunsRepo = ReturnType<typeof runsRepo>;

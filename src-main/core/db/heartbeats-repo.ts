import type { Db } from './open-database';

/** A heartbeat's monitor state as stored: the database drives the monitor (healthchecks' alert_after idea). */
export interface HeartbeatRow {
  task_id: string;
  state: 'new' | 'up' | 'late' | 'down' | 'paused';
  last_ping_at: string | null;
  last_status: 'success' | 'failed' | null;
  started_run_id: number | null;
  late_at: string | null;
  down_at: string | null;
  spec_sig: string | null;
}

/** One received ping, kept whatever it did. */
export interface PingEventRow {
  task_id: string;
  kind: 'success' | 'start' | 'fail' | 'exit' | 'log';
  exit_status: number | null;
  rid: string | null;
  run_id: number | null;
  at: string;
  body_bytes: number;
  source: string | null;
}

/** Queries on heartbeats, ping events and recorded state changes. */
export function heartbeatsRepo(db: Db) {
  const get = db.prepare('SELECT * FROM heartbeats WHERE task_id = ?');
  const insert = db.prepare(
    `INSERT OR IGNORE INTO heartbeats (task_id, state, late_at, down_at, spec_sig) VALUES (@task_id, 'new', @late_at, @down_at, @spec_sig)`,
  );
  const update = db.prepare(
    `UPDATE heartbeats SET state = @state, last_ping_at = @last_ping_at, last_status = @last_status, started_run_id = @started_run_id,
       late_at = @late_at, down_at = @down_at, spec_sig = @spec_sig WHERE task_id = @task_id`,
  );
  const transition = db.prepare('UPDATE heartbeats SET state = @to WHERE task_id = @task_id AND state = @from');
  const due = db.prepare(`SELECT * FROM heartbeats WHERE state IN ('new', 'up', 'late') AND (late_at <= @now OR down_at <= @now)`);
  const insertPing = db.prepare(
    'INSERT INTO ping_events (task_id, kind, exit_status, rid, run_id, at, body_bytes, source) VALUES (@task_id, @kind, @exit_status, @rid, @run_id, @at, @body_bytes, @source)',
  );
  const insertChange = db.prepare('INSERT INTO state_changes (task_id, from_state, to_state, at, run_id, detail) VALUES (?, ?, ?, ?, ?, ?)');
  const changes = db.prepare('SELECT from_state, to_state, at, run_id, detail FROM state_changes WHERE task_id = ? ORDER BY id');
  const remove = db.prepare('DELETE FROM heartbeats WHERE task_id = ?');
  const lastChange = db.prepare('SELECT from_state, to_state, at, run_id, detail FROM state_changes WHERE task_id = ? ORDER BY id DESC LIMIT 1');

  return {
    get(taskId: string): HeartbeatRow | null {
      return (get.get(taskId) as HeartbeatRow | undefined) ?? null;
    },
    ensure(row: { task_id: string; late_at: string | null; down_at: string | null; spec_sig: string }): HeartbeatRow {
      insert.run(row);
      return get.get(row.task_id) as HeartbeatRow;
    },
    save(row: HeartbeatRow): void {
      update.run(row);
    },
    /** Moves a heartbeat from one state to another; true only for the caller whose UPDATE changed the row. */
    transition(taskId: string, from: HeartbeatRow['state'], to: HeartbeatRow['state']): boolean {
      return transition.run({ task_id: taskId, from, to }).changes === 1;
    },
    due(now: string): HeartbeatRow[] {
      return due.all({ now }) as HeartbeatRow[];
    },
    recordPing(event: PingEventRow): void {
      insertPing.run(event);
    },
    recordChange(taskId: string, from: string, to: string, at: string, runId: number | null, detail: string | null): void {
      insertChange.run(taskId, from, to, at, runId, detail);
    },
    changes(taskId: string): Array<{ from_state: string; to_state: string; at: string; run_id: number | null; detail: string | null }> {
      return changes.all(taskId) as Array<{ from_state: string; to_state: string; at: string; run_id: number | null; detail: string | null }>;
    },
    /** The latest recorded state change of a heartbeat, or null. */
    lastChange(taskId: string): { from_state: string; to_state: string; at: string; run_id: number | null; detail: string | null } | null {
      return (lastChange.get(taskId) as { from_state: string; to_state: string; at: string; run_id: number | null; detail: string | null } | undefined) ?? null;
    },
    remove(taskId: string): void {
      remove.run(taskId);
    },
  };
}

/** The heartbeats repository's type. */
export type HeartbeatsRepo = ReturnType<typeof heartbeatsRepo>;

import type { Db } from './open-database';

/** The health states alerts are about (running, paused and never say nothing about health). */
export type HealthState = 'ok' | 'failing' | 'late' | 'down';

/**
 * Each task's last health state and one row per change of it (healthchecks' model): a move is an UPDATE
 * from the state the caller saw, so two engines looking at the same run record the change once.
 */
export function taskHealthRepo(db: Db) {
  const get = db.prepare('SELECT state, changed_at FROM task_health WHERE task_id = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO task_health (task_id, state, changed_at) VALUES (?, ?, ?)');
  const update = db.prepare('UPDATE task_health SET state = @to, changed_at = @at WHERE task_id = @task AND state = @from');
  const insertChange = db.prepare('INSERT INTO health_changes (task_id, from_state, to_state, at, run_id) VALUES (?, ?, ?, ?, ?)');
  const countSince = db.prepare('SELECT COUNT(*) AS n FROM health_changes WHERE task_id = ? AND at > ?');
  const recoveries = db.prepare(
    `SELECT task_id AS task, at FROM health_changes WHERE to_state = 'ok' AND from_state IN ('failing', 'late', 'down') AND at >= ? AND at < ? ORDER BY at, id`,
  );
  const prune = db.prepare(`DELETE FROM health_changes WHERE id IN (SELECT id FROM health_changes WHERE at < ? ORDER BY id LIMIT ?)`);
  const move = db.transaction((task: string, to: HealthState, at: string, runId: number | null): boolean => {
    const current = get.get(task) as { state: HealthState } | undefined;
    if (current?.state === to) return false;
    const moved = current ? update.run({ task, to, at, from: current.state }).changes === 1 : insert.run(task, to, at).changes === 1;
    if (moved) insertChange.run(task, current?.state ?? null, to, at, runId);
    return moved;
  });

  return {
    /** The task's last recorded health state and since when, or null before the first. */
    get(taskId: string): { state: HealthState; changed_at: string } | null {
      return (get.get(taskId) as { state: HealthState; changed_at: string } | undefined) ?? null;
    },
    /** Records the task's health; true only for the caller that recorded a change (the first look counts as one). */
    move(taskId: string, to: HealthState, at: string, runId: number | null): boolean {
      return move.immediate(taskId, to, at, runId);
    },
    /** How many times the task changed state after `since`. */
    changesSince(taskId: string, since: string): number {
      return (countSince.get(taskId, since) as { n: number }).n;
    },
    /** Tasks that became healthy again in [from, to), in order. */
    recoveriesBetween(from: string, to: string): Array<{ task: string; at: string }> {
      return recoveries.all(from, to) as Array<{ task: string; at: string }>;
    },
    /** Removes up to `limit` changes older than `cutoff`; returns how many. */
    prune(cutoff: string, limit: number): number {
      return prune.run(cutoff, limit).changes;
    },
  };
}

/** The task health repository's type. */
export type TaskHealthRepo = ReturnType<typeof taskHealthRepo>;

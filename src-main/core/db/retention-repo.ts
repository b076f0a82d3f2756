import type { Db } from './open-database';

/** What one batch of pruning removed. */
export interface PrunedBatch {
  runs: number;
  /** Ids of the removed runs (their log files are `<id>.log`). */
  ids: number[];
}

/**
 * Deletes history older than a cutoff, in batches: ended runs (never a task's latest run, so every task
 * keeps its last outcome), their metrics and keyless results, and ping events (never a task's latest).
 * Keyed results (a task's current values) and costs (money already spent) are kept whatever their age.
 */
export function retentionRepo(db: Db) {
  const oldRuns = db.prepare(`
    SELECT id FROM runs
    WHERE finished_at < ? AND status NOT IN ('queued', 'waiting', 'running')
      AND id < (SELECT MAX(r2.id) FROM runs r2 WHERE r2.task_id = runs.task_id)
    ORDER BY id LIMIT ?`);
  const deleteMetrics = db.prepare('DELETE FROM metrics WHERE run_id IN (SELECT value FROM json_each(?))');
  const deleteResults = db.prepare('DELETE FROM results WHERE key IS NULL AND run_id IN (SELECT value FROM json_each(?))');
  const deleteRuns = db.prepare('DELETE FROM runs WHERE id IN (SELECT value FROM json_each(?))');
  const deletePings = db.prepare(`
    DELETE FROM ping_events WHERE id IN (
      SELECT id FROM ping_events
      WHERE at < ? AND id < (SELECT MAX(p2.id) FROM ping_events p2 WHERE p2.task_id = ping_events.task_id)
      ORDER BY id LIMIT ?)`);

  return {
    /** Removes up to `limit` runs that ended before `cutoff` (ISO time), with their metrics and keyless results. */
    pruneRuns(cutoff: string, limit: number): PrunedBatch {
      return db
        .transaction((): PrunedBatch => {
          const ids = (oldRuns.all(cutoff, limit) as Array<{ id: number }>).map((r) => r.id);
          if (ids.length === 0) return { runs: 0, ids };
          const list = JSON.stringify(ids);
          deleteMetrics.run(list);
          deleteResults.run(list);
          deleteRuns.run(list);
          return { runs: ids.length, ids };
        })
        .immediate();
    },
    /** Removes up to `limit` ping events received before `cutoff`; returns how many. */
    prunePings(cutoff: string, limit: number): number {
      return deletePings.run(cutoff, limit).changes;
    },
  };
}

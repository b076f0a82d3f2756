import type { CostRecord, RunMetric, TaskResult } from '../../common/models';
import type { Db } from './open-database';

/** What one run reported through AGENT_OS_OUTPUT, ready to store. */
export interface RunOutputs {
  results: Array<{ key: string | null; data: unknown }>;
  costs: Array<{
    usd: number;
    provider: string | null;
    model: string | null;
    day: string;
    line: number;
    /** Provider-sourced spend (a cost fetcher): 'openai' | 'anthropic'; upserted on its natural key. */
    source?: string;
    provider_project?: string | null;
    line_item?: string | null;
    /** The attributed Agent OS project for provider-sourced spend (null: unattributed). */
    project?: string | null;
  }>;
  metrics: Array<{ name: string; value: number }>;
}

/** Queries on what runs produce: results, cost records and metrics. */
export function outputsRepo(db: Db) {
  const upsertResult = db.prepare(
    `INSERT INTO results (task_id, run_id, key, data_json, recorded_at) VALUES (@task_id, @run_id, @key, @data_json, @now)
     ON CONFLICT(task_id, key) WHERE key IS NOT NULL DO UPDATE SET run_id = excluded.run_id, data_json = excluded.data_json, recorded_at = excluded.recorded_at`,
  );
  const upsertCost = db.prepare(
    `INSERT INTO costs (natural_key, source, project, task_id, run_id, provider, model, day, usd, recorded_at, provider_project, line_item)
     VALUES (@natural_key, @source, @project, @task_id, @run_id, @provider, @model, @day, @usd, @now, @provider_project, @line_item)
     ON CONFLICT(natural_key) DO UPDATE SET usd = excluded.usd, model = excluded.model, project = excluded.project, run_id = excluded.run_id, recorded_at = excluded.recorded_at`,
  );
  const insertMetric = db.prepare('INSERT INTO metrics (run_id, task_id, name, value, recorded_at) VALUES (?, ?, ?, ?, ?)');
  const resultsOfTask = db.prepare('SELECT key, run_id, data_json, recorded_at FROM results WHERE task_id = ? ORDER BY recorded_at DESC, id DESC LIMIT ?');
  const resultsOfRun = db.prepare('SELECT key, run_id, data_json, recorded_at FROM results WHERE run_id = ? ORDER BY id');
  const costsOfRun = db.prepare('SELECT source, project, task_id, run_id, provider, model, day, usd FROM costs WHERE run_id = ? ORDER BY id');
  const metricsOfRun = db.prepare('SELECT run_id, name, value FROM metrics WHERE run_id = ? ORDER BY id');

  return {
    /** Stores everything a run reported, in one transaction. */
    saveRunOutputs(run: { id: number; task: string; project: string }, outputs: RunOutputs, now: string): void {
      db.transaction(() => {
        for (const r of outputs.results) upsertResult.run({ task_id: run.task, run_id: run.id, key: r.key, data_json: JSON.stringify(r.data), now });
        for (const c of outputs.costs) upsertCost.run({ ...costRow(run, c), now });
        for (const m of outputs.metrics) insertMetric.run(run.id, run.task, m.name, m.value, now);
      })();
    },
    results(taskId: string, limit = 100): TaskResult[] {
      return (resultsOfTask.all(taskId, limit) as Array<{ key: string | null; run_id: number; data_json: string; recorded_at: string }>).map((r) => ({
        key: r.key,
        run_id: r.run_id,
        data: JSON.parse(r.data_json) as unknown,
        recorded_at: r.recorded_at,
      }));
    },
    /** The results a run reported (a keyed result re-reported by a later run belongs to that later run). */
    resultsOfRun(runId: number): TaskResult[] {
      return (resultsOfRun.all(runId) as Array<{ key: string | null; run_id: number; data_json: string; recorded_at: string }>).map((r) => ({
        key: r.key,
        run_id: r.run_id,
        data: JSON.parse(r.data_json) as unknown,
        recorded_at: r.recorded_at,
      }));
    },
    costsOfRun(runId: number): CostRecord[] {
      return (costsOfRun.all(runId) as Array<CostRecord & { task_id: string | null }>).map(({ task_id, ...rest }) => ({ ...rest, task: task_id }));
    },
    metricsOfRun(runId: number): RunMetric[] {
      return metricsOfRun.all(runId) as RunMetric[];
    },
  };
}

/** The outputs repository's type. */
export type OutputsRepo = ReturnType<typeof outputsRepo>;

/** Natural key and columns of a cost line. Re-ingesting the same provider window or daily report changes nothing. */
function costRow(run: { id: number; task: string; project: string }, c: RunOutputs['costs'][number]) {
  const base = {
    task_id: run.task,
    run_id: run.id,
    provider: c.provider,
    model: c.model,
    day: c.day,
    usd: c.usd,
    provider_project: c.provider_project ?? null,
    line_item: c.line_item ?? null,
  };
  if (c.source) {
    // Provider-sourced: (source, provider project, day, line item).
    return { ...base, natural_key: `${c.source}|${c.provider_project ?? ''}|${c.day}|${c.line_item ?? ''}`, source: c.source, project: c.project ?? null };
  }
  if (run.task.endsWith('/_costs')) {
    // A project's costs.command reports daily totals: the latest report for a day replaces the earlier one.
    return { ...base, natural_key: `report|${run.project}|${c.provider ?? ''}|${c.day}|${c.model ?? ''}`, source: 'report', project: run.project };
  }
  // AGENT_OS_OUTPUT lines are spend of that run: one record per reported line.
  return { ...base, natural_key: `run|${run.id}|${c.line}`, source: 'run', project: run.project };
}

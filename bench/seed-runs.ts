// Fills a home's database with a realistic history of runs, straight through SQLite (one transaction).
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';

/** Deterministic PRNG (mulberry32) so every bench run seeds the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Roughly what a personal automation setup sees: mostly success, some failures, a little of everything else.
const STATUS_WEIGHTS: ReadonlyArray<[string, number]> = [
  ['success', 0.85],
  ['failed', 0.07],
  ['skipped', 0.025],
  ['cancelled', 0.02],
  ['timeout', 0.01],
  ['interrupted', 0.01],
  ['missed', 0.015],
];
const TRIGGERS = ['schedule', 'schedule', 'schedule', 'manual', 'retry', 'catch_up', 'trigger'];

function pickStatus(r: number): string {
  let acc = 0;
  for (const [status, weight] of STATUS_WEIGHTS) {
    acc += weight;
    if (r < acc) return status;
  }
  return 'success';
}

/** Inserts `count` finished runs spread over `days` days up to now across `taskIds`, plus `running` live ones. */
export function seedRuns(
  dbFile: string,
  taskIds: readonly string[],
  count: number,
  options: { days: number; running: number; logsDir: string },
): { inserted: number; ms: number } {
  const t0 = performance.now();
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    `INSERT INTO runs (task_id, project, status, trigger, attempt, retry_of, scheduled_for, queued_at, started_at, finished_at,
       duration_ms, exit_code, signal, error, pid, owner_pid, log_path)
     VALUES (@task_id, @project, @status, @trigger, @attempt, NULL, @scheduled_for, @queued_at, @started_at, @finished_at,
       @duration_ms, @exit_code, @signal, @error, @pid, @owner_pid, @log_path)`,
  );
  const random = prng(42);
  const end = Date.now() - 60_000;
  const step = (options.days * 86_400_000) / count;
  const row = (i: number, taskId: string, status: string, at: number) => {
    const duration = status === 'skipped' || status === 'missed' ? 0 : Math.round(200 + random() * 60_000);
    const running = status === 'running';
    const iso = new Date(at).toISOString();
    return {
      task_id: taskId,
      project: taskId.split('/')[0] ?? '',
      status,
      trigger: TRIGGERS[Math.floor(random() * TRIGGERS.length)] ?? 'schedule',
      attempt: 0,
      scheduled_for: iso,
      queued_at: iso,
      started_at: status === 'skipped' || status === 'missed' ? null : iso,
      finished_at: running ? null : new Date(at + duration).toISOString(),
      duration_ms: running ? null : duration,
      exit_code: status === 'success' ? 0 : status === 'failed' ? 1 : null,
      signal: status === 'timeout' || status === 'cancelled' ? 'SIGTERM' : null,
      error: status === 'success' || running ? null : `${status}: seeded by the benchmark (run ${i})`,
      pid: running ? null : 10_000 + (i % 50_000),
      // Live runs belong to another live process (our parent, standing in for `agent-os serve`): neither crash
      // recovery nor this process's core.stop() closes them.
      owner_pid: running ? process.ppid : 10_000 + (i % 50_000),
      log_path: `${options.logsDir}/${i + 1}.log`,
    };
  };
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const taskId = taskIds[Math.floor(random() * taskIds.length)] ?? '';
      insert.run(row(i, taskId, pickStatus(random()), end - (count - i) * step));
    }
    for (let i = 0; i < options.running; i++) insert.run(row(count + i, taskIds[(i * 7) % taskIds.length] ?? '', 'running', end));
  })();
  db.close();
  return { inserted: count + options.running, ms: performance.now() - t0 };
}

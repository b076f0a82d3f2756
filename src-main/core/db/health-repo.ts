import type { ProjectHealth } from '../../common/models';
import type { Db } from './open-database';

/** Project status reports (`status.command`), kept as history. */
export function healthRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO project_status (project, at, state, message, metrics_json, run_id, error) VALUES (@project, @at, @state, @message, @metrics_json, @run_id, @error)',
  );
  const latest = db.prepare('SELECT * FROM project_status WHERE project = ? ORDER BY id DESC LIMIT 1');
  const history = db.prepare('SELECT * FROM project_status WHERE project = ? ORDER BY id DESC LIMIT ?');
  type Row = {
    project: string;
    at: string;
    state: ProjectHealth['state'];
    message: string | null;
    metrics_json: string | null;
    run_id: number | null;
    error: string | null;
  };
  const toHealth = (r: Row): ProjectHealth => ({
    state: r.state,
    message: r.message,
    metrics: r.metrics_json ? (JSON.parse(r.metrics_json) as Record<string, unknown>) : null,
    at: r.at,
    run_id: r.run_id,
    error: r.error,
  });
  return {
    record(h: {
      project: string;
      at: string;
      state: ProjectHealth['state'];
      message: string | null;
      metrics: Record<string, unknown> | null;
      run_id: number | null;
      error: string | null;
    }): void {
      insert.run({ ...h, metrics_json: h.metrics ? JSON.stringify(h.metrics) : null });
    },
    latest(project: string): ProjectHealth | null {
      const row = latest.get(project) as Row | undefined;
      return row ? toHealth(row) : null;
    },
    history(project: string, limit = 50): ProjectHealth[] {
      return (history.all(project, limit) as Row[]).map(toHealth);
    },
  };
}

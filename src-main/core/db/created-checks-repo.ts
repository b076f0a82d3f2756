import type { Db } from './open-database';

/** A heartbeat made by its first ping (`?create=1` on a slug URL), kept until a manifest declares it. */
export interface CreatedCheck {
  project: string;
  name: string;
  created_at: string;
}

/** Queries on the heartbeats pings created (issue 23): the only record of a task no file declares. */
export function createdChecksRepo(db: Db) {
  const all = db.prepare('SELECT project, name, created_at FROM created_checks ORDER BY project, name');
  const add = db.prepare('INSERT INTO created_checks (project, name, created_at) VALUES (?, ?, ?) ON CONFLICT(project, name) DO NOTHING');
  const drop = db.prepare('DELETE FROM created_checks WHERE project = ? AND name = ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM created_checks WHERE project = ?');
  return {
    /** Every created heartbeat, by project. */
    byProject(): Map<string, CreatedCheck[]> {
      const out = new Map<string, CreatedCheck[]>();
      for (const row of all.all() as CreatedCheck[]) out.set(row.project, [...(out.get(row.project) ?? []), row]);
      return out;
    },
    add(project: string, name: string, at: string): void {
      add.run(project, name, at);
    },
    /** The manifest took it over (or it is gone): the task is the manifest's from now on. */
    drop(project: string, name: string): void {
      drop.run(project, name);
    },
    count(project: string): number {
      return (count.get(project) as { n: number }).n;
    },
  };
}

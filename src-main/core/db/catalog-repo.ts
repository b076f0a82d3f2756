import { randomBytes } from 'node:crypto';
import type { ConfigError, TaskKind } from '../../common/models';
import type { Db } from './open-database';

/** A project row as stored. */
export interface ProjectRow {
  name: string;
  path: string;
  state: 'ok' | 'invalid';
  errors: ConfigError[];
}

/** A task row as stored. */
export interface TaskRow {
  id: string;
  project: string;
  name: string;
  kind: TaskKind;
  schedule: string | null;
  paused: boolean;
  next_run_at: string | null;
  first_seen_at: string;
  ping_key: string | null;
  preview_next_at: string | null;
  preview_sig: string | null;
}

/** Kinds watched through pings (heartbeats, and cloud crons, which can ping when their runs cannot be read). */
export const PINGED_KINDS: ReadonlySet<TaskKind> = new Set(['heartbeat', 'github_actions', 'railway']);

interface RawTask extends Omit<TaskRow, 'paused'> {
  paused: number;
}

/** Queries on projects, tasks and settings: what Agent OS knows exists. */
export function catalogRepo(db: Db) {
  const upsertProject = db.prepare(
    `INSERT INTO projects (name, path, state, errors_json, updated_at) VALUES (@name, @path, @state, @errors_json, @now)
     ON CONFLICT(name) DO UPDATE SET path = excluded.path, state = excluded.state, errors_json = excluded.errors_json, updated_at = excluded.updated_at`,
  );
  const deleteProject = db.prepare('DELETE FROM projects WHERE name = ?');
  const fingerprintOf = db.prepare('SELECT fingerprint FROM projects WHERE name = ?');
  const setFingerprint = db.prepare('UPDATE projects SET fingerprint = ? WHERE name = ?');
  const cacheGet = db.prepare('SELECT mtime_ms, size, loaded_json FROM manifest_cache WHERE dir = ?');
  const cachePut = db.prepare(
    'INSERT INTO manifest_cache (dir, mtime_ms, size, loaded_json) VALUES (?, ?, ?, ?) ON CONFLICT(dir) DO UPDATE SET mtime_ms = excluded.mtime_ms, size = excluded.size, loaded_json = excluded.loaded_json',
  );
  const setPreview = db.prepare('UPDATE tasks SET preview_next_at = ?, preview_sig = ? WHERE id = ?');
  const allProjects = db.prepare('SELECT * FROM projects ORDER BY name');
  const upsertTask = db.prepare(
    `INSERT INTO tasks (id, project, name, kind, schedule, first_seen_at, ping_key) VALUES (@id, @project, @name, @kind, @schedule, @now, @ping_key)
     ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, schedule = excluded.schedule, removed_at = NULL,
       ping_key = COALESCE(tasks.ping_key, excluded.ping_key)`,
  );
  const removeTasks = db.prepare(`UPDATE tasks SET removed_at = ? WHERE project = ? AND removed_at IS NULL AND id NOT IN (SELECT value FROM json_each(?))`);
  const removeProjectTasks = db.prepare('UPDATE tasks SET removed_at = ? WHERE project = ? AND removed_at IS NULL');
  const liveTasks = db.prepare('SELECT * FROM tasks WHERE removed_at IS NULL ORDER BY id');
  const taskById = db.prepare('SELECT * FROM tasks WHERE id = ?');
  const byPingKey = db.prepare('SELECT * FROM tasks WHERE ping_key = ? AND removed_at IS NULL');
  const setPaused = db.prepare('UPDATE tasks SET paused = ? WHERE id = ?');
  const setNextRun = db.prepare('UPDATE tasks SET next_run_at = ?, schedule_sig = ? WHERE id = ?');
  const claimFire = db.prepare('UPDATE tasks SET next_run_at = ? WHERE id = ? AND next_run_at = ?');
  const schedulingOf = db.prepare('SELECT next_run_at, schedule_sig, paused FROM tasks WHERE id = ?');
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?');
  const putSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const addProjectKey = db.prepare('INSERT INTO project_keys (project, ping_key) VALUES (?, ?) ON CONFLICT(project) DO NOTHING');
  const projectKeyOf = db.prepare('SELECT ping_key FROM project_keys WHERE project = ?');
  const projectOfKey = db.prepare('SELECT project FROM project_keys WHERE ping_key = ?');
  const toTask = (row: RawTask): TaskRow => ({ ...row, paused: row.paused === 1 });

  return {
    /** Records a project and its current task set; tasks no longer in the manifest are marked removed, not deleted (their runs stay). */
    saveProject(
      project: ProjectRow,
      tasks: Array<{ id: string; name: string; kind: TaskKind; schedule: string | null }>,
      now: string,
      keepTasks: boolean,
    ): void {
      db.transaction(() => {
        upsertProject.run({ name: project.name, path: project.path, state: project.state, errors_json: JSON.stringify(project.errors), now });
        addProjectKey.run(project.name, randomBytes(16).toString('base64url'));
        // Each heartbeat task gets its own unguessable ping key once; it stays stable across restarts.
        for (const task of tasks)
          upsertTask.run({ ...task, project: project.name, now, ping_key: PINGED_KINDS.has(task.kind) ? randomBytes(16).toString('base64url') : null });
        // An invalid manifest keeps the last good task list (paused by its state), rather than dropping history.
        if (!keepTasks) removeTasks.run(now, project.name, JSON.stringify(tasks.map((t) => t.id)));
      })();
    },
    /** The fingerprint of what was last saved for a project (skip re-saving an unchanged one). */
    fingerprint(name: string): string | null {
      return (fingerprintOf.get(name) as { fingerprint: string | null } | undefined)?.fingerprint ?? null;
    },
    setFingerprint(name: string, fingerprint: string): void {
      setFingerprint.run(fingerprint, name);
    },
    cachedManifest(dir: string): { mtime_ms: number; size: number; loaded_json: string } | null {
      return (cacheGet.get(dir) as { mtime_ms: number; size: number; loaded_json: string } | undefined) ?? null;
    },
    cacheManifest(dir: string, mtimeMs: number, size: number, json: string): void {
      cachePut.run(dir, mtimeMs, size, json);
    },
    /** Display-only next runs for tasks no engine has scheduled (status without serve), in one transaction. */
    savePreviews(previews: Array<{ id: string; at: string | null; sig: string | null }>): void {
      db.transaction(() => {
        for (const p of previews) setPreview.run(p.at, p.sig, p.id);
      })();
    },
    removeProject(name: string, now: string): void {
      db.transaction(() => {
        deleteProject.run(name);
        removeProjectTasks.run(now, name);
      })();
    },
    projects(): ProjectRow[] {
      return (allProjects.all() as Array<{ name: string; path: string; state: 'ok' | 'invalid'; errors_json: string }>).map((r) => ({
        name: r.name,
        path: r.path,
        state: r.state,
        errors: JSON.parse(r.errors_json) as ConfigError[],
      }));
    },
    tasks(): TaskRow[] {
      return (liveTasks.all() as RawTask[]).map(toTask);
    },
    task(id: string): TaskRow | null {
      const row = taskById.get(id) as RawTask | undefined;
      return row ? toTask(row) : null;
    },
    /** The project's own ping key (unguessable, made once, kept even while the project is gone). */
    projectPingKey(project: string): string {
      const known = projectKeyOf.get(project) as { ping_key: string } | undefined;
      if (known) return known.ping_key;
      addProjectKey.run(project, randomBytes(16).toString('base64url'));
      return (projectKeyOf.get(project) as { ping_key: string }).ping_key;
    },
    /** The project a project ping key belongs to, or null. */
    projectByPingKey(key: string): string | null {
      return (projectOfKey.get(key) as { project: string } | undefined)?.project ?? null;
    },
    taskByPingKey(key: string): TaskRow | null {
      const row = byPingKey.get(key) as RawTask | undefined;
      return row ? toTask(row) : null;
    },
    setPaused(id: string, paused: boolean): boolean {
      return setPaused.run(paused ? 1 : 0, id).changes === 1;
    },
    setNextRun(id: string, at: string | null, signature: string | null): void {
      setNextRun.run(at, signature, id);
    },
    /**
     * Moves a task's next_run_at from `due` to `next`; true only for the one caller that changed the row,
     * so two engines on one database never fire the same occurrence twice.
     */
    claimFire(id: string, due: string, next: string | null): boolean {
      return claimFire.run(next, id, due).changes === 1;
    },
    scheduling(id: string): { next_run_at: string | null; schedule_sig: string | null; paused: boolean } | null {
      const row = schedulingOf.get(id) as { next_run_at: string | null; schedule_sig: string | null; paused: number } | undefined;
      return row ? { ...row, paused: row.paused === 1 } : null;
    },
    setting(key: string): string | null {
      return (getSetting.get(key) as { value: string } | undefined)?.value ?? null;
    },
    putSetting(key: string, value: string): void {
      putSetting.run(key, value);
    },
  };
}

/** The catalog repository's type. */
export type CatalogRepo = ReturnType<typeof catalogRepo>;

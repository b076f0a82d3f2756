/**
 * Versioned schema. Each entry upgrades from version i to i+1 and runs once, inside a transaction;
 * PRAGMA user_version records where a database stands. Never edit a released entry: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE projects (
    name        TEXT PRIMARY KEY,
    path        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('ok', 'invalid')),
    errors_json TEXT NOT NULL DEFAULT '[]',
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE tasks (
    id            TEXT PRIMARY KEY,            -- project/task
    project       TEXT NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    schedule      TEXT,
    paused        INTEGER NOT NULL DEFAULT 0,
    next_run_at   TEXT,
    first_seen_at TEXT NOT NULL,
    removed_at    TEXT
  );
  CREATE INDEX tasks_project ON tasks (project);
  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id       TEXT NOT NULL,
    project       TEXT NOT NULL,
    status        TEXT NOT NULL,
    trigger       TEXT NOT NULL,
    attempt       INTEGER NOT NULL DEFAULT 0,
    retry_of      INTEGER,
    scheduled_for TEXT,
    queued_at     TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    duration_ms   INTEGER,
    exit_code     INTEGER,
    signal        TEXT,
    error         TEXT,
    pid           INTEGER,
    owner_pid     INTEGER,
    log_path      TEXT
  );
  CREATE INDEX runs_task ON runs (task_id, id DESC);
  CREATE INDEX runs_active ON runs (status) WHERE status IN ('queued', 'waiting', 'running');
  CREATE TABLE results (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id     TEXT NOT NULL,
    run_id      INTEGER NOT NULL,
    key         TEXT,
    data_json   TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  -- One row per (task, key): re-reporting a key replaces it. Keyless results are appended.
  CREATE UNIQUE INDEX results_task_key ON results (task_id, key) WHERE key IS NOT NULL;
  CREATE INDEX results_task ON results (task_id, id DESC);
  CREATE TABLE costs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    natural_key TEXT NOT NULL UNIQUE,          -- source|project|provider|day|line item: re-ingesting changes nothing
    source      TEXT NOT NULL,
    project     TEXT,
    task_id     TEXT,
    run_id      INTEGER,
    provider    TEXT,
    model       TEXT,
    day         TEXT NOT NULL,
    usd         REAL NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX costs_day ON costs (day);
  CREATE TABLE metrics (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      INTEGER NOT NULL,
    task_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    value       REAL NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX metrics_run ON metrics (run_id);
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // v2: the schedule a persisted next_run_at was computed from, so a changed schedule recomputes it.
  `ALTER TABLE tasks ADD COLUMN schedule_sig TEXT;`,
];

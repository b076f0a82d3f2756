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
  // v3: heartbeats (healthchecks-style monitor state with persisted deadlines), ping events, state changes.
  `
  ALTER TABLE tasks ADD COLUMN ping_key TEXT;
  CREATE UNIQUE INDEX tasks_ping_key ON tasks (ping_key) WHERE ping_key IS NOT NULL;
  ALTER TABLE runs ADD COLUMN rid TEXT;
  CREATE TABLE heartbeats (
    task_id        TEXT PRIMARY KEY,
    state          TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'up', 'late', 'down', 'paused')),
    last_ping_at   TEXT,
    last_status    TEXT,
    started_run_id INTEGER,
    late_at        TEXT,                       -- when the expected ping is overdue (state late)
    down_at        TEXT,                       -- when the grace period ends (state down)
    spec_sig       TEXT
  );
  CREATE INDEX heartbeats_due ON heartbeats (state, down_at);
  CREATE TABLE ping_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,                 -- success | start | fail | exit | log
    exit_status INTEGER,
    rid         TEXT,
    run_id      INTEGER,
    at          TEXT NOT NULL,
    body_bytes  INTEGER NOT NULL DEFAULT 0,
    source      TEXT
  );
  CREATE INDEX ping_events_task ON ping_events (task_id, id DESC);
  CREATE TABLE state_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id    TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    at         TEXT NOT NULL,
    run_id     INTEGER,
    detail     TEXT
  );
  CREATE INDEX state_changes_task ON state_changes (task_id, id DESC);
  `,
  // v4: alerts (one open row per condition) and their deliveries, claimed by updates that change one row.
  `
  CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
    critical        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    detail          TEXT,
    run_id          INTEGER,
    opened_at       TEXT NOT NULL,
    acknowledged_at TEXT,
    resolved_at     TEXT,
    reminded_at     TEXT
  );
  -- At most one unresolved alert per condition: two engines racing to open it insert one row.
  CREATE UNIQUE INDEX alerts_open ON alerts (kind, subject) WHERE state != 'resolved';
  CREATE INDEX alerts_state ON alerts (state, id DESC);
  CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id        INTEGER NOT NULL,
    channel         TEXT NOT NULL,
    event           TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    claimed_by      INTEGER,
    claimed_at      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
  );
  CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
  CREATE INDEX deliveries_alert ON deliveries (alert_id);
  CREATE TABLE delivery_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL,
    attempt     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    ok          INTEGER NOT NULL,
    error       TEXT
  );
  CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id);
  `,
  // v5: caches that keep one-shot CLI commands fast: parsed manifests by file identity, the project
  // fingerprint last saved, and a display-only next run for tasks no engine has scheduled yet.
  `
  ALTER TABLE projects ADD COLUMN fingerprint TEXT;
  ALTER TABLE tasks ADD COLUMN preview_next_at TEXT;
  ALTER TABLE tasks ADD COLUMN preview_sig TEXT;
  CREATE TABLE manifest_cache (
    dir         TEXT PRIMARY KEY,
    mtime_ms    REAL NOT NULL,
    size        INTEGER NOT NULL,
    loaded_json TEXT NOT NULL
  );
  `,
  // v6: provider-side identity of a cost record (OpenAI project / Anthropic workspace, line item).
  `
  ALTER TABLE costs ADD COLUMN provider_project TEXT;
  ALTER TABLE costs ADD COLUMN line_item TEXT;
  CREATE INDEX costs_project_day ON costs (project, day);
  `,
  // v7: what triggered a run (cross-project workflows) and project status reports.
  `
  ALTER TABLE runs ADD COLUMN triggered_by INTEGER;
  CREATE TABLE project_status (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    project      TEXT NOT NULL,
    at           TEXT NOT NULL,
    state        TEXT NOT NULL,              -- ok | degraded | down | unknown
    message      TEXT,
    metrics_json TEXT,
    run_id       INTEGER,
    error        TEXT
  );
  CREATE INDEX project_status_project ON project_status (project, id DESC);
  `,
  // v8: indexes for hot lookups under load (pings): a task's active runs, open heartbeat starts by rid,
  // and the unresolved alerts of a subject.
  `
  CREATE INDEX runs_task_active ON runs (task_id, id) WHERE status IN ('queued', 'waiting', 'running');
  CREATE INDEX runs_task_rid ON runs (task_id, rid) WHERE rid IS NOT NULL;
  CREATE INDEX alerts_subject_open ON alerts (subject) WHERE state != 'resolved';
  `,
  // v9: a covering index for the cost breakdowns (a 90-day query reads only the index).
  `
  CREATE INDEX costs_day_cover ON costs (day, project, provider, source, usd, model, line_item);
  DROP INDEX costs_day;
  `,
  // v10: a daily rollup per (project, provider, day), kept exact by triggers on costs (inserts, upserts
  // that replace an amount, deletes), so the costs view reads a few hundred rows instead of every line.
  `
  CREATE TABLE costs_daily (
    project      TEXT NOT NULL DEFAULT '',
    provider     TEXT NOT NULL DEFAULT '',
    day          TEXT NOT NULL,
    provider_usd REAL NOT NULL DEFAULT 0,
    reported_usd REAL NOT NULL DEFAULT 0,
    provider_rows INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, project, provider)
  ) WITHOUT ROWID;
  CREATE TRIGGER costs_daily_insert AFTER INSERT ON costs BEGIN
    INSERT INTO costs_daily (project, provider, day, provider_usd, reported_usd, provider_rows)
    VALUES (COALESCE(NEW.project, ''), COALESCE(NEW.provider, ''), NEW.day,
            CASE WHEN NEW.source IN ('openai', 'anthropic') THEN NEW.usd ELSE 0 END,
            CASE WHEN NEW.source IN ('openai', 'anthropic') THEN 0 ELSE NEW.usd END,
            CASE WHEN NEW.source IN ('openai', 'anthropic') THEN 1 ELSE 0 END)
    ON CONFLICT (day, project, provider) DO UPDATE SET
      provider_usd = provider_usd + excluded.provider_usd,
      reported_usd = reported_usd + excluded.reported_usd,
      provider_rows = provider_rows + excluded.provider_rows;
  END;
  CREATE TRIGGER costs_daily_delete AFTER DELETE ON costs BEGIN
    UPDATE costs_daily SET
      provider_usd = provider_usd - CASE WHEN OLD.source IN ('openai', 'anthropic') THEN OLD.usd ELSE 0 END,
      reported_usd = reported_usd - CASE WHEN OLD.source IN ('openai', 'anthropic') THEN 0 ELSE OLD.usd END,
      provider_rows = provider_rows - CASE WHEN OLD.source IN ('openai', 'anthropic') THEN 1 ELSE 0 END
    WHERE day = OLD.day AND project = COALESCE(OLD.project, '') AND provider = COALESCE(OLD.provider, '');
  END;
  CREATE TRIGGER costs_daily_update AFTER UPDATE OF usd, project, provider, day, source ON costs BEGIN
    UPDATE costs_daily SET
      provider_usd = provider_usd - CASE WHEN OLD.source IN ('openai', 'anthropic') THEN OLD.usd ELSE 0 END,
      reported_usd = reported_usd - CASE WHEN OLD.source IN ('openai', 'anthropic') THEN 0 ELSE OLD.usd END,
      provider_rows = provider_rows - CASE WHEN OLD.source IN ('openai', 'anthropic') THEN 1 ELSE 0 END
    WHERE day = OLD.day AND project = COALESCE(OLD.project, '') AND provider = COALESCE(OLD.provider, '');
    INSERT INTO costs_daily (project, provider, day, provider_usd, reported_usd, provider_rows)
    VALUES (COALESCE(NEW.project, ''), COALESCE(NEW.provider, ''), NEW.day,
            CASE WHEN NEW.source IN ('openai', 'anthropic') THEN NEW.usd ELSE 0 END,
            CASE WHEN NEW.source IN ('openai', 'anthropic') THEN 0 ELSE NEW.usd END,
            CASE WHEN NEW.source IN ('openai', 'anthropic') THEN 1 ELSE 0 END)
    ON CONFLICT (day, project, provider) DO UPDATE SET
      provider_usd = provider_usd + excluded.provider_usd,
      reported_usd = reported_usd + excluded.reported_usd,
      provider_rows = provider_rows + excluded.provider_rows;
  END;
  INSERT INTO costs_daily (project, provider, day, provider_usd, reported_usd, provider_rows)
    SELECT COALESCE(project, ''), COALESCE(provider, ''), day,
           SUM(CASE WHEN source IN ('openai', 'anthropic') THEN usd ELSE 0 END),
           SUM(CASE WHEN source IN ('openai', 'anthropic') THEN 0 ELSE usd END),
           SUM(CASE WHEN source IN ('openai', 'anthropic') THEN 1 ELSE 0 END)
    FROM costs GROUP BY 1, 2, 3;
  `,
  // v11: which active statuses a task has, answered from the index alone, however many of its runs are open
  // (a heartbeat whose /start pings get no end keeps one running run per start until its grace ends).
  `
  CREATE INDEX runs_task_status_active ON runs (task_id, status) WHERE status IN ('queued', 'waiting', 'running');
  `,
  // v12: alerts that say more with less. A muted alert is folded into another (a failing upstream's, or its
  // task's flapping alert) and sends nothing while muted_by is set; release_at is when it goes out on its own
  // if still unresolved. task_health holds each task's last health state, moved by an UPDATE that must
  // change one row, and health_changes one row per move (flapping counts them; the digest reads them).
  `
  ALTER TABLE alerts ADD COLUMN muted_by INTEGER;
  ALTER TABLE alerts ADD COLUMN release_at TEXT;
  ALTER TABLE alerts ADD COLUMN payload_json TEXT;
  CREATE INDEX alerts_muted_by ON alerts (muted_by) WHERE muted_by IS NOT NULL;
  CREATE INDEX alerts_release ON alerts (release_at) WHERE release_at IS NOT NULL AND state != 'resolved';
  CREATE INDEX alerts_opened ON alerts (opened_at);
  CREATE INDEX alerts_resolved ON alerts (resolved_at) WHERE resolved_at IS NOT NULL;
  CREATE TABLE task_health (
    task_id    TEXT PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('ok', 'failing', 'late', 'down')),
    changed_at TEXT NOT NULL
  );
  CREATE TABLE health_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id    TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    at         TEXT NOT NULL,
    run_id     INTEGER
  );
  CREATE INDEX health_changes_task ON health_changes (task_id, at);
  CREATE INDEX health_changes_at ON health_changes (at);
  CREATE INDEX runs_missed ON runs (scheduled_for) WHERE status = 'missed';
  `,
  // Messages projects send through Agent OS (issue 25 §2): stored when received, gathered per project into
  // one `message` alert whose deliveries are retried like any other; alert_id is set when it was gathered.
  `
  CREATE TABLE messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project     TEXT NOT NULL,
    title       TEXT,
    message     TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
    source      TEXT NOT NULL CHECK (source IN ('task', 'http', 'cli')),
    run_id      INTEGER,
    received_at TEXT NOT NULL,
    alert_id    INTEGER
  );
  CREATE INDEX messages_waiting ON messages (project, received_at) WHERE alert_id IS NULL;
  CREATE INDEX messages_received ON messages (received_at);
  CREATE INDEX messages_alert ON messages (alert_id) WHERE alert_id IS NOT NULL;
  -- A project's ping key (POST /notify/<key>, /ping/<key>/<task>): kept when the project goes away for a
  -- while, so the jobs elsewhere that use it keep working when it comes back.
  CREATE TABLE project_keys (
    project  TEXT PRIMARY KEY,
    ping_key TEXT NOT NULL UNIQUE
  );
  `,
  // A person can snooze an alert (the dashboard's Snooze 1 h / until tomorrow): no reminders until then.
  `ALTER TABLE alerts ADD COLUMN snoozed_until TEXT;`,
  // Runs belong to an engine instance (a random id per process start), not to a pid: after a reboot or a
  // container restart the dead engine's pid belongs to someone else (issue 21 §3).
  `
  ALTER TABLE runs ADD COLUMN owner_instance TEXT;
  `,
  // Heartbeats made by a first ping to an unknown slug (`/ping/<project key>/<slug>?create=1`, as on
  // healthchecks.io): a task of their project until its manifest declares one of that name (issue 23).
  `
  CREATE TABLE created_checks (
    project    TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (project, name)
  );
  `,
];

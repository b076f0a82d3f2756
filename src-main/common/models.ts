/**
 * Wire models shared by the core, the hosts (CLI, HTTP, IPC) and the renderer.
 * Field names are snake_case because they are the JSON contract of SPEC §10.
 * Types only: this folder holds no runtime code.
 */

/** Lifecycle of one run. Terminal states are everything but queued, waiting and running. */
export type RunStatus = 'queued' | 'waiting' | 'running' | 'success' | 'failed' | 'timeout' | 'cancelled' | 'interrupted' | 'skipped' | 'missed';

/** Why a run exists. */
export type RunTrigger = 'schedule' | 'manual' | 'retry' | 'trigger' | 'catch_up' | 'external' | 'heartbeat';

/**
 * Who owns a task's schedule: Agent OS itself (command), launchd, crontab, a remote pinger (heartbeat), or a
 * cloud cron found in the project's own files: a GitHub Actions workflow or a Railway cron service.
 */
export type TaskKind = 'command' | 'launchd' | 'cron' | 'heartbeat' | 'github_actions' | 'railway';

/**
 * A task's health as shown everywhere (tray, status --json). `unknown` (an extension to SPEC §10): an
 * external job whose source gave no readable state (e.g. launchctl output it could not parse).
 */
export type TaskState = 'ok' | 'failing' | 'running' | 'late' | 'down' | 'paused' | 'never' | 'unknown';

/** One execution or observation of a task (SPEC §4). Times are ISO-8601 strings. */
export interface Run {
  /** Run id, increasing; also exported to the task as AGENT_OS_RUN_ID. */
  id: number;
  /** "project/task". */
  task: string;
  project: string;
  status: RunStatus;
  trigger: RunTrigger;
  /** 0 for the first attempt, n for the n-th retry. */
  attempt: number;
  /** The run this one retries, if any. */
  retry_of: number | null;
  /** The time a schedule wanted this run to happen, if scheduled. */
  scheduled_for: string | null;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  exit_code: number | null;
  /** Signal name (e.g. SIGKILL) when the process was ended by a signal. */
  signal: string | null;
  /** One readable sentence when the run did not succeed; already redacted. */
  error: string | null;
  /** Process id of the task while it runs. */
  pid: number | null;
  /** The upstream run whose result triggered this one (cross-project workflows). */
  triggered_by: number | null;
}

/** One problem found in a manifest or in config.yml. */
export interface ConfigError {
  /** Field path inside the file, e.g. `tasks.daily.timeout`; empty for the whole file. */
  path: string;
  /** What was expected, what was found and what to do. */
  message: string;
  /** 1-based line in the file when known. */
  line?: number;
  /** The file the error is in. */
  file?: string;
}

/** A project as listed by `projects --json`. */
export interface ProjectInfo {
  name: string;
  path: string;
  state: 'ok' | 'invalid';
  errors: ConfigError[];
  /** Task ids, "project/task". */
  tasks: string[];
  /**
   * The project's own ping key: `POST /notify/<ping_key>` sends a message to its channels. A secret like a
   * heartbeat's ping URL (anyone with it can send); shown only behind the API token.
   */
  ping_key?: string;
  /** Where a job elsewhere posts its messages: `<server>/notify/<ping_key>` (as secret as the key). */
  notify_url?: string;
}

/** A task row of `status --json`. */
export interface TaskStatus {
  id: string;
  kind: TaskKind;
  state: TaskState;
  paused: boolean;
  /** Human schedule (cron expression or `every 15m`), null when the task only runs on demand. */
  schedule: string | null;
  last_run: Run | null;
  next_run: string | null;
  /** Command tasks: what they run, as one line (argv joined by spaces), for search and the task's page. */
  command?: string;
  /** Heartbeat tasks only. */
  ping_url?: string;
  /** Something the user should know: why the state is unknown, what a source said. */
  note?: string | null;
  /** A crontab line that pings this heartbeat (its real schedule). */
  linked?: string;
  /** launchd jobs: where their stdout/stderr go. */
  log_paths?: string[];
  /** Upstream tasks (`depends_on`) whose failure folds this task's alerts into theirs. */
  depends_on?: string[];
  /**
   * This task's alert is folded into the alert of this upstream task (not sent on its own): while the upstream
   * fails, and after it recovered until this task's next run (or heartbeat deadline) shows it still fails.
   */
  muted_by?: string;
  /** True while the task flaps (changed state too often): one flapping alert, then quiet until it is stable. */
  flapping?: boolean;
  /** Cloud tasks (github_actions, railway): where the schedule is declared and what runs it. */
  cloud?: CloudTaskInfo;
  /** Heartbeat and cloud tasks: the exact command that pings this task, to add to the job (healthchecks style). */
  ping_hint?: string;
  /**
   * A command task whose attempt failed and whose retry waits (manifest `retries`): which retry, of how many,
   * and when it starts ("retry 1/2 in 10s"). Its alert waits for the last attempt.
   */
  retry?: TaskRetry;
}

/** A retry waiting to start: the `attempt`-th retry of `of` (manifest `retries`), due at `at` (ISO). */
export interface TaskRetry {
  attempt: number;
  of: number;
  at: string;
  /** Why the attempt before it failed. */
  error: string | null;
}

/** A cloud schedule found in a project's files (SPEC §6), as status shows it. */
export interface CloudTaskInfo {
  provider: 'github_actions' | 'railway';
  /** The file it is declared in, relative to the project folder. */
  file: string;
  /** The workflow's name, or the Railway service. */
  title: string;
  /** Its crons. */
  crons: string[];
  /** The IANA zone each cron runs in, in the same order (`UTC` unless the file names one). */
  timezones: string[];
  /** GitHub: the workflow's jobs. */
  jobs: string[];
  /**
   * Run now can start it (GitHub: the workflow has workflow_dispatch and Agent OS has a token; Railway: Agent OS
   * has a token and the service's ids in config.yml `railway.services`).
   */
  runnable: boolean;
  /** Why Run now cannot start it, when it cannot. */
  not_runnable_reason: string | null;
  /** Agent OS can read its runs from the provider (a token is set, and for Railway its ids); else only pings show them. */
  observed: boolean;
}

/** A project block of `status --json`. */
export interface ProjectStatus {
  name: string;
  path: string;
  state: 'ok' | 'invalid';
  errors: ConfigError[];
  tasks: TaskStatus[];
  /** The latest report of the project's `status.command`, when it has one. */
  health?: ProjectHealth | null;
}

/** The whole `status --json` document. */
export interface StatusReport {
  projects: ProjectStatus[];
  /** Problems in config.yml; the affected settings fell back to their defaults. */
  config_errors: ConfigError[];
  /** True while every task is paused (pause all). */
  paused_all: boolean;
  /** Other engines this one shows (config `remotes`, e.g. a hosted `agent-os serve`), each with its last known status. */
  remotes?: RemoteEngineStatus[];
  /**
   * Set while the engine shows the example projects (config.yml lists no projects or roots): the folder in
   * the home they were copied to and run from.
   */
  examples?: string;
  /** Notification channels that do not answer (an open channel_failing alert); absent when all do. */
  channels_down?: ChannelDown[];
  /** Engine-wide problems shown above everything, e.g. "the disk holding <home> is full …" (absent when none). */
  notices?: string[];
  /** Whether tasks' PATH has the user's login-shell folders (engines that run tasks report it). */
  task_path?: TaskPathStatus;
  /** What the job sources said that is worth knowing: crontab lines cron skips, a launchctl failure (absent when none). */
  source_notes?: string[];
}

/** A notification channel that does not answer: its notifications are kept and sent once it does. */
export interface ChannelDown {
  id: string;
  /** "ntfy (ntfy.sh/…)": its kind and where it sends, safe to show. */
  label: string;
  /** Since when it fails (ISO). */
  since: string;
  /** Its last error. */
  error: string | null;
  /** Notifications waiting for it. */
  waiting: number;
}

/**
 * How this engine makes tasks' PATH (SPEC §12 Task environment): its own PATH, the login shell's folders
 * it lacks, then /opt/homebrew/bin and /usr/local/bin. The login shell is asked once per start.
 */
export interface TaskPathStatus {
  /**
   * `resolved`: the login shell answered; `failed`: it failed or hung (see warning); `no-shell`: the user
   * has none; `off`: AGENT_OS_LOGIN_SHELL=off.
   */
  login_shell: 'resolving' | 'resolved' | 'failed' | 'no-shell' | 'off';
  /** The shell asked, e.g. /bin/zsh. */
  shell: string | null;
  /** One sentence on what went wrong and what tasks get instead; null when nothing did. */
  warning: string | null;
}

/** A remote engine as this engine sees it: reachable or not (and since when), and its projects. */
export interface RemoteEngineStatus {
  /** Its name in config `remotes`; every task of it is labelled with it. */
  name: string;
  url: string;
  state: 'connecting' | 'connected' | 'unreachable';
  /** When it entered this state. */
  since: string;
  /** Why it is unreachable, in one sentence. */
  error: string | null;
  /** Its projects as it last reported them (kept while it is unreachable). */
  projects: ProjectStatus[];
  paused_all: boolean;
}

/** A result a task reported through AGENT_OS_OUTPUT. */
export interface TaskResult {
  /** The idempotency key; null for appended, keyless results. */
  key: string | null;
  run_id: number;
  /** The JSON object the task wrote, without its `type` and `key` fields. */
  data: unknown;
  recorded_at: string;
}

/** A cost record attributed to a project (and, when reported by a run, a task and the run). */
export interface CostRecord {
  source: string;
  project: string | null;
  task: string | null;
  run_id: number | null;
  provider: string | null;
  model: string | null;
  /** Calendar day, YYYY-MM-DD. */
  day: string;
  usd: number;
}

/** A metric a task reported through AGENT_OS_OUTPUT. */
export interface RunMetric {
  run_id: number;
  name: string;
  value: number;
}

/** A run together with the text of its log (head, cut mark and tail). */
export interface RunWithLog {
  run: Run;
  log: string;
  metrics: RunMetric[];
  /** The runs whose results triggered this one, oldest first (empty when not triggered). */
  chain: Run[];
  /** The results this run reported. */
  results: TaskResult[];
}

/** A piece of a run's log from a byte offset, for live tailing. */
export interface LogChunk {
  /** Text from `offset` to the current end of the log file. */
  text: string;
  /** Where the next call should continue. */
  offset: number;
  /** True when the run has ended (the log will not grow). */
  done: boolean;
  status: RunStatus;
  /** While a run's log is past its cap, the latest output is held in memory: this is it. */
  live_tail: string | null;
}

/**
 * One upcoming fire time of a task, for the schedule view; or, for a task firing more than a few times in a
 * (local) day, one entry for that day: its first time in `at`, the exact `count`, `last_at` and its pace.
 */
export interface UpcomingRun {
  task: string;
  kind: TaskKind;
  /** ISO time; for heartbeats, when the next ping is expected. For a folded entry, the day's first. */
  at: string;
  paused: boolean;
  /** A folded entry: how many times it fires this day, `at` included (absent: this one time). */
  count?: number;
  /** A folded entry: its last time this day. */
  last_at?: string;
  /** A folded entry: how often it fires in words ("minute", "5 minutes"), null when not at a steady pace. */
  every?: string | null;
}

/** One task's page (`tasks.detail`): what it runs, who runs it, how its last runs went and when it runs next. */
export interface TaskDetail {
  task: TaskStatus;
  project: string;
  /** What runs, as a person would type it: the command, the crontab command, the launchd label, the cloud file. */
  command: string | null;
  /** The next fire times (or expected pings), soonest first; empty when nothing is scheduled. */
  next_runs: string[];
  /** The last runs, newest first (at most 50). */
  runs: Run[];
  stats: TaskRunStats;
}

/** Figures over a task's last runs that ended by themselves (success, failed, timeout, interrupted). */
export interface TaskRunStats {
  /** How many such runs the figures cover. */
  ended: number;
  /** Share of them that succeeded, 0..1; null with none. */
  success_rate: number | null;
  avg_ms: number | null;
  p95_ms: number | null;
}

/** A project's own health report (manifest `status.command`). */
export interface ProjectHealth {
  /** unknown: the status command failed or printed something unreadable (see error). */
  state: 'ok' | 'degraded' | 'down' | 'unknown';
  message: string | null;
  metrics: Record<string, unknown> | null;
  at: string;
  run_id: number | null;
  error: string | null;
}

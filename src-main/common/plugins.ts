import type { ZodType } from 'zod';
import type { NotificationChannel } from './alerts';
import type { RunStatus, TaskState } from './models';

/**
 * What a channel plugin is given besides its config entry. Secrets are looked up by the name of the
 * variable that holds them (`token_env: TELEGRAM_BOT_TOKEN`): from the engine's environment, or from the
 * desktop keychain. They never come from config.yml.
 */
export interface ChannelContext {
  /** Stable id for the channel, derived from its entry's identity (see `ChannelPlugin.identity`). */
  id: string;
  /** The value of a secret by its variable name, or undefined when it is not set. */
  secret(envName: string): string | undefined;
}

/**
 * A notification channel plugin: one folder in `plugins/`, one line in `plugins/registry.ts`.
 * The core reads `notify.webhooks` entries through `entry`, and never imports a plugin by name.
 */
export interface ChannelPlugin<Entry extends { kind: string } = { kind: string }> {
  kind: Entry['kind'];
  /** Validates one `notify.webhooks` entry of this kind (its `kind` is a literal). */
  entry: ZodType<Entry>;
  /** The parts of an entry that tell two channels apart (never a secret's value): the channel id derives from them. */
  identity(entry: Entry): string;
  /** The variable names of the secrets the entry refers to, so the engine can redact their values everywhere. */
  secretNames(entry: Entry): string[];
  create(entry: Entry, context: ChannelContext): NotificationChannel;
}

/** One provider cost figure: a day, a provider project or workspace, a line item, USD. */
export interface ProviderCostLine {
  provider: 'openai' | 'anthropic';
  day: string;
  /** OpenAI project id or Anthropic workspace id; null for the default/unscoped one. */
  provider_project: string | null;
  line_item: string;
  model: string | null;
  usd: number;
}

/** How a cost provider fetches: its API base, Agent OS's read-only admin key, from which day. */
export interface CostFetchOptions {
  baseUrl: string;
  adminKey: string;
  /** First day fetched (UTC midnight). */
  since: Date;
  signal?: AbortSignal;
  log?: (line: string) => void;
  backoffMs?: number;
}

/**
 * A cost provider plugin (OpenAI, Anthropic): one folder in `plugins/`, one line in `plugins/registry.ts`.
 * The built-in `agent-os` project gets one `<id>-costs` task per provider whose admin key is present.
 */
export interface CostProviderPlugin {
  /** Its key in AdminKeys and in config.yml `costs` (`costs.openai`, `costs.anthropic`). */
  id: 'openai' | 'anthropic';
  /** "OpenAI", for log lines. */
  label: string;
  /** The built-in task's description. */
  description: string;
  fetchCosts(options: CostFetchOptions): Promise<ProviderCostLine[]>;
  /** Names of its projects or workspaces by id, best effort (map by equal name). */
  names(options: Pick<CostFetchOptions, 'baseUrl' | 'adminKey' | 'log'>): Promise<Map<string, string>>;
}

/** A job scheduled outside Agent OS (launchd or crontab), as observed now. */
export interface ExternalJob {
  /** "project/task" when a manifest claims it, else "unassigned/<slug>". */
  taskId: string;
  kind: 'launchd' | 'cron';
  /** The launchd label, or the crontab line's command. */
  title: string;
  /** Human schedule: "StartInterval 300s", "Hour 3", "0 2 * * *", "@daily"; null when launchd only starts it on demand. */
  schedule: string | null;
  nextRun: string | null;
  state: TaskState;
  /** A readable note: why the state is unknown, a launchctl error, a line cron rejects. */
  note: string | null;
  /** Where its output goes (launchd StandardOutPath/StandardErrorPath). */
  logPaths: string[];
  pid: number | null;
  lastExit: number | null;
  lastSignal: number | null;
  runs: number | null;
  /** launchd: the label kickstart needs. */
  label?: string;
  /** cron: what Run now executes, with the crontab's environment lines. */
  command?: string;
  env?: Record<string, string>;
  /** cron: a heartbeat ping key found in the command (links the entry to that heartbeat task). */
  pingKey?: string | null;
  /** cron: the line's expression (macros expanded) and CRON_TZ, which the schedule view counts from. */
  cronSpec?: { expression: string; timezone?: string };
  /** What computes later fire times (schedule view). */
  upcoming?: (after: Date, count: number, until: Date) => Date[];
}

/** Where a crontab job came from, for claims and heartbeat links: its source, schedule and command as cron reads them. */
export interface CronOrigin {
  /** `crontab -l` or a file path. */
  source: string;
  schedule: string;
  command: string;
  /** A heartbeat ping key found in the command. */
  pingKey: string | null;
}

/** What one source of jobs found on this machine, before manifests claim them. */
export interface ExternalSourceScan {
  jobs: Array<Omit<ExternalJob, 'taskId'> & { origin?: CronOrigin }>;
  /** The source is there but failed, or a file holds lines it skips, in words. */
  notes: string[];
}

/** Where the machine's own schedulers are, and when "now" is. */
export interface ExternalSourceOptions {
  launchdDirs: string[];
  cronDirs: string[];
  env: Record<string, string | undefined>;
  now: Date;
}

/**
 * A source of jobs scheduled outside Agent OS (launchd, crontab): one folder in `plugins/`, one line in
 * `plugins/registry.ts`. `scan` never throws; `start` is Run now where the source can start a job itself.
 */
export interface ExternalSourcePlugin {
  kind: ExternalJob['kind'];
  scan(options: ExternalSourceOptions): Promise<ExternalSourceScan>;
  /** Asks the source to start the job now (launchd: kickstart -k); absent where Agent OS runs it itself (cron). */
  start?(job: ExternalJob, env: Record<string, string | undefined>): Promise<void>;
}

/** A cloud task whose runs Agent OS looks at: its id, project and folder, and the file its schedule is in. */
export interface ObservedCloudTask {
  id: string;
  project: string;
  dir: string;
  /** The workflow or Railway file, relative to the project folder. */
  file: string;
}

/** One run at the provider, as the observer records it. */
export interface ProviderRun {
  /** The provider's id for it (the key of `open`). */
  key: string;
  /** Our rid for it, `<provider>:<id>`. */
  rid: string;
  createdAt: string;
  startedAt: string;
  /** How it ended; null while it is in progress. */
  end: { status: RunStatus; finishedAt: string; error: string | null } | null;
  /** Whether it may be the run a Run now asked for (GitHub: a workflow_dispatch run; Railway: any execution). */
  mayBeManual: boolean;
  /** What its log says. */
  log: string[];
}

/** What a cloud plugin's look at one task may use: the settings, what it saw of the task last time, and a recorder. */
export interface CloudLook<Settings> {
  settings: Settings;
  /** What was last seen of the task (kept in the database, so a restart asks only for what is new). */
  seen<T>(fresh: T): T;
  saveSeen(seen: unknown): void;
  /** One provider run as our run; `open` maps provider ids of runs seen in progress to ours, updated in place. */
  record(run: ProviderRun, open: Record<string, number>): void;
}

/** Why a provider call failed, classified for the poller's next step (a plugin's errors carry it). */
export interface ProviderFailure extends Error {
  kind: 'unauthorized' | 'forbidden' | 'rate_limited' | 'not_found' | 'server' | 'offline' | 'invalid';
  /** rate_limited: when calls may resume. */
  retryAt: Date | null;
}

/**
 * A cloud provider plugin (GitHub Actions, Railway): one folder in `plugins/`, one line in `plugins/registry.ts`.
 * The core's CloudObserver polls, backs off, keeps notes and records runs; the plugin reads the provider.
 */
export interface CloudProviderPlugin<Settings extends { pollMs: number }> {
  provider: 'github_actions' | 'railway';
  /** Its name in the app log and in the database's settings (`<key>:<task id>`). */
  key: string;
  /** "GitHub Actions", in messages. */
  label: string;
  /** What a refused Run now says first ("could not dispatch"). */
  refused: string;
  /** Reads one task's new runs and records them. */
  lookAt(task: ObservedCloudTask, look: CloudLook<Settings>): Promise<void>;
  /** Asks the provider to run the task now; the rid of the run it started when it says, else null. */
  dispatch(task: ObservedCloudTask, settings: Settings): Promise<string | null>;
}

// What a host sees of the engine: how it is created (CoreOptions), started (StartOptions) and used (Core).
import type { NotificationChannel } from '../common/alerts';
import type { Run } from '../common/models';
import type { Logger } from './app-log';
import type { AdminKeys } from './costs/builtin-project';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';
import type { CoreHandlers } from './handlers';
import type { HomePaths } from './home';
import type { PingInput } from './monitor/heartbeat-monitor';
import type { SlugTarget } from './monitor/slug-pings';

/** How a host creates the engine. Everything is injected: the core keeps no module-level state. */
export interface CoreOptions {
  home: string;
  /** Time and the engine's timers (scheduler, retries, heartbeat deadlines, alerts, polls); tests drive a fake one. */
  clock?: Clock;
  log?: Logger;
  /** The environment Agent OS runs in; tasks only ever see its PATH, HOME, USER, LANG, TMPDIR and SHELL. */
  hostEnv?: NodeJS.ProcessEnv;
  /** Bundled example projects, copied to `<home>/examples` and opened when config.yml lists no projects or roots (serve, desktop). */
  examplesDir?: string;
  /** better-sqlite3 native binding built for this runtime's ABI (the desktop passes an Electron-ABI copy). */
  sqliteBinding?: string;
  /** Provider admin keys for the cost fetchers (default: AGENT_OS_*_ADMIN_KEY from hostEnv). Never stored. */
  adminKeys?: AdminKeys;
  /** Channels a host provides besides the configured webhooks (the desktop's native notifications). */
  channels?: NotificationChannel[];
  /**
   * The CLI's own script, for a one-shot CLI engine: the runs that triggers start are handed to detached
   * workers started from it, as the command does not outlive them. Hosts that live (serve, desktop) leave it out.
   */
  followUpWorker?: string;
}

/** What start() switches on. */
export interface StartOptions {
  /**
   * The long-running engine: scheduler, wall-clock checks and live project discovery. Hosts that live
   * (serve, the desktop app) turn it on; a one-shot CLI command does not.
   */
  engine?: boolean;
}

/** The engine as hosts see it. */
export interface Core {
  handlers: CoreHandlers;
  events: EventBus;
  paths: HomePaths;
  /** The engine's logger (app.log): hosts log through it, so "see the app log" finds something there. */
  log: Logger;
  /** Recovers interrupted runs, loads the projects and, with `engine`, starts scheduling and watching. */
  start(options?: StartOptions): Promise<void>;
  /** Stops the engine: nothing new starts, live runs are killed and recorded as interrupted, the database closes. */
  stop(): Promise<void>;
  /** Re-reads config.yml and every manifest now (the watcher does this by itself). */
  reload(): void;
  /** The machine woke up or the clock jumped: re-check schedules against the wall clock. */
  resume(): void;
  /** Queues a run and hands it to a detached worker process (CLI `run` without --wait). */
  startDetached(taskId: string, cliEntry: string): Run;
  /** Executes a run queued by another process; resolves with the last run of its retry chain. */
  executeQueued(runId: number): Promise<Run>;
  /** Resolves when every run this process started (and its retries) has ended. */
  idle(): Promise<void>;
  /** PRAGMA integrity_check of the database. */
  integrityCheck(): string;
  /**
   * Records a heartbeat ping by ping key (HTTP /ping); unknown key: UserError not_found. Pings arriving
   * together are written in one transaction; the promise settles once that has committed.
   */
  ping(key: string, input: PingInput): Promise<{ run_id: number | null; task: string }>;
  /**
   * A message to a project's channels by the project's ping key (HTTP `POST /notify/<key>`): JSON
   * `{"message","title","level"}` or text. Unknown key: UserError not_found; a bad message: invalid.
   */
  notify(key: string, input: unknown): { id: number | null };
  /**
   * The task a healthchecks slug URL addresses (`/ping/<project ping key>/<task>`); with `create`, an unknown
   * name becomes a heartbeat of that project. UserError: not_found, invalid (a bad slug) or conflict.
   */
  resolveSlug(projectKey: string, slug: string, create: boolean): SlugTarget;
  /** The ping key of a heartbeat task, for `agent-os ping project/task`. */
  pingKeyOf(taskId: string): string;
  /** Where hosts serve /ping, for the ping URLs shown to the user. */
  setPingBase(url: string): void;
}

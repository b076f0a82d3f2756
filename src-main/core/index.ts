import { dirname } from 'node:path';
import type { ConfigError, Run } from '../common/models';
import { createAppLog, type Logger } from './app-log';
import { loadConfig } from './config/load-config';
import type { Config } from './config/config-schema';
import { openStore } from './db/store';
import { parseDuration } from './duration';
import { EventBus } from './event-bus';
import { createHandlers, type CoreHandlers } from './handlers';
import { ensureHome, type HomePaths } from './home';
import { ProjectRegistry } from './projects/project-registry';
import { spawnRunWorker } from './runner/detach';
import { recoverInterruptedRuns } from './runner/recover-runs';
import { RunService } from './runner/run-service';
import { parseSize } from './size';

export { resolveHome } from './home';
export { UserError } from './errors';
export { ARG_SCHEMAS } from './handlers/arg-schemas';

/** How a host creates the engine. Everything is injected: the core keeps no module-level state. */
export interface CoreOptions {
  home: string;
  /** The clock; tests inject one to simulate time. */
  now?: () => Date;
  log?: Logger;
  /** The environment Agent OS runs in; tasks only ever see its PATH, HOME, USER, LANG, TMPDIR and SHELL. */
  hostEnv?: NodeJS.ProcessEnv;
}

/** The engine as hosts see it. */
export interface Core {
  handlers: CoreHandlers;
  events: EventBus;
  paths: HomePaths;
  /** Recovers interrupted runs and loads the projects. */
  start(): Promise<void>;
  /** Stops the engine: live runs are cancelled and recorded, then the database is closed. */
  stop(): Promise<void>;
  /** Queues a run and hands it to a detached worker process (CLI `run` without --wait). */
  startDetached(taskId: string, cliEntry: string): Run;
  /** Executes a run queued by another process; resolves with the last run of its retry chain. */
  executeQueued(runId: number): Promise<Run>;
  /** Resolves when every run this process started (and its retries) has ended. */
  idle(): Promise<void>;
  /** PRAGMA integrity_check of the database. */
  integrityCheck(): string;
}

/** Creates the engine for one Agent OS home. */
export function createCore(options: CoreOptions): Core {
  const now = options.now ?? (() => new Date());
  const paths = ensureHome(options.home);
  const log = options.log ?? createAppLog(paths.logs);
  const events = new EventBus((error) => log.error({ err: String(error) }, 'event listener failed'));
  const store = openStore(paths.db);
  let loaded = loadConfig(paths.config);
  const registry = new ProjectRegistry(store, dirname(paths.config), now);
  let discoveryErrors: ConfigError[] = [];
  const config = (): Config => loaded.config;
  const ctx = {
    store,
    events,
    log,
    now,
    runLogsDir: paths.runLogs,
    hostEnv: options.hostEnv ?? process.env,
    get logMaxBytes() {
      return parseSize(config().retention.log_max_bytes) ?? 2 * 1024 * 1024;
    },
    get killGraceMs() {
      return parseDuration(config().kill_grace) ?? 5000;
    },
  };
  const runs = new RunService(ctx, registry);
  const handlers = createHandlers({ store, registry, runs, configErrors: () => [...loaded.errors, ...discoveryErrors] });

  return {
    handlers,
    events,
    paths,
    async start() {
      const recovered = recoverInterruptedRuns(store, events, now());
      if (recovered.length) log.warn({ runs: recovered.map((r) => r.id) }, 'closed runs interrupted by a previous crash');
      loaded = loadConfig(paths.config);
      const found = registry.discover(loaded.config);
      discoveryErrors = found.errors;
      registry.load(found.dirs);
    },
    async stop() {
      await runs.stop();
      store.close();
    },
    startDetached(taskId, cliEntry) {
      return runs.start(taskId, { trigger: 'manual' }, (run) => spawnRunWorker(cliEntry, run.id, ctx.hostEnv));
    },
    executeQueued: (runId) => runs.executeQueued(runId),
    idle: () => runs.idle(),
    integrityCheck: () => store.integrityCheck(),
  };
}

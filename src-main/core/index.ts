import { taskAlertInput } from './alerts/task-alert-input';
import { PINGED_KINDS } from './db/catalog-repo';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigError, Run } from '../common/models';
import { createAppLog } from './app-log';
import { systemClock } from './clock';
import { DiskWatch, guardedClock } from './disk-full';
import { loadConfig, resolveConfiguredPath, type LoadedConfig } from './config/load-config';
import { openStore } from './db/store';
import { parseDuration } from './duration';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import type { Core, CoreOptions } from './core-types';
import { ensureHome } from './home';
import { envFilePaths } from './projects/env-files';
import { ProjectRegistry } from './projects/project-registry';
import { examplesInHome } from './projects/examples';
import { ProjectWatcher } from './projects/project-watcher';
import { MANIFEST_FILE } from './projects/load-manifest';
import { spawnRunWorker } from './runner/detach';
import { recoverInterruptedRuns } from './runner/recover-runs';
import { LoginShellPath } from './runner/task-path';
import { RunService } from './runner/run-service';
import { ResourcePool } from './scheduler/resource-pool';
import { Scheduler } from './scheduler/scheduler';
import { GithubObserver } from './cloud/github-observer';
import { RailwayObserver } from './cloud/railway-observer';
import { cloudLack } from './cloud/cloud-job';
import { RemoteEngines } from './remotes/remote-engines';
import { HeartbeatMonitor, type PingInput } from './monitor/heartbeat-monitor';
import { TaskStateTracker } from './task-state-tracker';
import { AlertEngine } from './alerts/alert-engine';
import { channelSecretNames, configuredChannels } from './alerts/build-channels';
import { DeliveryWorker } from './alerts/delivery-worker';
import { buildDigest, type DigestSources } from './alerts/digest';
import { DigestSender } from './alerts/digest-sender';
import { upcomingRuns } from './scheduler/upcoming';
import type { NotificationChannel } from '../common/alerts';
import { adminKeysFromEnv, BUILTIN, builtinProject, type BuiltinExecutor } from './costs/builtin-project';
import { checkBudgets } from './costs/budget-alerts';
import { TriggerEngine } from './workflows/trigger-engine';
import { recordHealth } from './monitor/project-health';
import { pingBatcher } from './monitor/ping-batcher';
import { SlugPings } from './monitor/slug-pings';
import { ExternalSource } from './external/external-source';
import { cronRunTarget } from './external/cron-run';
import type { Budgets } from './costs/cost-report';
import { describeTask } from './handlers/status';
import { UserError } from './errors';
import { parseSize } from './size';
import { RetentionJob } from './retention';
import { MessageRelay } from './messages/message-relay';
import { alertProject } from './alerts/alert-message';
import { createRedactor, secretValues } from './runner/redactor';
import { readProjectEnvs } from './keys/env-sources';

export { resolveHome } from './home';
export { UserError } from './errors';
export { ARG_SCHEMAS } from './handlers/arg-schemas';
export type { Core, CoreOptions, StartOptions } from './core-types';

/** A manifest's `notify:` names a channel config.yml does not have: said once per name, on the manifest's file. */
function unknownRoutes(projects: ReturnType<ProjectRegistry['all']>, channels: readonly NotificationChannel[]): ConfigError[] {
  const names = new Set(channels.flatMap((c) => (c.name ? [c.name] : [])));
  const known = [...names].join(', ') || 'none has a name';
  return projects.flatMap((p) =>
    (p.manifest?.notify ?? []).flatMap((name, i) =>
      names.has(name)
        ? []
        : [
            {
              file: p.manifestPath,
              path: `notify.${i}`,
              message: `${p.name} routes its alerts to "${name}", but no channel in config.yml notify.webhooks has that name (named: ${known}); nothing of ${p.name}'s goes to it`,
            },
          ],
    ),
  );
}

/** When a file last changed (0 when it is missing). */
function fileStamp(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Creates the engine for one Agent OS home. */
export function createCore(options: CoreOptions): Core {
  const baseClock = options.clock ?? systemClock;
  const now = (): Date => baseClock.now();
  const paths = ensureHome(options.home);
  const log = options.log ?? createAppLog(paths.logs);
  const store = openStore(paths.db, options.sqliteBinding);
  // A full disk holds runs and is shown; it does not end the engine (issue 22).
  const disk = new DiskWatch(paths.home, baseClock, () => store.catalog.putSetting('disk_probe', now().toISOString()), log);
  const failed = (what: string) => (error: unknown) => {
    if (!disk.report(error)) log.error({ err: String(error) }, what);
  };
  // Every engine timer runs through this clock: a job that throws is reported, the others go on.
  const clock = guardedClock(baseClock, failed('timer job failed'));
  const events = new EventBus(failed('event listener failed'));
  // The last config.yml that could be read: a file broken while the engine runs does not drop every project
  // (and their pings) for the defaults; broken at start, nothing runs rather than the examples (issue 22).
  let lastGood: LoadedConfig | null = null;
  const readConfig = (): LoadedConfig => {
    const next = loadConfig(paths.config);
    if (!next.broken) return (lastGood = next);
    const what = lastGood
      ? 'config.yml cannot be used as it is, so the engine keeps its last good configuration; fix the errors above'
      : 'config.yml cannot be used as it is, so no project runs (not even the examples); fix the errors above';
    const errors = [...next.errors, { file: paths.config, path: '', message: what }];
    return lastGood ? { config: lastGood.config, errors, broken: true } : { ...next, errors };
  };
  let loaded = readConfig();
  let discoveryErrors: ConfigError[] = [];
  /** The home's copy of the example projects while they are what the engine shows (nothing configured). */
  let examplesShown: string | null = null;
  const adminKeys = options.adminKeys ?? adminKeysFromEnv(options.hostEnv ?? process.env);
  /** A channel's or remote's secret by its variable name: the desktop keychain first, then the environment. */
  const secret = (envName: string): string | undefined =>
    adminKeys.channels?.[envName] ?? adminKeys.remotes?.[envName] ?? (options.hostEnv ?? process.env)[envName] ?? undefined;
  // A cloud task's runs can be seen when Agent OS holds that provider's token (and, for Railway, knows which
  // service it is); else only through pings.
  const registry = new ProjectRegistry(store, dirname(paths.config), now, (provider, taskId) =>
    cloudLack(provider, taskId, adminKeys, loaded.config.railway.services),
  );
  const resources = new ResourcePool(loaded.config.resources);
  let builtins = new Map<string, BuiltinExecutor>();
  const loginShell = new LoginShellPath(() => options.hostEnv ?? process.env, log);
  const ctx = {
    loginPath: () => loginShell.path(),
    get builtins() {
      return builtins;
    },
    builtinSecrets: () =>
      [
        adminKeys.openai,
        adminKeys.anthropic,
        adminKeys.github,
        adminKeys.railway,
        ...Object.values(adminKeys.remotes ?? {}),
        ...channelSecretNames(loaded.config.notify.webhooks).map(secret),
      ].filter((k): k is string => Boolean(k)),
    store,
    events,
    log,
    now,
    runLogsDir: paths.runLogs,
    hostEnv: options.hostEnv ?? process.env,
    get logMaxBytes() {
      return parseSize(loaded.config.retention.log_max_bytes) ?? 2 * 1024 * 1024;
    },
    get killGraceMs() {
      return parseDuration(loaded.config.kill_grace) ?? 5000;
    },
    disk,
  };
  const runs = new RunService(ctx, registry, resources, clock);
  const scheduler = new Scheduler(store, registry, runs, events, log, clock);
  const monitor = new HeartbeatMonitor(store, registry, events, log, clock, paths.runLogs);
  const cloudDeps = { store, registry, monitor, events, log, clock, runLogsDir: paths.runLogs };
  const github = new GithubObserver(cloudDeps, () => ({
    apiUrl: loaded.config.github.api_url,
    pollMs: parseDuration(loaded.config.github.poll) ?? 300_000,
    repos: loaded.config.github.repos,
    token: adminKeys.github,
  }));
  const railway = new RailwayObserver(cloudDeps, () => ({
    apiUrl: loaded.config.railway.api_url,
    pollMs: parseDuration(loaded.config.railway.poll) ?? 300_000,
    services: loaded.config.railway.services,
    token: adminKeys.railway,
  }));
  const retention = new RetentionJob(store, paths.runLogs, () => loaded.config.retention.runs_days, clock, log);
  let pingBase = '';
  const currentPingBase = (): string => pingBase || `http://${loaded.config.server.host}:${loaded.config.server.port}`;
  let channels: NotificationChannel[] = [];
  const alertEngine = new AlertEngine(store, events, now, {
    channels: () => channels,
    quietHours: () => loaded.config.quiet_hours,
    upstreams: (taskId) => registry.upstreams.get(taskId) ?? [],
    flapping: () => ({
      changes: loaded.config.notify.flapping.changes,
      windowMs: parseDuration(loaded.config.notify.flapping.window) ?? 3_600_000,
      window: loaded.config.notify.flapping.window,
    }),
    // A pinged task proves it is still down at its next deadline; any other is still failing now.
    releaseAfter: (taskId, at) => (PINGED_KINDS.has(store.catalog.task(taskId)?.kind ?? 'command') ? monitor.downDeadline(taskId, at) : at),
    route: (alert) => {
      const project = alertProject(alert);
      const names = project ? registry.get(project)?.manifest?.notify : undefined;
      return names ? new Set(names) : null;
    },
  });
  const relay = new MessageRelay(store, alertEngine, events, now, {
    knows: (project) => registry.get(project) !== undefined,
    // HTTP and CLI messages get what a run's output gets: the project's secrets and the known key shapes.
    redact: (project, text) => {
      const loaded = registry.get(project);
      const secrets = loaded
        ? [
            ...readProjectEnvs([loaded]).flatMap((p) => p.files.flatMap((f) => [...f.secrets.values()])),
            ...Object.values(loaded.manifest?.tasks ?? {}).flatMap((t) => secretValues(t.env)),
          ]
        : [];
      return createRedactor([...secrets, ...ctx.builtinSecrets()]).redact(text);
    },
  });
  const remotes = new RemoteEngines(events, alertEngine, clock, secret);
  const digestSources: DigestSources = {
    store,
    status: () => handlers['status.get'](),
    upcoming: (at, hours) => upcomingRuns(store, registry, at, hours, external.all()),
    budgets: () => budgets(),
  };
  const digests = new DigestSender(store, alertEngine, events, now, {
    time: () => loaded.config.notify.digest,
    build: (at) => buildDigest(digestSources, at),
  });
  const deliveries = new DeliveryWorker(store, alertEngine, log, clock, {
    periodic: () => {
      alertEngine.folding.tick();
      digests.tick();
      relay.tick();
    },
    channels: () => channels,
    timeoutMs: () => parseDuration(loaded.config.notify.timeout) ?? 10_000,
    retryBaseMs: () => parseDuration(loaded.config.notify.retry_base) ?? 10_000,
    retryMaxMs: () => parseDuration(loaded.config.notify.retry_max) ?? 900_000,
    maxAttempts: () => loaded.config.notify.max_attempts,
    reminderHours: () => loaded.config.notify.reminder_hours,
    dashboardUrl: () => (loaded.config.notify.dashboard_url ?? pingBase) || null,
  });
  const budgets = (): Budgets => ({
    overall: loaded.config.budgets,
    projects: new Map(registry.all().flatMap((p) => (p.manifest?.budget ? [[p.name, p.manifest.budget] as const] : []))),
  });
  const describe = (taskId: string) => {
    const row = store.catalog.task(taskId);
    const loadedProject = row ? registry.get(row.project) : undefined;
    if (!row || !loadedProject) return null;
    return describeTask(
      { store, registry, pausedAll: scheduler.pausedAll(), now: now(), pingBase: currentPingBase() },
      registry.info(loadedProject),
      taskId,
      row,
    );
  };
  const tracker = new TaskStateTracker(events);
  /**
   * After anything that may change a task's state: task.state events and the alert rules. Coalesced per
   * task to once per turn of the event loop, so a burst (pings, a run's started/finished pair) costs one look.
   */
  const pendingRefresh = new Set<string>();
  const refreshTaskNow = (taskId: string): void => {
    const task = describe(taskId);
    if (!task) return;
    tracker.record(taskId, task.state);
    const input = taskAlertInput(store, task);
    if (input) alertEngine.taskState(taskId, input.state, input.runId, input.detail, task.kind);
  };
  const refreshTask = (taskId: string): void => {
    if (pendingRefresh.size === 0) {
      setImmediate(() => {
        const ids = [...pendingRefresh];
        pendingRefresh.clear();
        if (stopped) return;
        for (const id of ids) {
          try {
            refreshTaskNow(id);
          } catch (error) {
            log.error({ task: id, err: String(error) }, 'task refresh failed');
          }
        }
      });
    }
    pendingRefresh.add(taskId);
  };

  events.on('run.started', ({ run }) => refreshTask(run.task));
  const triggers = new TriggerEngine(store, registry, runs, log);
  const external = new ExternalSource(store, registry, events, log, clock, () => ({
    launchdDirs: (loaded.config.launchd.dirs ?? ['~/Library/LaunchAgents']).map((d) => resolveConfiguredPath(d, dirname(paths.config))),
    env: ctx.hostEnv,
    cronDirs: loaded.config.cron.dirs,
  }));
  runs.externalTask = (taskId) => cronRunTarget(external, registry, taskId, ctx.hostEnv);
  // Each follow-up of a finished run on its own: one failing must not skip the others.
  const followUps: Array<(run: Run) => void> = [
    (run) => refreshTask(run.task),
    (run) => triggers.runFinished(run),
    (run) => run.task.endsWith('/_status') && recordHealth(store, alertEngine, run, now()),
    (run) => store.outputs.costsOfRun(run.id).length > 0 && checkBudgets(store, alertEngine, budgets(), now()),
  ];
  events.on('run.finished', ({ run }) => {
    for (const step of followUps) {
      try {
        step(run);
      } catch (error) {
        log.error({ run: run.id, err: String(error) }, 'a follow-up of a finished run failed');
      }
    }
  });
  events.on('project.changed', ({ project, removed }) => {
    if (!removed) alertEngine.projectState(project);
  });
  monitor.onStateChange = (taskId) => refreshTask(taskId);
  let watcher: ProjectWatcher | null = null;
  let engineOn = false;

  let configStamp: number | null = null;
  const reload = (): void => {
    loaded = readConfig();
    // The login shell is asked again when config.yml itself changed (a config reload), not per project edit.
    const stamp = fileStamp(paths.config);
    if (engineOn && configStamp !== null && stamp !== configStamp) loginShell.refresh();
    configStamp = stamp;
    channels = [...configuredChannels(loaded.config.notify.webhooks, secret), ...(options.channels ?? [])];
    resources.setLimits(loaded.config.resources);
    remotes.configure(loaded.config.remotes);
    const bundled = options.examplesDir;
    const found =
      loaded.broken && !lastGood
        ? { dirs: [], errors: [], examples: null }
        : registry.discover(loaded.config, bundled ? () => examplesInHome(bundled, paths.home, store, now, (line) => log.warn(line)) : undefined);
    discoveryErrors = found.errors;
    examplesShown = found.examples;
    const known = (): ReadonlySet<string> => new Set(registry.all().map((p) => p.name));
    const builtin = builtinProject(loaded.config, adminKeys, paths.home, known, now);
    builtins = builtin.executors;
    const { changed, removed } = registry.load(found.dirs, builtin.project);
    discoveryErrors.push(...unknownRoutes(registry.all(), channels));
    for (const name of changed) {
      const project = registry.get(name);
      if (project) events.emit('project.changed', { project: registry.info(project), removed: false });
    }
    for (const name of removed) events.emit('project.changed', { project: { name, path: '', state: 'ok', errors: [], tasks: [] }, removed: true });
    if (engineOn) {
      scheduler.sync();
      monitor.sync();
      rewatch();
    }
  };

  const rewatch = (): void => {
    const base = dirname(paths.config);
    watcher ??= new ProjectWatcher(
      () => {
        try {
          reload();
        } catch (error) {
          log.error({ err: String(error) }, 'reload failed');
        }
      },
      (error) => log.warn({ err: String(error) }, 'watcher error'),
    );
    watcher.update({
      roots: loaded.config.roots.map((r) => resolveConfiguredPath(r, base)),
      depth: loaded.config.scan_depth,
      projects: registry
        .all()
        .filter((p) => p.name !== BUILTIN)
        .map((p) => ({ dir: p.dir, envNames: new Set(p.manifest ? envFilePaths(p.dir, p.manifest).paths.map((f) => f.slice(p.dir.length + 1)) : ['.env']) })),
      files: [paths.config, ...loaded.config.projects.map((p) => join(resolveConfiguredPath(p, base), MANIFEST_FILE))],
    });
  };

  const ping = pingBatcher(
    (work) => store.transaction(work),
    ({ key, input }: { key: string; input: PingInput }) => monitor.ping(key, input),
  );

  let stopped: Promise<void> | null = null;
  const stopAll = async (): Promise<void> => {
    disk.stop();
    loginShell.stop();
    scheduler.stop();
    monitor.stop();
    github.stop();
    railway.stop();
    await Promise.all([github.settled(), railway.settled()]);
    remotes.stop();
    external.stop();
    await external.settled();
    await deliveries.stop();
    await retention.stop();
    await watcher?.close();
    watcher = null;
    await runs.stop();
    store.close();
  };

  const handlers = createHandlers({
    github,
    railway,
    remotes,
    store,
    registry,
    runs,
    scheduler,
    monitor,
    external,
    events,
    budgets,
    alerts: alertEngine,
    messages: relay,
    digest: () => buildDigest(digestSources, now()),
    channels: () => channels,
    timeoutMs: () => parseDuration(loaded.config.notify.timeout) ?? 10_000,
    dashboardUrl: () => (loaded.config.notify.dashboard_url ?? pingBase) || null,
    now,
    pingBase: currentPingBase,
    config: () => loaded.config,
    configFile: paths.config,
    reload: () => reload(),
    configErrors: () => [...loaded.errors, ...discoveryErrors],
    examples: () => examplesShown,
    notices: () => [disk.notice()].filter((n): n is string => n !== null),
    home: paths.home,
    hostEnv: ctx.hostEnv,
    taskPath: () => loginShell.status(),
  });

  return {
    handlers,
    events,
    paths,
    log,
    async start(startOptions = {}) {
      engineOn = startOptions.engine === true;
      if (engineOn) loginShell.refresh();
      // On a full disk the engine still starts: it shows the state and carries on once there is space.
      try {
        const recovered = recoverInterruptedRuns(store, events, now());
        if (recovered.length) log.warn({ runs: recovered.map((r) => r.id) }, 'closed runs interrupted by a previous crash');
        reload();
      } catch (error) {
        if (!disk.report(error)) throw error;
      }
      await external.refresh();
      if (engineOn) {
        external.start();
        scheduler.start();
        monitor.start();
        github.start();
        railway.start();
        remotes.start();
        deliveries.start();
        retention.start();
      }
    },
    async stop() {
      if (stopped) return stopped;
      stopped = stopAll();
      return stopped;
    },
    reload,
    resume: () => scheduler.resume(),
    startDetached(taskId, cliEntry) {
      // launchd and the cloud run their own jobs: Run now is a kickstart or a request to the provider, whichever host asks.
      if (['launchd', 'github_actions', 'railway'].includes(store.catalog.task(taskId)?.kind ?? '')) return handlers['runs.start']({ task: taskId });
      return runs.start(taskId, { trigger: 'manual' }, (run) => spawnRunWorker(cliEntry, run.id, ctx.hostEnv));
    },
    detachFollowUps(cliEntry) {
      runs.followUpDetach = (run) => spawnRunWorker(cliEntry, run.id, ctx.hostEnv);
    },
    executeQueued: (runId) => runs.executeQueued(runId),
    idle: () => runs.idle(),
    integrityCheck: () => store.integrityCheck(),
    // No re-sync per ping: monitor.ping creates a missing row itself, and reloads sync the rest.
    ping: (key, input) =>
      ping({ key, input }).catch((error: unknown) => {
        disk.report(error); // not acknowledged: the client retries, nothing it was told is lost
        throw error;
      }),
    notify(key, input) {
      const project = store.catalog.projectByPingKey(key);
      if (!project || !registry.get(project)) throw new UserError('no project has this ping key', 'not_found');
      return relay.receive(project, input, 'http');
    },
    resolveSlug: (key, slug, create) => new SlugPings(store, registry, events).resolve(key, slug, create),
    pingKeyOf(taskId) {
      const row = store.catalog.task(taskId);
      if (!row) throw new UserError(`no heartbeat task "${taskId}"; see \`agent-os status\``, 'not_found');
      if (!row.ping_key) throw new UserError(`task ${taskId} is a ${row.kind} task, not a heartbeat; only heartbeat tasks take pings`, 'invalid');
      return row.ping_key;
    },
    setPingBase(url) {
      pingBase = url.replace(/\/$/, '');
    },
  };
}

import type { NotificationChannel } from '../common/alerts';
import { dirname } from 'node:path';
import { createAppLog } from './app-log';
import { systemClock } from './clock';
import { DiskWatch, guardedClock } from './disk-full';
import { ConfigKeeper } from './config/config-keeper';
import { resolveConfiguredPath } from './config/load-config';
import { openStore } from './db/store';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import type { Core, CoreOptions } from './core-types';
import { ensureHome } from './home';
import { ProjectRegistry } from './projects/project-registry';
import { spawnRunWorker } from './runner/detach';
import { recoverInterruptedRuns } from './runner/recover-runs';
import { LoginShellPath } from './runner/task-path';
import { RunService } from './runner/run-service';
import { ResourcePool } from './scheduler/resource-pool';
import { Scheduler } from './scheduler/scheduler';
import { CloudObserver } from './cloud/cloud-observer';
import { missingRailwayIds } from './cloud/cloud-status';
import { CLOUD_PLUGINS } from '../../plugins/registry';
import { cloudLack } from './cloud/cloud-job';
import { RemoteEngines } from './remotes/remote-engines';
import { HeartbeatMonitor, type PingInput } from './monitor/heartbeat-monitor';
import { AlertEngine } from './alerts/alert-engine';
import { channelSecretNames } from './alerts/build-channels';
import { alertRoute } from './alerts/notify-routes';
import { DeliveryWorker } from './alerts/delivery-worker';
import { buildDigest, type DigestSources } from './alerts/digest';
import { DigestSender } from './alerts/digest-sender';
import { upcomingRuns } from './scheduler/upcoming';
import { adminKeysFromEnv, type BuiltinExecutor } from './costs/builtin-project';
import { TriggerEngine } from './workflows/trigger-engine';
import { pingBatcher } from './monitor/ping-batcher';
import { SlugPings } from './monitor/slug-pings';
import { ExternalSource } from './external/external-source';
import { cronRunTarget } from './external/cron-run';
import { budgetsOf, type Budgets } from './costs/cost-report';
import { parseSize } from './size';
import { RetentionJob } from './retention';
import { MessageRelay } from './messages/message-relay';
import { projectRedactor } from './keys/project-redactor';
import { engineSecrets, secretLookup } from './keys/engine-secrets';
import { TaskRefresher } from './task-refresher';
import { followFinishedRuns } from './run-follow-ups';
import { Reloader } from './reloader';

export { resolveHome } from './home';
export { UserError } from './errors';
export { ARG_SCHEMAS } from './handlers/arg-schemas';
export type { Core, CoreOptions, StartOptions } from './core-types';

/** Creates the engine for one Agent OS home. */
export function createCore(options: CoreOptions): Core {
  const baseClock = options.clock ?? systemClock;
  const now = (): Date => baseClock.now();
  const paths = ensureHome(options.home);
  const hostEnv = options.hostEnv ?? process.env;
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
  const keeper = new ConfigKeeper(paths.config);
  const config = () => keeper.current.config;
  const adminKeys = options.adminKeys ?? adminKeysFromEnv(hostEnv);
  const secret = secretLookup(adminKeys, hostEnv);
  // A cloud task's runs can be seen when Agent OS holds that provider's token (and, for Railway, knows which
  // service it is); else only through pings.
  const registry = new ProjectRegistry(store, dirname(paths.config), now, (provider, taskId) =>
    cloudLack(provider, taskId, adminKeys, config().railway.services),
  );
  const resources = new ResourcePool(config().resources);
  const loginShell = new LoginShellPath(() => hostEnv, log);
  const ctx = {
    loginPath: () => loginShell.path(),
    get builtins(): Map<string, BuiltinExecutor> {
      return reloader.builtins;
    },
    builtinSecrets: () => engineSecrets(adminKeys, channelSecretNames(config().notify.webhooks).map(secret)),
    store,
    events,
    log,
    now,
    runLogsDir: paths.runLogs,
    hostEnv,
    get logMaxBytes() {
      return parseSize(config().retention.log_max_bytes) ?? 2 * 1024 * 1024;
    },
    get killGraceMs() {
      return keeper.durations.killGraceMs;
    },
    disk,
  };
  const external = new ExternalSource(store, registry, events, log, clock, () => ({
    launchdDirs: (config().launchd.dirs ?? ['~/Library/LaunchAgents']).map((d) => resolveConfiguredPath(d, dirname(paths.config))),
    env: hostEnv,
    cronDirs: config().cron.dirs,
  }));
  const runs = new RunService(ctx, registry, resources, clock, {
    payloadFor: (upstream): unknown => triggers.payloadFor(upstream),
    externalTask: (taskId) => cronRunTarget(external, registry, taskId, hostEnv),
  });
  const scheduler = new Scheduler(store, registry, runs, events, log, clock);
  const refreshTask = (taskId: string): void => refresher.refresh(taskId);
  const monitor = new HeartbeatMonitor(store, registry, events, log, clock, paths.runLogs, refreshTask);
  const cloudDeps = { store, registry, monitor, events, log, clock, runLogsDir: paths.runLogs };
  const github = new CloudObserver(cloudDeps, CLOUD_PLUGINS.github(), () => ({
    apiUrl: config().github.api_url,
    pollMs: keeper.durations.githubPollMs,
    repos: config().github.repos,
    token: adminKeys.github,
  }));
  const railway = new CloudObserver(cloudDeps, CLOUD_PLUGINS.railway(), () => ({
    apiUrl: config().railway.api_url,
    pollMs: keeper.durations.railwayPollMs,
    services: config().railway.services,
    token: adminKeys.railway,
    missingIds: missingRailwayIds,
  }));
  const retention = new RetentionJob(store, paths.runLogs, () => config().retention.runs_days, clock, log);
  let pingBase = '';
  const currentPingBase = (): string => pingBase || `http://${config().server.host}:${config().server.port}`;
  const channels = (): NotificationChannel[] => reloader.channels;
  const alertEngine = new AlertEngine(store, events, now, {
    channels,
    quietHours: () => config().quiet_hours,
    upstreams: (taskId) => registry.upstreams.get(taskId) ?? [],
    flapping: () => ({
      changes: config().notify.flapping.changes,
      windowMs: keeper.durations.flappingWindowMs,
      window: config().notify.flapping.window,
    }),
    releaseAfter: (taskId, at) => monitor.releaseAfter(taskId, at),
    route: alertRoute((name) => registry.get(name)),
  });
  const relay = new MessageRelay(store, alertEngine, events, now, {
    knows: (project) => registry.get(project) !== undefined,
    redact: projectRedactor(registry, ctx.builtinSecrets),
  });
  const remotes = new RemoteEngines(events, alertEngine, clock, secret);
  const digestSources: DigestSources = {
    store,
    status: () => handlers['status.get'](),
    upcoming: (at, hours) => upcomingRuns(store, registry, at, hours, external.all()),
    budgets: () => budgets(),
  };
  const digests = new DigestSender(store, alertEngine, events, now, {
    time: () => config().notify.digest,
    build: (at) => buildDigest(digestSources, at),
  });
  const dashboardUrl = () => (config().notify.dashboard_url ?? pingBase) || null;
  const deliveries = new DeliveryWorker(store, alertEngine, log, clock, {
    periodic: () => {
      alertEngine.folding.tick();
      digests.tick();
      relay.tick();
    },
    channels,
    timeoutMs: () => keeper.durations.notifyTimeoutMs,
    retryBaseMs: () => keeper.durations.notifyRetryBaseMs,
    retryMaxMs: () => keeper.durations.notifyRetryMaxMs,
    maxAttempts: () => config().notify.max_attempts,
    reminderHours: () => config().notify.reminder_hours,
    dashboardUrl,
  });
  const budgets = (): Budgets => budgetsOf(config().budgets, registry.all());
  const base = { store, registry, events, log, now };
  const refresher = new TaskRefresher({ ...base, alerts: alertEngine, pausedAll: () => scheduler.pausedAll(), pingBase: currentPingBase });
  events.on('run.started', ({ run }) => refreshTask(run.task));
  // A one-shot CLI engine does not outlive the runs its triggers start: detached workers supervise them.
  const worker = options.followUpWorker;
  const triggers = new TriggerEngine(store, registry, runs, log, worker ? (run) => spawnRunWorker(worker, run.id, hostEnv) : undefined);
  followFinishedRuns({ ...base, alerts: alertEngine, budgets, refreshTask, triggers });
  events.on('project.changed', ({ project, removed }) => {
    if (!removed) alertEngine.projectState(project);
  });
  let engineOn = false;
  const reloader = new Reloader({
    ...base,
    config: keeper,
    paths,
    resources,
    remotes,
    scheduler,
    monitor,
    loginShell,
    adminKeys,
    secret,
    hostChannels: options.channels ?? [],
    examplesDir: options.examplesDir,
    engineOn: () => engineOn,
  });
  const reload = (): void => reloader.reload();

  const ping = pingBatcher(
    (work) => store.transaction(work),
    ({ key, input }: { key: string; input: PingInput }) => monitor.ping(key, input),
  );

  let stopped: Promise<void> | null = null;
  const stopAll = async (): Promise<void> => {
    refresher.stop();
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
    await reloader.close();
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
    channels,
    timeoutMs: () => keeper.durations.notifyTimeoutMs,
    dashboardUrl,
    now,
    pingBase: currentPingBase,
    config,
    configFile: paths.config,
    reload,
    configErrors: () => [...keeper.current.errors, ...reloader.errors],
    examples: () => reloader.examples,
    notices: () => [disk.notice()].filter((n): n is string => n !== null),
    home: paths.home,
    hostEnv,
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
        const recovered = recoverInterruptedRuns(store, events, now(), engineOn);
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
      return runs.start(taskId, { trigger: 'manual' }, (run) => spawnRunWorker(cliEntry, run.id, hostEnv));
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
    notify: (key, input) => relay.receiveByPingKey(key, input),
    resolveSlug: (key, slug, create) => new SlugPings(store, registry, events).resolve(key, slug, create),
    pingKeyOf: (taskId) => monitor.pingKeyOf(taskId),
    setPingBase(url) {
      pingBase = url.replace(/\/$/, '');
    },
  };
}

import { dirname, join } from 'node:path';
import type { NotificationChannel } from '../common/alerts';
import type { ConfigError } from '../common/models';
import type { Logger } from './app-log';
import { configuredChannels } from './alerts/build-channels';
import { unknownRoutes } from './alerts/notify-routes';
import type { ConfigKeeper } from './config/config-keeper';
import { resolveConfiguredPath } from './config/load-config';
import { BUILTIN, builtinProject, type AdminKeys, type BuiltinExecutor } from './costs/builtin-project';
import type { Store } from './db/store';
import type { EventBus } from './event-bus';
import type { HomePaths } from './home';
import type { HeartbeatMonitor } from './monitor/heartbeat-monitor';
import { envFilePaths } from './projects/env-files';
import { examplesInHome } from './projects/examples';
import { MANIFEST_FILE } from './projects/load-manifest';
import type { ProjectRegistry } from './projects/project-registry';
import { ProjectWatcher, type WatchTargets } from './projects/project-watcher';
import type { RemoteEngines } from './remotes/remote-engines';
import type { LoginShellPath } from './runner/task-path';
import type { ResourcePool } from './scheduler/resource-pool';
import type { Scheduler } from './scheduler/scheduler';

/** What a reload reads and whom it tells. */
export interface ReloaderDeps {
  config: ConfigKeeper;
  /** The home (examples are copied into it) and its config.yml. */
  paths: Pick<HomePaths, 'home' | 'config'>;
  store: Store;
  registry: ProjectRegistry;
  events: EventBus;
  log: Logger;
  now: () => Date;
  resources: ResourcePool;
  remotes: RemoteEngines;
  scheduler: Scheduler;
  monitor: HeartbeatMonitor;
  loginShell: LoginShellPath;
  adminKeys: AdminKeys;
  /** A channel's secret by its variable name. */
  secret: (envName: string) => string | undefined;
  /** Channels a host provides besides the configured webhooks. */
  hostChannels: readonly NotificationChannel[];
  /** Bundled example projects, opened when config.yml lists no projects or roots. */
  examplesDir?: string;
  /** Whether this is the long-running engine (it schedules and watches) rather than a one-shot command. */
  engineOn: () => boolean;
}

/**
 * Re-reads config.yml and every manifest: the channels, resource limits, remotes, the projects (found, listed,
 * the examples, the built-in one), project.changed for what changed and, in the engine, the scheduler, the
 * heartbeat monitor and the watcher that calls it again on the next change.
 */
export class Reloader {
  private channelList: NotificationChannel[] = [];
  private executors = new Map<string, BuiltinExecutor>();
  private discoveryErrors: ConfigError[] = [];
  private examplesShown: string | null = null;
  private watcher: ProjectWatcher | null = null;

  constructor(private readonly deps: ReloaderDeps) {}

  /** The notification channels of the configuration now. */
  get channels(): NotificationChannel[] {
    return this.channelList;
  }

  /** The built-in project's executors by task name. */
  get builtins(): Map<string, BuiltinExecutor> {
    return this.executors;
  }

  /** What the last discovery found wrong (besides config.yml's own errors). */
  get errors(): ConfigError[] {
    return this.discoveryErrors;
  }

  /** The home's copy of the example projects while they are what the engine shows (nothing configured). */
  get examples(): string | null {
    return this.examplesShown;
  }

  reload(): void {
    const { config, registry, events, store, log, now } = this.deps;
    const { home } = this.deps.paths;
    const loaded = config.read();
    // The login shell is asked again when config.yml itself changed (a config reload), not per project edit.
    if (this.deps.engineOn() && config.fileChanged) this.deps.loginShell.refresh();
    this.channelList = [...configuredChannels(loaded.config.notify.webhooks, this.deps.secret), ...this.deps.hostChannels];
    this.deps.resources.setLimits(loaded.config.resources);
    this.deps.remotes.configure(loaded.config.remotes);
    const bundled = this.deps.examplesDir;
    const found =
      loaded.broken && !config.hasGood
        ? { dirs: [], errors: [], examples: null }
        : registry.discover(loaded.config, bundled ? () => examplesInHome(bundled, home, store, now, (line) => log.warn(line)) : undefined);
    this.discoveryErrors = found.errors;
    this.examplesShown = found.examples;
    const known = (): ReadonlySet<string> => new Set(registry.all().map((p) => p.name));
    const builtin = builtinProject(loaded.config, this.deps.adminKeys, home, known, now);
    this.executors = builtin.executors;
    const { changed, removed } = registry.load(found.dirs, builtin.project);
    this.discoveryErrors.push(...unknownRoutes(registry.all(), this.channelList));
    for (const name of changed) {
      const project = registry.get(name);
      if (project) events.emit('project.changed', { project: registry.info(project), removed: false });
    }
    for (const name of removed) events.emit('project.changed', { project: { name, path: '', state: 'ok', errors: [], tasks: [] }, removed: true });
    if (this.deps.engineOn()) {
      this.deps.scheduler.sync();
      this.deps.monitor.sync();
      this.rewatch();
    }
  }

  /** Stops watching (a later engine reload would watch again). */
  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = null;
  }

  private rewatch(): void {
    const { log } = this.deps;
    this.watcher ??= new ProjectWatcher(
      () => {
        try {
          this.reload();
        } catch (error) {
          log.error({ err: String(error) }, 'reload failed');
        }
      },
      (error) => log.warn({ err: String(error) }, 'watcher error'),
    );
    this.watcher.update(this.watchTargets());
  }

  /** config.yml, the roots to search, and each known project's manifest and env files. */
  private watchTargets(): WatchTargets {
    const { config } = this.deps.config.current;
    const file = this.deps.paths.config;
    const base = dirname(file);
    return {
      roots: config.roots.map((r) => resolveConfiguredPath(r, base)),
      depth: config.scan_depth,
      projects: this.deps.registry
        .all()
        .filter((p) => p.name !== BUILTIN)
        .map((p) => ({ dir: p.dir, envNames: new Set(p.manifest ? envFilePaths(p.dir, p.manifest).paths.map((f) => f.slice(p.dir.length + 1)) : ['.env']) })),
      files: [file, ...config.projects.map((p) => join(resolveConfiguredPath(p, base), MANIFEST_FILE))],
    };
  }
}

import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type {
  ChannelDown,
  ConfigError,
  LogChunk,
  ProjectInfo,
  Run,
  RunWithLog,
  StatusReport,
  TaskDetail,
  TaskPathStatus,
  TaskResult,
  TaskStatus,
  UpcomingRun,
} from '../../common/models';
import type { Config } from '../config/config-schema';
import { updateConfigFile } from '../config/update-config';
import { refuseMissingFolders } from '../config/folder-check';
import { readLogFrom } from './read-log';
import { upcomingRuns } from '../scheduler/upcoming';
import { cloudTaskOf } from '../projects/cloud-tasks';
import { notRunnableReason } from '../cloud/cloud-status';
import type { CloudObserver } from '../cloud/cloud-observer';
import type { RemoteEngines } from '../remotes/remote-engines';
import type { Store } from '../db/store';
import { UserError } from '../errors';
import type { ProjectRegistry } from '../projects/project-registry';
import type { RunService } from '../runner/run-service';
import type { Scheduler } from '../scheduler/scheduler';
import type { HeartbeatMonitor } from '../monitor/heartbeat-monitor';
import type { AlertEngine } from '../alerts/alert-engine';
import type { Digest, NotificationChannel } from '../../common/alerts';
import { createAlertHandlers } from './alert-handlers';
import type { ExternalSource } from '../external/external-source';
import type { EventBus } from '../event-bus';
import type { CostOverview, CostSummary } from '../../common/costs';
import { costOverview, costSummary, type Budgets } from '../costs/cost-report';
import { createKeysHandlers } from './keys-handlers';
import { createMessageHandlers } from './message-handlers';
import type { MessageRelay } from '../messages/message-relay';
import type { ARG_SCHEMAS } from './arg-schemas';
import { buildStatus } from './status';
import { taskDetail } from './task-detail';

// Handlers take what callers may send (the schema's input type); hosts validate with ARG_SCHEMAS first.
type Arg<K extends keyof typeof ARG_SCHEMAS> = z.input<(typeof ARG_SCHEMAS)[K]>;

/** What the handlers need from the engine. */
export interface HandlerDeps {
  store: Store;
  registry: ProjectRegistry;
  runs: RunService;
  scheduler: Scheduler;
  monitor: HeartbeatMonitor;
  external: ExternalSource;
  /** GitHub Actions runs and dispatches (cloud tasks). */
  github: CloudObserver<{ pollMs: number }>;
  /** Railway cron executions and Run now (cloud tasks). */
  railway: CloudObserver<{ pollMs: number }>;
  /** Remote engines (config `remotes`): their status, and commands for their tasks. */
  remotes: RemoteEngines;
  events: EventBus;
  budgets: () => Budgets;
  alerts: AlertEngine;
  /** Messages projects send to their channels. */
  messages: MessageRelay;
  /** The daily digest as of now. */
  digest: () => Digest;
  channels: () => NotificationChannel[];
  dashboardUrl: () => string | null;
  timeoutMs: () => number;
  now: () => Date;
  pingBase: () => string;
  config: () => Config;
  configFile: string;
  reload: () => void;
  configErrors: () => ConfigError[];
  /** The folder of the example projects while they are shown (nothing configured), else null. */
  examples: () => string | null;
  /** Engine-wide notices (a full disk), shown above everything. */
  notices?: () => string[];
  /** The Agent OS home (the key audit's salt) and the host's own environment (checked for provider keys). */
  home: string;
  hostEnv: NodeJS.ProcessEnv;
  /** How tasks' PATH is made (the login shell's answer), for the status. */
  taskPath: () => TaskPathStatus;
}

/**
 * The core's commands and queries, name -> function. The API contract (common/api.ts) is derived from
 * this object's type, and every host (CLI, HTTP, IPC) calls through it.
 */
export function createHandlers(deps: HandlerDeps) {
  const { store, registry, runs, scheduler, monitor } = deps;
  const statusContext = () => ({
    store,
    registry,
    pausedAll: scheduler.pausedAll(),
    now: deps.now(),
    pingBase: deps.pingBase(),
    external: deps.external,
    cloudNotes: (id: string) => deps.github.note(id) ?? deps.railway.note(id),
  });
  const taskMustExist = (id: string): void => {
    if (!store.catalog.task(id)) throw new UserError(`no task "${id}"; see \`agent-os status\` for the known ones`, 'not_found');
  };
  return {
    ...createAlertHandlers(deps),
    ...createKeysHandlers(deps),
    ...createMessageHandlers(deps),
    'projects.list': (_arg?: Arg<'projects.list'>): ProjectInfo[] =>
      registry.list().map((p) => (p.ping_key ? { ...p, notify_url: `${deps.pingBase()}/notify/${p.ping_key}` } : p)),
    'status.get': (_arg?: Arg<'status.get'>): StatusReport => {
      const report = buildStatus(statusContext(), deps.configErrors());
      const remotes = deps.remotes.snapshot();
      const examples = deps.examples();
      const down = channelsDown(store, deps.channels());
      const notices = deps.notices?.() ?? [];
      // A crontab line cron skips is listed, not dropped silently (issue 23).
      const sourceNotes = deps.external.sourceNotes();
      return {
        ...report,
        task_path: deps.taskPath(),
        ...(remotes.length > 0 ? { remotes } : {}),
        ...(examples ? { examples } : {}),
        ...(down.length > 0 ? { channels_down: down } : {}),
        ...(notices.length > 0 ? { notices } : {}),
        ...(sourceNotes.length > 0 ? { source_notes: [...sourceNotes] } : {}),
      };
    },
    // A command for a remote engine's task (Rerun in the tray, a remote run's log), sent to that engine.
    'remotes.call': (arg: Arg<'remotes.call'>): Promise<unknown> => deps.remotes.call(arg.engine, arg.command, arg.arg as never),
    'runs.list': (arg?: Arg<'runs.list'>): Run[] => store.runs.list(arg ?? {}),
    'runs.get': (arg: Arg<'runs.get'>): RunWithLog => {
      const run = store.runs.get(arg.id);
      if (!run) throw new UserError(`no run with id ${arg.id}; see \`agent-os runs\``, 'not_found');
      const path = store.runs.logPath(arg.id);
      let log = '';
      if (path && arg.log !== false) {
        try {
          log = readFileSync(path, 'utf8');
        } catch {
          log = "[agent-os] this run's log file is gone (removed by retention or by hand)\n";
        }
      }
      const chain: Run[] = [];
      for (let up = run.triggered_by; up !== null && chain.length < 10;) {
        const upstream = store.runs.get(up);
        if (!upstream) break;
        chain.unshift(upstream);
        up = upstream.triggered_by;
      }
      return { run, log, metrics: store.outputs.metricsOfRun(arg.id), chain, results: store.outputs.resultsOfRun(arg.id) };
    },
    'runs.start': (arg: Arg<'runs.start'>): Run => {
      if (store.catalog.task(arg.task)?.kind === 'launchd') {
        // launchd owns the job: Run now asks it to start (kickstart -k) and the run is then observed;
        // a refused kickstart ends this run as failed with launchctl's words.
        const run = deps.external.startObservedRun(arg.task);
        void deps.external
          .kickstart(arg.task)
          .catch((error: Error) => deps.events.emit('run.finished', { run: store.runs.refuse(run.id, deps.now().toISOString(), error.message) }));
        return run;
      }
      // A workflow with workflow_dispatch, a Railway service Agent OS knows: the provider runs it, Agent OS
      // observes the run (runs.start says why it cannot otherwise).
      const cloud = cloudTaskOf(registry, arg.task);
      if (cloud && notRunnableReason(cloud) === null) return deps[cloud.provider === 'github_actions' ? 'github' : 'railway'].dispatch(arg.task);
      return runs.start(arg.task, { trigger: 'manual' });
    },
    'runs.wait': (arg: Arg<'runs.wait'>): Promise<Run> => runs.waitForChain(arg.id),
    'runs.cancel': (arg: Arg<'runs.cancel'>): Run => runs.cancel(arg.id),
    'results.list': (arg: Arg<'results.list'>): TaskResult[] => {
      taskMustExist(arg.task);
      return store.outputs.results(arg.task, arg.limit ?? 100);
    },
    'tasks.pause': (arg: Arg<'tasks.pause'>): { task: string; paused: boolean } => {
      taskMustExist(arg.task);
      store.catalog.setPaused(arg.task, true);
      monitor.setPaused(arg.task, true);
      return { task: arg.task, paused: true };
    },
    'tasks.resume': (arg: Arg<'tasks.resume'>): { task: string; paused: boolean } => {
      taskMustExist(arg.task);
      store.catalog.setPaused(arg.task, false);
      scheduler.resumed(arg.task);
      monitor.setPaused(arg.task, false);
      return { task: arg.task, paused: false };
    },
    'tasks.list': (arg?: Arg<'tasks.list'>): TaskStatus[] =>
      buildStatus(statusContext(), [])
        .projects.filter((p) => !arg?.project || p.name === arg.project)
        .flatMap((p) => p.tasks),
    'tasks.detail': (arg: Arg<'tasks.detail'>): TaskDetail => {
      const project = buildStatus(statusContext(), []).projects.find((p) => p.tasks.some((t) => t.id === arg.task));
      const status = project?.tasks.find((t) => t.id === arg.task);
      if (!project || !status) throw new UserError(`no task "${arg.task}"; see \`agent-os status\` for the known ones`, 'not_found');
      return taskDetail({ store, registry, external: deps.external, now: deps.now() }, status, project.name);
    },
    'runs.tail': (arg: Arg<'runs.tail'>): LogChunk => {
      const run = store.runs.get(arg.id);
      if (!run) throw new UserError(`no run with id ${arg.id}; see \`agent-os runs\``, 'not_found');
      const chunk = readLogFrom(store.runs.logPath(arg.id), arg.offset ?? 0);
      const done = !['queued', 'waiting', 'running'].includes(run.status);
      return { ...chunk, done, status: run.status, live_tail: done ? null : runs.liveTail(arg.id) };
    },
    'schedule.upcoming': (arg: Arg<'schedule.upcoming'>): UpcomingRun[] => upcomingRuns(store, registry, deps.now(), arg.hours ?? 24, deps.external.all()),
    'settings.get': (_arg?: Arg<'settings.get'>): Config => deps.config(),
    'settings.update': (arg: Arg<'settings.update'>): Config => {
      refuseMissingFolders(arg, deps.config(), dirname(deps.configFile));
      updateConfigFile(deps.configFile, arg);
      deps.reload();
      return deps.config();
    },
    'costs.summary': (arg?: Arg<'costs.summary'>): CostSummary => costSummary(store, arg?.by ?? 'project', arg?.since_days ?? 30, deps.now()),
    'costs.overview': (_arg?: Arg<'costs.overview'>): CostOverview => costOverview(store, deps.budgets(), deps.now()),
    'engine.pauseAll': (_arg?: Arg<'engine.pauseAll'>): { paused_all: boolean } => {
      scheduler.setPausedAll(true);
      return { paused_all: true };
    },
    'engine.resumeAll': (_arg?: Arg<'engine.resumeAll'>): { paused_all: boolean } => {
      scheduler.setPausedAll(false);
      return { paused_all: false };
    },
  };
}

/** The handler map's type: the source of the API contract. */
export type CoreHandlers = ReturnType<typeof createHandlers>;

/** The channels with an open channel_failing alert, for the tray and the dashboard's banner. */
function channelsDown(store: Store, channels: readonly NotificationChannel[]): ChannelDown[] {
  return store.alerts.unresolvedOfKind('channel_failing').flatMap((alert) => {
    const channel = channels.find((c) => c.id === alert.subject);
    if (!channel) return [];
    const label = `${channel.name ?? channel.kind} (${channel.target})`;
    return [
      {
        id: channel.id,
        label,
        since: alert.opened_at,
        error: store.alerts.oldestRetrying(channel.id)?.last_error ?? alert.detail,
        waiting: store.alerts.waitingOf(channel.id),
      },
    ];
  });
}

import { createExecution, executions, serviceInstanceId, type RailwayExecution, type RailwayTarget } from '../../../plugins/railway/railway-api';
import type { Run, RunStatus } from '../../common/models';
import { UserError } from '../errors';
import { CloudObserver, type CloudObserverDeps, type ObservedTask, type ProviderRun } from './cloud-observer';
import { missingRailwayIds } from './cloud-status';

/** Which Railway service a task is: the config file does not say, config.yml `railway.services` does. */
export interface RailwayIds {
  service: string;
  environment: string;
}

/** What the observer needs from config and the host. */
export interface RailwaySettings {
  apiUrl: string;
  pollMs: number;
  /** By task id ("project/task"). */
  services: Record<string, RailwayIds>;
  token: string | undefined;
}

/** Per task: what was last seen, so each look pages only as far as it must. */
interface Seen {
  /** When the newest execution recorded was created; null before the first look. */
  newest: string | null;
  /** Railway execution id -> our run id, for executions seen while still in progress. */
  open: Record<string, number>;
}

const FIRST_LOOK_PAGES = 3;
const PER_PAGE = 50;
const IN_PROGRESS = new Set(['CREATED', 'INITIALIZING', 'RUNNING', 'RESTARTING']);

/**
 * Railway cron services as a source (SPEC §6): with the user's token and the service's ids in config.yml, the
 * executions of each cron service become `external` runs, and Run now asks Railway for a new execution. The
 * poll loop, notes and recording are CloudObserver's; this reads Railway's GraphQL API.
 */
export class RailwayObserver extends CloudObserver<RailwaySettings> {
  /** `service|environment` -> service instance id (it never changes for a service in an environment). */
  private readonly instances = new Map<string, string>();

  constructor(deps: CloudObserverDeps, settings: () => RailwaySettings) {
    super(deps, 'railway', 'railway', settings);
  }

  private target(taskId: string): RailwayTarget {
    const { apiUrl, token, services } = this.settings();
    if (!token) throw new UserError('Agent OS has no Railway token; set AGENT_OS_RAILWAY_TOKEN');
    const ids = services[taskId];
    if (!ids) throw new UserError(missingRailwayIds(taskId));
    return { apiUrl, token, serviceId: ids.service, environmentId: ids.environment };
  }

  protected async lookAt(task: ObservedTask): Promise<void> {
    const target = this.target(task.id);
    const seen = this.seen<Seen>(task.id, { newest: null, open: {} });
    const newest = seen.newest === null ? null : Date.parse(seen.newest);
    // Pages go back until they reach what was recorded already and every execution still open was found again.
    const found = await executions(target, {
      first: PER_PAGE,
      maxPages: newest === null ? FIRST_LOOK_PAGES : 10,
      more: (list) =>
        newest === null || Date.parse(list[list.length - 1]?.createdAt ?? '') > newest || Object.keys(seen.open).some((id) => !list.some((e) => e.id === id)),
    });
    const next: Seen = { newest: seen.newest, open: { ...seen.open } };
    // Oldest first, so runs are numbered as they happened; those recorded already are skipped by rid.
    for (const execution of found.reverse()) {
      const created = Date.parse(execution.createdAt);
      if (newest !== null && created < newest && !(execution.id in next.open)) continue;
      this.record(task.id, task.project, asProviderRun(execution, target), next.open);
      if (next.newest === null || created > Date.parse(next.newest)) next.newest = execution.createdAt;
    }
    this.saveSeen(task.id, next);
  }

  /**
   * Run now: records a manual run at once and asks Railway for a new execution of the service's current
   * deployment; the execution is then observed into it. A refused request ends the run as failed.
   */
  dispatch(taskId: string): Run {
    const [project = '', name = ''] = taskId.split('/');
    const cloud = this.deps.registry.get(project)?.manifest?.tasks[name]?.cloud;
    if (cloud?.provider !== 'railway') throw new UserError(`${taskId} is not a Railway task`, 'not_found');
    return this.startManual(taskId, project, 'could not start it on Railway', async () => {
      const target = this.target(taskId);
      const key = `${target.serviceId}|${target.environmentId}`;
      const instance = this.instances.get(key) ?? (await serviceInstanceId(target));
      this.instances.set(key, instance);
      await createExecution(target, instance);
    });
  }
}

/** One execution as the observer records it, with its log: which execution of which deployment, and how it went. */
function asProviderRun(e: RailwayExecution, target: RailwayTarget): ProviderRun {
  const finished = e.completedAt ?? e.updatedAt;
  const end = IN_PROGRESS.has(e.status) || (!e.completedAt && !KNOWN_ENDS.has(e.status)) ? null : { ...outcome(e), finishedAt: finished };
  return {
    key: e.id,
    rid: `railway:${e.id}`,
    createdAt: e.createdAt,
    startedAt: e.createdAt,
    end,
    mayBeManual: true, // Railway does not say what started an execution
    log: [
      `Railway cron execution ${e.id}`,
      `deployment: ${e.deploymentId}; service: ${target.serviceId}; environment: ${target.environmentId}`,
      `status: ${e.status}`,
      `created: ${e.createdAt}; updated: ${e.updatedAt}${e.completedAt ? `; completed: ${e.completedAt}` : ''}`,
      "its output: the deployment's logs in the Railway dashboard",
    ],
  };
}

const KNOWN_ENDS = new Set(['EXITED', 'CRASHED', 'REMOVED', 'STOPPED', 'SKIPPED']);

/** Our status for an execution that ended, and the sentence for one that did not succeed. */
function outcome(e: RailwayExecution): { status: RunStatus; error: string | null } {
  const what = `Railway execution ${e.id} (deployment ${e.deploymentId})`;
  switch (e.status) {
    case 'EXITED':
      return { status: 'success', error: null };
    case 'CRASHED':
      return { status: 'failed', error: `${what} crashed` };
    case 'REMOVED':
    case 'STOPPED':
      return { status: 'cancelled', error: `${what} was ${e.status.toLowerCase()}` };
    case 'SKIPPED':
      return { status: 'skipped', error: `${what} was skipped` };
    default:
      return { status: 'failed', error: `${what} ended with status ${e.status}` };
  }
}

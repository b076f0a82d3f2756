import type { RunStatus } from '../../src-main/common/models';
import type { CloudProviderPlugin, ProviderRun } from '../../src-main/common/plugins';
import { createExecution, executions, serviceInstanceId, type RailwayExecution, type RailwayTarget } from './railway-api';

/** Which Railway service a task is: the config file does not say, config.yml `railway.services` does. */
export interface RailwayIds {
  service: string;
  environment: string;
}

/** What Railway needs from config and the host. */
export interface RailwaySettings {
  apiUrl: string;
  pollMs: number;
  /** By task id ("project/task"). */
  services: Record<string, RailwayIds>;
  token: string | undefined;
  /** The sentence for a task whose ids config.yml lacks (the line to add). */
  missingIds: (taskId: string) => string;
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
 * Railway cron services as a cloud source (SPEC §6): with the user's token and the service's ids in config.yml,
 * the executions of each cron service become `external` runs, and Run now asks Railway for a new execution.
 * Reads Railway's GraphQL API; the core's CloudObserver polls and records. One per observer: it remembers
 * service instance ids.
 */
export function railwayCloud(): CloudProviderPlugin<RailwaySettings> {
  /** `service|environment` -> service instance id (it never changes for a service in an environment). */
  const instances = new Map<string, string>();
  const target = (taskId: string, settings: RailwaySettings): RailwayTarget => {
    const { apiUrl, token, services } = settings;
    if (!token) throw new Error('Agent OS has no Railway token; set AGENT_OS_RAILWAY_TOKEN');
    const ids = services[taskId];
    if (!ids) throw new Error(settings.missingIds(taskId));
    return { apiUrl, token, serviceId: ids.service, environmentId: ids.environment };
  };
  return {
    provider: 'railway',
    key: 'railway',
    label: 'Railway',
    refused: 'could not start it on Railway',
    async lookAt(task, look) {
      const at = target(task.id, look.settings);
      const seen = look.seen<Seen>({ newest: null, open: {} });
      const newest = seen.newest === null ? null : Date.parse(seen.newest);
      // Pages go back until they reach what was recorded already and every execution still open was found again.
      const found = await executions(at, {
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
        look.record(asProviderRun(execution, at), next.open);
        if (next.newest === null || created > Date.parse(next.newest)) next.newest = execution.createdAt;
      }
      look.saveSeen(next);
    },
    // Run now: a new execution of the service's current deployment, observed into the manual run.
    async dispatch(task, settings) {
      const at = target(task.id, settings);
      const key = `${at.serviceId}|${at.environmentId}`;
      const instance = instances.get(key) ?? (await serviceInstanceId(at));
      instances.set(key, instance);
      await createExecution(at, instance);
      return null;
    },
  };
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

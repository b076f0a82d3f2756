import type { ConfigError } from '../../common/models';

/** Who runs a cloud schedule. */
export type CloudProvider = 'github_actions' | 'railway';

/**
 * A schedule that runs in the cloud, found in a project folder's own files (no manifest line): a GitHub
 * Actions workflow with `on.schedule`, or a Railway service with `deploy.cronSchedule`. Its crons are UTC
 * unless a GitHub schedule entry names its own `timezone`.
 */
export interface CloudJob {
  provider: CloudProvider;
  /** The task's name inside its project (`github-nightly`, `railway`, `railway-worker`). */
  name: string;
  /** The file it was read from, relative to the project folder. */
  file: string;
  /** The workflow's `name:` (or its file name), or the Railway service folder. */
  title: string;
  /** Every cron the file declares (5 fields), each with the zone its provider runs it in. */
  schedules: CloudSchedule[];
  /** GitHub: the workflow has `workflow_dispatch`, so Run now can dispatch it. Railway: false. */
  dispatchable: boolean;
  /** GitHub: the workflow's job names. */
  jobs: string[];
  /** Railway: the service's start command, when the file gives one. */
  command: string | null;
  /** Something about its schedule the user should know (a cron GitHub runs less often than written). */
  note?: string;
}

/** One cron of a cloud job and the IANA zone it runs in (`UTC` unless the file names another). */
export interface CloudSchedule {
  cron: string;
  timezone: string;
  /** The cron the provider effectively runs when it differs (GitHub's 5-minute floor), expected by it. */
  runsAs?: string;
  /** The Railway environment whose `environments.<name>.deploy.cronSchedule` this is (absent: the file's own). */
  environment?: string;
}

/** A cloud job's schedules as people read them: `a; b (UTC)`, or each with its zone (and environment) when any has one. */
export function scheduleText(schedules: readonly CloudSchedule[]): string {
  if (schedules.some((s) => s.environment)) return schedules.map((s) => `${s.cron} (${s.timezone}${s.environment ? `, ${s.environment}` : ''})`).join('; ');
  if (schedules.every((s) => s.timezone === 'UTC')) return `${schedules.map((s) => s.cron).join('; ')} (UTC)`;
  return schedules.map((s) => `${s.cron} (${s.timezone})`).join('; ');
}

/** What reading a project folder's cloud files found. */
export interface CloudScan {
  jobs: CloudJob[];
  /** Files that could not be read: the project shows them; its other tasks are unaffected. */
  errors: ConfigError[];
  /** How many workflow or Railway files the folder holds (read or not), scheduled or not. */
  files?: number;
}

/** A task-name slug: [a-z0-9_-], starting with a letter or digit. */
export function cloudSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/\.(ya?ml|json|toml)$/, '')
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[-_]+|[-_]+$/g, '')
      .slice(0, 50) || 'job'
  );
}

/** How long after a cloud schedule's time its run may come before the task is late: GitHub delays busy crons. */
export const CLOUD_GRACE: Record<CloudProvider, string> = { github_actions: '1h', railway: '30m' };

/** What Agent OS lacks to see a cloud task's runs: the provider's token, or (Railway) which service it is. */
export type CloudLack = 'token' | 'ids';

/**
 * A cloud job as a task (`id` is "project/task"): watched like a heartbeat on its crons; `observed`
 * when Agent OS can see its runs, else `lacks` says what it needs for that.
 */
export type CloudTask = CloudJob & { id: string; observed: boolean; lacks: CloudLack | null };

/**
 * What Agent OS lacks to see a cloud task's runs: GitHub needs its token (the repository comes from the
 * folder); Railway needs its token and the task's service and environment ids (config.yml `railway.services`).
 */
export function cloudLack(
  provider: CloudProvider,
  taskId: string,
  tokens: { github?: string; railway?: string },
  railwayServices: Readonly<Record<string, unknown>>,
): CloudLack | null {
  if (!tokens[provider === 'github_actions' ? 'github' : 'railway']) return 'token';
  return provider === 'railway' && !railwayServices[taskId] ? 'ids' : null;
}

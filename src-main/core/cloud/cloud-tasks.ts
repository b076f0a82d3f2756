import { existsSync } from 'node:fs';
import type { LoadedProject } from '../projects/load-manifest';
import type { ProjectRegistry } from '../projects/project-registry';
import { manifestSchema, type ManifestTask } from '../projects/manifest-schema';
import type { CloudJob, CloudProvider, CloudScan } from './cloud-job';

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

/**
 * Adds a folder's cloud schedules to its project as tasks (`github-nightly`, `railway`), watched like
 * heartbeats on their crons. A folder listed without agent-os.yml but with cloud files is a project of
 * those tasks alone. Errors in cloud files are shown on the project and leave its own tasks running; a
 * manifest task of the same name wins over a found one.
 */
export function withCloudTasks(loaded: LoadedProject, scan: CloudScan, lacks: (provider: CloudProvider, taskId: string) => CloudLack | null): LoadedProject {
  if (scan.jobs.length === 0 && scan.errors.length === 0) return loaded;
  const missingManifest = loaded.manifest === null && !existsSync(loaded.manifestPath);
  const manifest = missingManifest && scan.jobs.length > 0 ? manifestSchema.parse({}) : loaded.manifest;
  const errors = missingManifest && scan.jobs.length > 0 ? [...scan.errors] : [...loaded.errors, ...scan.errors];
  if (!manifest) return { ...loaded, errors };
  const tasks: Record<string, ManifestTask> = { ...manifest.tasks };
  for (const job of scan.jobs) {
    if (tasks[job.name]) continue;
    const id = `${loaded.name}/${job.name}`;
    const lack = lacks(job.provider, id);
    tasks[job.name] = cloudTask({ ...job, id, observed: lack === null, lacks: lack });
  }
  return { ...loaded, manifest: { ...manifest, tasks }, errors };
}

function cloudTask(cloud: CloudTask): ManifestTask {
  return {
    heartbeat: { schedule: cloud.schedules[0]?.cron, grace: CLOUD_GRACE[cloud.provider] },
    timezone: cloud.schedules[0]?.timezone ?? 'UTC',
    cwd: '.',
    timeout: '1h',
    retries: 0,
    retry_delay: '30s',
    overlap: 'allow',
    catch_up: 'skip',
    resources: [],
    env: {},
    triggerable_by: [],
    depends_on: [],
    description: `${cloud.title} (${cloud.file})`,
    cloud,
  };
}

/** The cloud side of a task id, or undefined when it is not a cloud task. */
export function cloudTaskOf(registry: ProjectRegistry, taskId: string): CloudTask | undefined {
  const [project = '', name = ''] = taskId.split('/');
  return registry.get(project)?.manifest?.tasks[name]?.cloud;
}

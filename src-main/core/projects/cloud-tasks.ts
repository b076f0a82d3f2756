import { existsSync } from 'node:fs';
import { CLOUD_GRACE, type CloudLack, type CloudProvider, type CloudScan, type CloudTask } from '../cloud/cloud-job';
import type { LoadedProject } from './load-manifest';
import { manifestSchema, taskSchema, type ManifestTask } from './manifest-schema';

/**
 * Adds a folder's cloud schedules to its project as tasks (`github-nightly`, `railway`), watched like
 * heartbeats on their crons. A folder listed without agent-os.yml but with cloud files is a project of
 * those tasks alone. Errors in cloud files are shown on the project and leave its own tasks running; a
 * manifest task of the same name wins over a found one.
 */
export function withCloudTasks(loaded: LoadedProject, scan: CloudScan, lacks: (provider: CloudProvider, taskId: string) => CloudLack | null): LoadedProject {
  // A folder listed for its workflow or Railway files needs no agent-os.yml: its absence is no error there,
  // whether the files hold schedules or not (issue 23); only a folder with neither keeps the error.
  const missingManifest = loaded.manifest === null && !existsSync(loaded.manifestPath);
  const cloudFolder = scan.jobs.length > 0 || scan.errors.length > 0 || (scan.files ?? 0) > 0;
  if (!cloudFolder) return loaded;
  const manifest = missingManifest ? manifestSchema.parse({}) : loaded.manifest;
  const errors = missingManifest ? [...scan.errors] : [...loaded.errors, ...scan.errors];
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
  // The schema's defaults for everything a cloud task does not set (one place for them); a placeholder
  // heartbeat passes the schema, and the cloud's own schedule replaces it.
  const defaults = taskSchema.parse({ heartbeat: { period: '1d' }, overlap: 'allow', catch_up: 'skip' });
  return {
    ...defaults,
    heartbeat: { schedule: cloud.schedules[0]?.cron, grace: CLOUD_GRACE[cloud.provider] },
    timezone: cloud.schedules[0]?.timezone ?? 'UTC',
    description: `${cloud.title} (${cloud.file})`,
    cloud,
  };
}

/** The cloud side of a task id, or undefined when it is not a cloud task. */
export function cloudTaskOf(registry: { get(name: string): LoadedProject | undefined }, taskId: string): CloudTask | undefined {
  const [project = '', name = ''] = taskId.split('/');
  return registry.get(project)?.manifest?.tasks[name]?.cloud;
}

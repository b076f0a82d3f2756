import type { LoadedProject } from '../projects/load-manifest';
import type { ManifestTask } from '../projects/manifest-schema';
import { taskSchema } from '../projects/manifest-schema';
import type { ProjectRegistry } from '../projects/project-registry';
import type { ExternalSource } from './external-source';
import { UNASSIGNED } from './external-source';

/**
 * "Run now" for a crontab entry: its command through the runner (as /bin/sh -c, like cron), with the
 * crontab's own variables as the task env and, when a manifest claims it, that project's env rules.
 */
export function cronRunTarget(
  external: ExternalSource,
  registry: ProjectRegistry,
  taskId: string,
  hostEnv: NodeJS.ProcessEnv,
): { project: LoadedProject; task: ManifestTask } | null {
  const job = external.job(taskId);
  if (!job || job.kind !== 'cron' || !job.command) return null;
  const projectName = taskId.split('/')[0] ?? UNASSIGNED;
  const claimed = registry.get(projectName);
  const home = hostEnv.HOME ?? '/';
  const project: LoadedProject =
    claimed?.manifest && projectName !== UNASSIGNED
      ? claimed
      : { name: UNASSIGNED, dir: home, manifestPath: '(crontab)', manifest: { tasks: {}, triggers: [], env_file: [] }, errors: [] };
  const env = Object.fromEntries(Object.entries(job.env ?? {}).filter(([k]) => k !== 'MAILTO'));
  const task = taskSchema.parse({ command: job.command, cwd: project.dir, env, timeout: '1h', description: `crontab: ${job.schedule ?? ''} ${job.command}` });
  return { project, task };
}

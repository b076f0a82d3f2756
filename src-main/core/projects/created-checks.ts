import type { CreatedCheck } from '../db/created-checks-repo';
import type { LoadedProject } from './load-manifest';
import { taskSchema } from './manifest-schema';

/** healthchecks.io's defaults for an auto-provisioned check (docs/autoprovisioning): period 1 day, grace 1 hour. */
export const CREATED_HEARTBEAT = { period: '1d', grace: '1h' } as const;

/**
 * Adds the heartbeats that pings created (`?create=1`) to their project, beside its manifest's tasks. A name
 * the manifest declares is the manifest's: it is returned in `takenOver`, and its created record can go.
 * An invalid project (no manifest to add to) keeps its records for when it is valid again.
 */
export function withCreatedChecks(loaded: LoadedProject, created: readonly CreatedCheck[] | undefined): { loaded: LoadedProject; takenOver: string[] } {
  if (!created?.length || !loaded.manifest) return { loaded, takenOver: [] };
  const tasks = { ...loaded.manifest.tasks };
  const takenOver: string[] = [];
  for (const check of created) {
    if (tasks[check.name]) {
      takenOver.push(check.name);
      continue;
    }
    tasks[check.name] = taskSchema.parse({
      heartbeat: { ...CREATED_HEARTBEAT },
      description: `created by its first ping (?create=1) on ${check.created_at}; declare it in agent-os.yml to set its schedule`,
    });
  }
  return { loaded: { ...loaded, manifest: { ...loaded.manifest, tasks } }, takenOver };
}

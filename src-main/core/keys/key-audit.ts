import type { LoadedProject } from '../projects/load-manifest';
import { displayPath, readProjectEnvs, type ProjectEnv } from './env-sources';
import { foreignEnvFindings, gitFindings, missingExampleFindings } from './file-findings';
import { sortFindings } from './finding';
import type { KeyAudit, ProjectInventory } from './keys-types';
import { loadSalt } from './salt';
import { ownEnvFindings, sharedSecretFindings } from './secret-findings';
import { groupByService } from './services';

/** What one audit looks at. */
export interface KeyAuditInput {
  projects: readonly LoadedProject[];
  /** The Agent OS home, where the salt lives. */
  home: string;
  /** Agent OS's own process environment. */
  hostEnv: NodeJS.ProcessEnv;
  now: Date;
}

/**
 * Audits every project's env files and Agent OS's own environment (SPEC §8). Secret values are read into
 * memory, fingerprinted with the local salt and compared; nothing derived from a value leaves this
 * function, and nothing is written except the salt on first use.
 */
export async function runKeyAudit(input: KeyAuditInput): Promise<KeyAudit> {
  const envs = readProjectEnvs(input.projects);
  const salt = loadSalt(input.home);
  const findings = [
    ...sharedSecretFindings(envs, salt),
    ...(await gitFindings(envs)),
    ...foreignEnvFindings(input.projects),
    ...ownEnvFindings(input.hostEnv),
    ...missingExampleFindings(envs),
  ];
  return { findings: sortFindings(findings), inventory: envs.map(inventoryOf), checked_at: input.now.toISOString() };
}

/** The per-project inventory alone (variable names only), without asking git. */
export function keyInventory(projects: readonly LoadedProject[]): ProjectInventory[] {
  return readProjectEnvs(projects).map(inventoryOf);
}

function inventoryOf({ project, files, hasExample }: ProjectEnv): ProjectInventory {
  return {
    project: project.name,
    dir: project.dir,
    env_files: files.map((f) => displayPath(project.dir, f.path)),
    services: groupByService(new Set(files.flatMap((f) => f.names))),
    has_example: hasExample,
  };
}

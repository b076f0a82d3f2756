import type { ProjectInfo } from '../../common/models';
import { BUILTIN } from '../../core/costs/builtin-project';
import { readToken, type HomePaths } from '../../core/home';
import { readProjectEnvs } from '../../core/keys/env-sources';
import { loadManifest, type LoadedProject } from '../../core/projects/load-manifest';
import { createRedactor, secretValues, type Redactor } from '../../core/runner/redactor';

/**
 * The last pass over everything an MCP client receives (SPEC §1: a project's secrets never reach any UI).
 * Logs, errors and results are redacted when they are written; this pass also covers what is not, such
 * as a manifest error quoting a value, with the same redactor the runner uses and the same secrets:
 * every project's env-file and task-env values that look like secrets, the known key shapes, the home's
 * API token and Agent OS's own credentials (AGENT_OS_*_KEY, AGENT_OS_*_TOKEN).
 */
export function replyRedactor(paths: HomePaths, projects: readonly ProjectInfo[], hostEnv: NodeJS.ProcessEnv = process.env): Redactor {
  const loaded = projectsOnDisk(projects);
  const secrets: string[] = [];
  for (const project of readProjectEnvs(loaded)) for (const file of project.files) secrets.push(...file.secrets.values());
  for (const project of loaded) for (const task of Object.values(project.manifest?.tasks ?? {})) secrets.push(...secretValues(task.env));
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(hostEnv)) if (name.startsWith('AGENT_OS_') && value) own[name] = value;
  secrets.push(...secretValues(own));
  try {
    secrets.push(readToken(paths));
  } catch {
    // No token yet: nothing can carry it.
  }
  return createRedactor(secrets);
}

/** The manifests of the listed projects, read from their folders (the built-in project has none). */
export function projectsOnDisk(projects: readonly ProjectInfo[]): LoadedProject[] {
  return projects.filter((p) => p.name !== BUILTIN && p.path !== '').map((p) => loadManifest(p.path));
}

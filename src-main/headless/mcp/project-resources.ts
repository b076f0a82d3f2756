import type { ProjectStatus } from '../../common/models';
import { UserError } from '../../core/errors';
import { displayPath } from '../../core/keys/env-sources';
import { envFilePaths } from '../../core/projects/env-files';
import type { LoadedProject } from '../../core/projects/load-manifest';
import type { Backend } from '../cli/cli-context';
import { unknownProject } from './mcp-tool';
import { projectView } from './mcp-views';
import { projectsOnDisk } from './reply-redactor';

const SCHEME = 'agent-os://project/';

/** A resource as listed: one per project. */
export interface ProjectResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: 'application/json';
}

/** One resource per project, described by its state and what needs attention in it. */
export async function listProjectResources(backend: Backend): Promise<ProjectResource[]> {
  const report = await backend.call('status.get', undefined);
  return report.projects.map((p) => ({
    uri: `${SCHEME}${encodeURIComponent(p.name)}`,
    name: p.name,
    title: `Agent OS project ${p.name}`,
    description: describeProject(p),
    mimeType: 'application/json',
  }));
}

/** A project's manifest summary and status, as the text of its resource. */
export async function readProjectResource(backend: Backend, uri: string): Promise<unknown> {
  if (!uri.startsWith(SCHEME)) throw new UserError(`no resource "${uri}"; project resources are ${SCHEME}<project>`, 'not_found');
  const name = decodeURIComponent(uri.slice(SCHEME.length));
  const report = await backend.call('status.get', undefined);
  const project = report.projects.find((p) => p.name === name);
  if (!project)
    throw unknownProject(
      name,
      report.projects.map((p) => p.name),
    );
  const [loaded] = projectsOnDisk([{ name: project.name, path: project.path, state: project.state, errors: [], tasks: [] }]);
  return { ...projectView(project), manifest: loaded ? manifestSummary(loaded) : null };
}

function describeProject(p: ProjectStatus): string {
  if (p.state === 'invalid') return `invalid manifest (${p.errors.length} error(s)); ${p.tasks.length} task(s)`;
  const counts = new Map<string, number>();
  for (const t of p.tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return `${p.tasks.length} task(s): ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'none'}`;
}

/**
 * What the manifest says, without what may hold a secret: no command lines, crontab lines or env values
 * (env variable names only), as the rest of the product never shows them either.
 */
function manifestSummary(project: LoadedProject) {
  const m = project.manifest;
  if (!m) return null;
  return {
    description: m.description ?? null,
    env_files: envFilePaths(project.dir, m).paths.map((p) => displayPath(project.dir, p)),
    tasks: Object.entries(m.tasks).map(([name, t]) => ({
      id: `${project.name}/${name}`,
      description: t.description ?? null,
      owner: t.command !== undefined ? 'agent-os' : t.launchd !== undefined ? 'launchd' : t.heartbeat !== undefined ? 'heartbeat' : 'cron',
      launchd: t.launchd ?? null,
      heartbeat: t.heartbeat ?? null,
      schedule: t.schedule ?? (t.every ? `every ${t.every}` : null),
      timezone: t.timezone ?? null,
      timeout: t.timeout,
      retries: t.retries,
      overlap: t.overlap,
      catch_up: t.catch_up,
      resources: t.resources,
      triggerable_by: t.triggerable_by,
      env_names: Object.keys(t.env),
    })),
    triggers: m.triggers,
    budget: m.budget ?? null,
  };
}

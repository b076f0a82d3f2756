import { basename, dirname } from 'node:path';
import type { LoadedProject } from '../projects/load-manifest';
import { gitFileState } from '../runner/git-files';
import { displayPath, EXAMPLE_FILE, isInside, projectEnvPaths, type ProjectEnv } from './env-sources';
import { finding, humanList } from './finding';
import type { KeyFinding } from './keys-types';

/**
 * env_tracked and env_not_ignored, asked of git once per env file (two projects loading one file get one
 * finding naming both). A project that is not in a git repository, or a machine without git, gets neither.
 */
export async function gitFindings(envs: readonly ProjectEnv[]): Promise<KeyFinding[]> {
  const users = new Map<string, { dir: string; projects: string[] }>();
  for (const { project, files } of envs) {
    for (const file of files) {
      const entry = users.get(file.path) ?? { dir: project.dir, projects: [] };
      entry.projects.push(project.name);
      users.set(file.path, entry);
    }
  }
  const answers = await Promise.all([...users.entries()].map(async ([path, use]) => ({ path, use, state: await gitFileState(path) })));
  const findings: KeyFinding[] = [];
  for (const { path, use, state } of answers) {
    if (!state.repo) continue;
    const projects = [...new Set(use.projects)].sort();
    const shown = displayPath(use.dir, path);
    const of = `${shown} of ${humanList(projects)}`;
    if (state.tracked) {
      findings.push(
        finding('env_tracked', {
          projects,
          file: path,
          detail: `${of} is tracked by git, so the secrets in it are in the repository and its history.`,
          fix: `In ${dirname(path)} run \`git rm --cached ${basename(path)}\`, add ${basename(path)} to .gitignore and commit; then rotate the keys it held, since the history keeps them.`,
        }),
      );
    }
    if (state.ignored === false) {
      findings.push(
        finding('env_not_ignored', {
          projects,
          file: path,
          detail: `${of} is not ignored by git, so one \`git add .\` would commit its secrets.`,
          fix: `Add ${basename(path)} to the .gitignore of ${dirname(path)}.`,
        }),
      );
    }
  }
  return findings;
}

/**
 * foreign_env: a manifest whose env_file lies inside another project's folder. The owner is the deepest
 * project folder holding the file, so a project nested inside another still owns its own `.env`.
 */
export function foreignEnvFindings(projects: readonly LoadedProject[]): KeyFinding[] {
  const findings: KeyFinding[] = [];
  for (const project of projects) {
    for (const path of projectEnvPaths(project)) {
      const owner = projects.filter((p) => isInside(p.dir, path)).sort((a, b) => b.dir.length - a.dir.length)[0];
      if (!owner || owner.dir === project.dir) continue;
      findings.push(
        finding('foreign_env', {
          projects: [project.name, owner.name],
          file: path,
          detail: `${project.name} loads ${displayPath(owner.dir, path)} from the folder of project ${owner.name}, so the two share credentials.`,
          fix: `Give ${project.name} its own env file inside ${project.dir} with its own keys, and point env_file in its agent-os.yml at it.`,
        }),
      );
    }
  }
  return findings;
}

/** missing_env_example: a project with an env file but no .env.example telling which variables it needs. */
export function missingExampleFindings(envs: readonly ProjectEnv[]): KeyFinding[] {
  return envs
    .filter((env) => env.files.length > 0 && !env.hasExample)
    .map(({ project, files }) =>
      finding('missing_env_example', {
        projects: [project.name],
        file: files[0]?.path ?? null,
        detail: `${project.name} has ${humanList(files.map((f) => displayPath(project.dir, f.path)))} but no ${EXAMPLE_FILE}, so nobody can tell which variables it needs without reading its secrets.`,
        fix: `Write ${EXAMPLE_FILE} with the variable names only: \`agent-os doctor --write-examples\`, or "Write .env.example" in the Keys view.`,
      }),
    );
}

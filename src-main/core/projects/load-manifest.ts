import { basename, join } from 'node:path';
import type { ConfigError } from '../../common/models';
import { readSmallFile } from '../config/read-small-file';
import { describe, issuesToErrors, parseYaml, type YamlSource } from '../config/yaml-issues';
import { ID_PATTERN, manifestSchema, ownerProblem, precisionProblems, taskOwners, taskSchema, type Manifest } from './manifest-schema';

/** The manifest's file name inside a project folder. */
export const MANIFEST_FILE = 'agent-os.yml';

/** A project folder read from disk: valid (manifest set) or invalid (errors listed, all at once). */
export interface LoadedProject {
  name: string;
  dir: string;
  manifestPath: string;
  manifest: Manifest | null;
  errors: ConfigError[];
}

/** Reads and validates `<dir>/agent-os.yml`. Never throws: every problem becomes an error on the project. */
export function loadManifest(dir: string): LoadedProject {
  const manifestPath = join(dir, MANIFEST_FILE);
  const fallbackName = folderName(dir);
  // Only a regular file under the size cap is read: a FIFO, /dev/zero or a 5 MB file would stop the engine.
  const { text, problem } = readSmallFile(manifestPath);
  if (text === undefined) return { name: fallbackName, dir, manifestPath, manifest: null, errors: [{ file: manifestPath, path: '', message: problem }] };
  const source = parseYaml(text, manifestPath);
  if (source.errors.length > 0) return { name: fallbackName, dir, manifestPath, manifest: null, errors: source.errors };
  // An empty file is a project with no tasks yet, not an error.
  const parsed = manifestSchema.safeParse(source.value ?? {});
  const rawName = (source.value as { name?: unknown } | null)?.name;
  const name = typeof rawName === 'string' && ID_PATTERN.test(rawName) ? rawName : fallbackName;
  const errors: ConfigError[] = [];
  const rawHasName = typeof rawName === 'string';
  if (!rawHasName && !ID_PATTERN.test(basename(dir))) {
    errors.push({
      file: manifestPath,
      path: 'name',
      line: 1,
      message: `expected a project id, found the folder name "${basename(dir)}" which is not one; add \`name: ${fallbackName}\``,
    });
  }
  if (!parsed.success) {
    // Every problem at once: the folder-name one too, and task-level checks zod skips once a field failed.
    const fieldErrors = issuesToErrors(parsed.error.issues, source, manifestPath);
    return {
      name,
      dir,
      manifestPath,
      manifest: null,
      errors: [...errors, ...fieldErrors, ...taskLevelErrors(source.value, fieldErrors, source, manifestPath)],
    };
  }
  return { name, dir, manifestPath, manifest: errors.length ? null : withSynthesizedTasks(parsed.data), errors };
}

/** The folder name turned into the nearest valid id (used for display when the manifest gives none). */
export function folderName(dir: string): string {
  const slug = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '');
  return slug || 'project';
}

/** The task-level checks zod skips once a field of the same task failed, made on the raw blocks. */
function taskLevelErrors(raw: unknown, already: readonly ConfigError[], source: YamlSource, file: string): ConfigError[] {
  const tasks = (raw as { tasks?: unknown } | null)?.tasks;
  if (!tasks || typeof tasks !== 'object' || Array.isArray(tasks)) return [];
  const out: ConfigError[] = [];
  const add = (path: string[], message: string, found: unknown): void => {
    const joined = path.join('.');
    if (!already.some((e) => e.path === joined)) out.push({ file, path: joined, line: source.lineOf(path), message: `${message}, found ${describe(found)}` });
  };
  for (const [id, task] of Object.entries(tasks as Record<string, unknown>)) {
    if (!task || typeof task !== 'object' || Array.isArray(task)) continue;
    const block = task as Record<string, unknown>;
    const problem = ownerProblem(taskOwners(block));
    if (problem) add(['tasks', id], problem, task);
    for (const p of precisionProblems(block)) add(['tasks', id, ...p.path], p.message, block[p.path[0] ?? '']);
  }
  return out;
}

/**
 * A manifest's `costs:` block becomes the task `<project>/_costs` (ids cannot start with "_", so no user
 * task collides): it then has runs, logs, a schedule and Run now like any task, and its cost lines are
 * stored as the project's daily report.
 */
function withSynthesizedTasks(manifest: Manifest): Manifest {
  const tasks = { ...manifest.tasks };
  const synthesize = (block: NonNullable<Manifest['costs']>, fallbackEvery: string, description: string) => {
    const { command, schedule, every } = block;
    return taskSchema.parse({
      command,
      ...(schedule ? { schedule } : {}),
      ...(every ? { every } : schedule ? {} : { every: fallbackEvery }),
      timeout: '10m',
      description,
    });
  };
  if (manifest.costs) tasks._costs = synthesize(manifest.costs, '1h', "reports this project's costs");
  // The same for `status:`: `<project>/_status` prints one JSON object, read when the run ends.
  if (manifest.status) tasks._status = synthesize(manifest.status, '5m', "reports this project's health");
  return { ...manifest, tasks };
}

import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ConfigError, ProjectInfo, TaskKind } from '../../common/models';
import type { Config } from '../config/config-schema';
import { resolveConfiguredPath } from '../config/load-config';
import type { Store } from '../db/store';
import { resolveTriggers, type ResolvedTrigger } from '../workflows/trigger-graph';
import { resolveDependencies } from './dependencies';
import { scanRoot } from './discover';
import { loadManifest, MANIFEST_FILE, type LoadedProject } from './load-manifest';
import { MANIFEST_SCHEMA_HASH, type ManifestTask } from './manifest-schema';
import { byCodeUnit } from '../code-unit-order';
import { scheduleText, type CloudLack, type CloudProvider } from '../cloud/cloud-job';
import { withCloudTasks } from './cloud-tasks';
import { scanCloud } from '../cloud/scan-cloud';
import { withCreatedChecks } from './created-checks';

/** Name reserved for Agent OS's own built-in tasks (cost fetchers). */
export const BUILTIN_PROJECT = 'agent-os';

/** The kind of a manifest task: who owns its schedule. */
export function taskKind(task: ManifestTask): TaskKind {
  if (task.cloud) return task.cloud.provider;
  if (task.launchd !== undefined) return 'launchd';
  if (task.cron !== undefined || task.cron_match !== undefined) return 'cron';
  if (task.heartbeat !== undefined) return 'heartbeat';
  return 'command';
}

/** A human schedule for a task, or null when it only runs on demand. */
export function taskSchedule(task: ManifestTask): string | null {
  if (task.cloud) return scheduleText(task.cloud.schedules);
  if (task.schedule) return task.schedule;
  if (task.every) return `every ${task.every}`;
  if (task.heartbeat) return task.heartbeat.schedule ?? `every ${task.heartbeat.period ?? '?'}`;
  if (task.cron) return task.cron.trim().split(/\s+/).slice(0, 5).join(' ');
  return null;
}

/** The projects Agent OS knows, loaded from config `projects` and `roots`, mirrored into the database. */
export class ProjectRegistry {
  private projects = new Map<string, LoadedProject>();
  /** Increases with every load, so others can cache what they derive from the projects. */
  version = 0;
  /** The valid triggers of the valid projects, as of the last load. */
  triggers: ResolvedTrigger[] = [];
  /** Each task's direct upstreams (`depends_on`, full ids), as of the last load. */
  upstreams = new Map<string, string[]>();
  /** True while the projects shown are the bundled examples (nothing configured yet). */
  showingExamples = false;

  constructor(
    private readonly store: Store,
    private readonly configDir: string,
    private readonly now: () => Date,
    /** What Agent OS lacks to see a cloud task's runs (a provider's token, a Railway service's ids), or null. */
    private readonly cloudLacks: (provider: CloudProvider, taskId: string) => CloudLack | null = () => 'token',
  ) {}

  /**
   * Folders holding a manifest: the listed projects plus those found under the roots. With nothing
   * configured and an examples folder given (long-running hosts), the example projects (`examples` says
   * where they are, asked only then), so a first start shows a real dashboard.
   */
  discover(config: Config, examples?: () => string | null): { dirs: string[]; errors: ConfigError[]; examples: string | null } {
    const dirs = new Set<string>();
    const errors: ConfigError[] = [];
    if (examples && config.projects.length === 0 && config.roots.length === 0) {
      const dir = examples();
      return { dirs: dir ? scanRoot(dir, 1) : [], errors, examples: dir };
    }
    for (const listed of config.projects) {
      const dir = resolveConfiguredPath(listed, this.configDir);
      if (existsSync(dir)) dirs.add(dir);
      else errors.push({ path: 'projects', message: `project folder ${dir} does not exist; fix or remove it in config.yml` });
    }
    for (const root of config.roots) {
      const dir = resolveConfiguredPath(root, this.configDir);
      if (!existsSync(dir)) {
        errors.push({ path: 'roots', message: `root folder ${dir} does not exist; fix or remove it in config.yml` });
        continue;
      }
      for (const found of scanRoot(dir, config.scan_depth)) dirs.add(found);
    }
    return { dirs: [...dirs].sort(), errors, examples: null };
  }

  /**
   * Loads every project folder, resolves name clashes and records the result in the database. Returns
   * the projects that appeared, changed or went away, for events and the scheduler.
   */
  load(dirs: readonly string[], builtin: LoadedProject | null = null): { changed: string[]; removed: string[] } {
    const next = new Map<string, LoadedProject>();
    if (builtin) next.set(BUILTIN_PROJECT, builtin);
    // The folder that holds a name keeps it (as loaded now, else as the database last saw it): a new folder
    // that sorts first and declares the same name must not take over its tasks, history and ping key.
    const holders = new Map(this.store.catalog.projects().map((p) => [p.name, p.path]));
    for (const [name, p] of this.projects) holders.set(name, p.dir);
    const holds = (p: LoadedProject): number => (holders.get(p.name) === p.dir ? 0 : 1);
    const created = this.store.createdChecks.byProject();
    const loadedAll = dirs.map((dir) => {
      const own = this.loadCached(dir);
      const railway = own.manifest?.railway;
      const project = withCloudTasks(own, scanCloud(dir, { configFiles: railway?.config_files, environment: railway?.environment }), this.cloudLacks);
      const merged = withCreatedChecks(project, created.get(project.name));
      // A manifest that now declares a created heartbeat takes it over: same id, so its runs stay with it.
      for (const name of merged.takenOver) this.store.createdChecks.drop(merged.loaded.name, name);
      return merged.loaded;
    });
    for (const loaded of loadedAll.sort((a, b) => holds(a) - holds(b))) {
      const dir = loaded.dir;
      const clash = loaded.name === BUILTIN_PROJECT ? { dir: 'Agent OS itself (a reserved name)' } : next.get(loaded.name);
      if (clash) {
        next.set(`${loaded.name}@${dir}`, {
          ...loaded,
          manifest: null,
          errors: [
            {
              file: loaded.manifestPath,
              path: 'name',
              message: `the project name "${loaded.name}" of ${dir} is already used by ${clash.dir}; give this project another \`name:\``,
            },
          ],
        });
        continue;
      }
      next.set(loaded.name, loaded);
    }
    // Triggers are checked across all manifests at once; a bad one makes its own manifest invalid.
    const { triggers, errors } = resolveTriggers([...next.values()]);
    for (const [name, problems] of errors) {
      const project = next.get(name);
      if (project) next.set(name, { ...project, manifest: null, errors: [...project.errors, ...problems] });
    }
    this.triggers = triggers;
    const dependencies = resolveDependencies([...next.values()]);
    for (const [name, problems] of dependencies.errors) {
      const project = next.get(name);
      if (project) next.set(name, { ...project, manifest: null, errors: [...project.errors, ...problems] });
    }
    this.upstreams = dependencies.upstreams;
    this.version++;
    const now = this.now().toISOString();
    const removed = [...this.projects.keys()].filter((name) => !next.has(name));
    for (const name of removed) this.store.catalog.removeProject(name, now);
    const changed: string[] = [];
    for (const [name, project] of next) {
      const before = this.projects.get(name);
      const print = fingerprint(project);
      if (before && fingerprint(before) === print) continue;
      // A fresh process (a CLI command) re-saves nothing that the database already holds.
      if (!before && this.store.catalog.fingerprint(name) === print) {
        changed.push(name);
        continue;
      }
      this.save(name, project, now);
      this.store.catalog.setFingerprint(name, print);
      changed.push(name);
    }
    this.projects = next;
    return { changed, removed };
  }

  /** loadManifest, skipped when the file is unchanged since it was last parsed (same mtime and size). */
  private loadCached(dir: string): LoadedProject {
    let stat;
    try {
      stat = statSync(join(dir, MANIFEST_FILE));
    } catch {
      return loadManifest(dir);
    }
    const cached = this.store.catalog.cachedManifest(dir);
    if (cached && cached.mtime_ms === stat.mtimeMs && cached.size === stat.size) {
      // A parse made by another version of the schema (an upgrade) is made again.
      const entry = JSON.parse(cached.loaded_json) as { schema?: string; loaded?: LoadedProject };
      if (entry.schema === MANIFEST_SCHEMA_HASH && entry.loaded) return entry.loaded;
    }
    const loaded = loadManifest(dir);
    this.store.catalog.cacheManifest(dir, stat.mtimeMs, stat.size, JSON.stringify({ schema: MANIFEST_SCHEMA_HASH, loaded }));
    return loaded;
  }

  private save(name: string, project: LoadedProject, now: string): void {
    const tasks = Object.entries(project.manifest?.tasks ?? {}).map(([id, task]) => ({
      id: `${name}/${id}`,
      name: id,
      kind: taskKind(task),
      schedule: taskSchedule(task),
    }));
    this.store.catalog.saveProject(
      { name, path: project.dir, state: project.manifest ? 'ok' : 'invalid', errors: project.errors },
      tasks,
      now,
      project.manifest === null,
    );
  }

  /**
   * Adds a heartbeat a ping created (`?create=1`) to a loaded, valid project, recorded so that every later
   * load keeps it until the manifest declares that name.
   */
  createCheck(project: string, name: string): void {
    const loaded = this.projects.get(project);
    if (!loaded?.manifest) throw new Error(`project ${project} has no valid manifest to add ${name} to`);
    const now = this.now().toISOString();
    const next = withCreatedChecks(loaded, [{ project, name, created_at: now }]).loaded;
    this.store.transaction(() => {
      this.store.createdChecks.add(project, name, now);
      this.save(project, next, now);
      this.store.catalog.setFingerprint(project, fingerprint(next));
    });
    this.projects.set(project, next);
    this.version++;
  }

  get(name: string): LoadedProject | undefined {
    return this.projects.get(name);
  }

  /** By name, then folder, in code-unit order (as SQLite's ORDER BY sorts the same names). */
  all(): LoadedProject[] {
    return [...this.projects.values()].sort((a, b) => byCodeUnit(a.name, b.name) || byCodeUnit(a.dir, b.dir));
  }

  /** Projects as `projects --json` lists them; an invalid project lists the tasks of its last good manifest. */
  list(): ProjectInfo[] {
    const known = new Map<string, string[]>();
    for (const task of this.store.catalog.tasks()) known.set(task.project, [...(known.get(task.project) ?? []), task.id]);
    return this.all().map((p) => this.info(p, known.get(p.name) ?? []));
  }

  /** One project as listed. */
  info(p: LoadedProject, storedTasks?: string[]): ProjectInfo {
    const tasks = p.manifest
      ? Object.keys(p.manifest.tasks).map((t) => `${p.name}/${t}`)
      : (storedTasks ??
        this.store.catalog
          .tasks()
          .filter((t) => t.project === p.name)
          .map((t) => t.id));
    // Errors name their file when it is not the manifest (a workflow or Railway file beside it).
    const errors = p.errors.map(({ file, ...e }) => (file && file !== p.manifestPath ? { ...e, file: relative(p.dir, file) } : e));
    return { name: p.name, path: p.dir, state: p.manifest ? 'ok' : 'invalid', errors, tasks, ping_key: this.store.catalog.projectPingKey(p.name) };
  }
}

function fingerprint(p: LoadedProject): string {
  return JSON.stringify([p.dir, p.manifest, p.errors]);
}

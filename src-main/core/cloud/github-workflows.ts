import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigError } from '../../common/models';
import { readSmallFile } from '../config/read-small-file';
import { parseYaml } from '../config/yaml-issues';
import { isValidCron, isValidTimezone } from '../scheduler/schedule-syntax';
import { githubInterval } from './github-interval';
import { lenientWorkflow } from './lenient-workflow';
import { cloudSlug, type CloudJob, type CloudScan, type CloudSchedule } from './cloud-job';

/** Where GitHub looks for workflows, relative to the repository root. */
export const WORKFLOWS_DIR = join('.github', 'workflows');

/** Every scheduled workflow in `<dir>/.github/workflows`, and the files that could not be read. */
export function scanGithubWorkflows(dir: string): CloudScan {
  const folder = join(dir, WORKFLOWS_DIR);
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => /\.ya?ml$/.test(n));
  } catch {
    return { jobs: [], errors: [] }; // no workflows: nothing scheduled on GitHub
  }
  const jobs: CloudJob[] = [];
  const errors: ConfigError[] = [];
  // Ids are unique per file: `lock.yml` and `lock.yaml` (or `my.job.yml` and `my-job.yml`) would both be
  // `github-lock`; the first by name keeps the plain id (`.yml` before `.yaml`, so adding a `.yaml` twin
  // later does not take an existing id and its history), the others get the file's extension, then a number.
  const taken = new Set<string>();
  const uniqueName = (base: string, fileName: string): string => {
    if (!taken.has(base)) return base;
    const withExt = `${base}-${fileName.endsWith('.yaml') ? 'yaml' : 'yml'}`;
    let name = withExt;
    for (let i = 2; taken.has(name); i++) name = `${withExt}-${i}`;
    return name;
  };
  const order = (n: string): string => `${cloudSlug(n)}\u0000${n.endsWith('.yml') ? 0 : 1}\u0000${n}`;
  for (const name of names.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))) {
    const file = join(WORKFLOWS_DIR, name);
    // Only a regular file under the size cap is read (a FIFO or /dev/zero in its place would stop the engine).
    const { text, problem } = readSmallFile(join(dir, file));
    if (text === undefined) {
      errors.push({ file: join(dir, file), path: '', message: problem });
      continue;
    }
    const parsed = parseWorkflow(text, join(dir, file), name);
    errors.push(...parsed.errors);
    if (parsed.job) {
      const unique = uniqueName(parsed.job.name, name);
      taken.add(unique);
      jobs.push({ ...parsed.job, name: unique, file });
    }
  }
  return { jobs, errors, files: names.length };
}

/** One workflow file: a job when it has `on.schedule`, errors when its schedule cannot be read. */
export function parseWorkflow(text: string, path: string, fileName: string): { job: Omit<CloudJob, 'file'> | null; errors: ConfigError[] } {
  const strict = parseYaml(text, path);
  // What GitHub runs must be read: a file the strict parse rejects is read again for its schedule alone;
  // if that fails too, the file gets one error (its first), not one per line the parser stumbled on.
  const source = strict.errors.length > 0 ? lenientWorkflow(text, path) : strict;
  if (!source) return { job: null, errors: strict.errors.slice(0, 1).map((e) => ({ ...e, message: `workflow ${e.message}` })) };
  const doc = source.value as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') return { job: null, errors: [] };
  const on = doc.on;
  // `on: push` and `on: [push, pull_request]` carry no schedule (GitHub needs the mapping form for one).
  if (!on || typeof on !== 'object' || Array.isArray(on)) return { job: null, errors: [] };
  const triggers = on as Record<string, unknown>;
  if (!('schedule' in triggers)) return { job: null, errors: [] };
  const errors: ConfigError[] = [];
  const schedules: CloudSchedule[] = [];
  const notes: string[] = [];
  const schedule = triggers.schedule;
  if (!Array.isArray(schedule)) {
    errors.push({ file: path, path: 'on.schedule', line: source.lineOf(['on', 'schedule']), message: 'expected a list of `- cron: "…"` entries' });
  } else {
    schedule.forEach((entry, i) => {
      const { cron, timezone } = (entry ?? {}) as { cron?: unknown; timezone?: unknown };
      if (typeof cron !== 'string' || cron.trim().split(/\s+/).length !== 5 || !isValidCron(cron)) {
        errors.push({
          file: path,
          path: `on.schedule.${i}.cron`,
          line: source.lineOf(['on', 'schedule', i, 'cron']),
          message: `expected a cron expression of 5 fields such as "0 6 * * *" (GitHub runs it in UTC), found ${JSON.stringify(cron ?? null)}`,
        });
        return;
      }
      // GitHub runs an entry in its own IANA zone when it names one (DST included), else in UTC.
      if (timezone !== undefined && (typeof timezone !== 'string' || !timezone.trim() || !isValidTimezone(timezone.trim()))) {
        errors.push({
          file: path,
          path: `on.schedule.${i}.timezone`,
          line: source.lineOf(['on', 'schedule', i, 'timezone']),
          message: `expected an IANA time zone such as "Europe/Oslo" (GitHub runs the cron in it), found ${JSON.stringify(timezone)}`,
        });
        return;
      }
      const written = cron.trim().replace(/\s+/g, ' ');
      const floor = githubInterval(written);
      if (floor) notes.push(floor.note);
      schedules.push({ cron: written, timezone: typeof timezone === 'string' ? timezone.trim() : 'UTC', ...(floor ? { runsAs: floor.runsAs } : {}) });
    });
  }
  if (schedules.length === 0) return { job: null, errors };
  const jobsBlock = doc.jobs && typeof doc.jobs === 'object' ? (doc.jobs as Record<string, { name?: unknown } | null>) : {};
  const jobs = Object.entries(jobsBlock).map(([id, job]) => (typeof job?.name === 'string' ? job.name : id));
  return {
    job: {
      provider: 'github_actions',
      name: `github-${cloudSlug(fileName)}`,
      title: typeof doc.name === 'string' && doc.name.trim() ? doc.name.trim() : fileName,
      schedules,
      dispatchable: 'workflow_dispatch' in triggers,
      jobs,
      command: null,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    },
    errors,
  };
}

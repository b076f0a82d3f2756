import { z } from 'zod';
import type { CloudTask } from '../cloud/cloud-job';
import { isValidCron, isValidCrontabLine, isValidTimezone } from '../scheduler/schedule-syntax';
import { parseDuration } from '../duration';

/** Project and task ids (SPEC §3). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const id = z.string().regex(ID_PATTERN, { message: 'expected an id of lowercase letters, digits, "_" and "-", starting with a letter or digit' });

const duration = z.string().refine((v) => parseDuration(v) !== null, { message: 'expected a duration such as 30s, 15m or 1h30m' });
// Intervals and timeouts of zero would spin or kill at once.
const positiveDuration = z.string().refine((v) => (parseDuration(v) ?? 0) > 0, { message: 'expected a duration above zero such as 30s, 15m or 1h30m' });

const cron = z.string().refine(isValidCron, { message: 'expected a cron expression of 5 or 6 fields such as "0 22 * * *"' });

const command = z.union([z.string().min(1), z.array(z.string()).min(1)], {
  error: 'expected a command: a list of arguments such as ["python3", "job.py"], or a string run by /bin/sh -c',
});

const heartbeat = z
  .object({
    schedule: cron.optional(),
    period: positiveDuration.optional(),
    grace: duration.default('30m'),
    /** How long after a /start ping its end may come (default: grace), apart from the schedule's grace. */
    start_grace: positiveDuration.optional(),
  })
  .strict()
  .refine((h) => (h.schedule === undefined) !== (h.period === undefined), {
    message: 'expected exactly one of heartbeat.schedule or heartbeat.period',
  });

/** "task" (in the same project) or "project/task". */
const taskRef = z.string().regex(/^([a-z0-9][a-z0-9_-]*\/)?[a-z0-9][a-z0-9_-]*$/, { message: 'expected "task" or "project/task"' });

/** A task's timeout when its manifest names none. */
const TIMEOUT_DEFAULT = '1h';

/** One task block (exported for tasks Agent OS synthesizes, such as a project's `costs.command`). */
export const taskSchema = z
  .object({
    command: command.optional(),
    launchd: z.string().min(1).optional(),
    cron: z.string().refine(isValidCrontabLine, { message: 'expected a crontab line: 5 schedule fields (or @daily and the like) and the command' }).optional(),
    cron_match: z.string().min(1).optional(),
    heartbeat: heartbeat.optional(),
    cwd: z.string().min(1).default('.'),
    schedule: cron.optional(),
    every: positiveDuration.optional(),
    timezone: z.string().refine(isValidTimezone, { message: 'expected an IANA time zone such as Europe/Oslo' }).optional(),
    timeout: positiveDuration.default(TIMEOUT_DEFAULT),
    retries: z.number().int().min(0).max(20).default(0),
    /** Extension to SPEC §3: the first retry's delay; each later retry doubles it. */
    retry_delay: duration.default('30s'),
    /** Extension to SPEC §3: the longest a retry waits however many doublings (each wait is jittered below it). */
    retry_max_delay: positiveDuration.default('1h'),
    overlap: z.enum(['skip', 'queue', 'allow']).default('skip'),
    /** With `overlap: queue`, how many runs may wait their turn; a fire past it is recorded `skipped`. */
    queue_max: z.number().int().min(1).max(100).default(3),
    catch_up: z.enum(['latest', 'skip']).default('latest'),
    resources: z.array(z.string().min(1)).default([]),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    triggerable_by: z.array(id).default([]),
    description: z.string().optional(),
    /** A run (or a heartbeat's start-to-end) shorter than this is failed: it did not really do its work. */
    min_duration: positiveDuration.optional(),
    /** A heartbeat ping sooner than this after the previous one is failed: something runs it too often. */
    min_interval: positiveDuration.optional(),
    /** Upstream tasks: while one fails or is down, this task's alerts are folded into the upstream's. */
    depends_on: z.array(taskRef).default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const issue of precisionProblems(t)) ctx.addIssue({ code: 'custom', ...issue });
    const owners = taskOwners(t);
    const problem = ownerProblem(owners);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    if (t.schedule !== undefined && t.every !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['every'], message: 'expected either schedule or every, not both' });
    }
    if ((t.schedule !== undefined || t.every !== undefined) && t.command === undefined && owners.length === 1) {
      ctx.addIssue({
        code: 'custom',
        path: [t.schedule ? 'schedule' : 'every'],
        message: `expected no schedule on a ${owners[0]} task: its owner schedules it`,
      });
    }
  });

/**
 * Where min_duration and min_interval make sense: a duration needs a measured start and end (a command
 * run, or a heartbeat's /start and end pings; launchd runs are only seen every 30 s), and an interval
 * between pings needs pings (Agent OS starts command tasks itself). Takes the raw block too, so these are
 * reported with the other errors when a field of the same task is invalid (zod then skips refinements).
 */
export function precisionProblems(t: Record<string, unknown>): Array<{ path: string[]; message: string }> {
  const out: Array<{ path: string[]; message: string }> = [];
  if (t.min_duration !== undefined && t.launchd !== undefined)
    out.push({ path: ['min_duration'], message: 'expected min_duration only on command, cron or heartbeat tasks: launchd runs are only observed every 30s' });
  if (t.min_interval !== undefined && t.heartbeat === undefined)
    out.push({ path: ['min_interval'], message: 'expected min_interval only on a heartbeat task: it is the least time between two pings' });
  const min = typeof t.min_duration === 'string' ? parseDuration(t.min_duration) : null;
  const timeoutText = typeof t.timeout === 'string' ? t.timeout : TIMEOUT_DEFAULT;
  const timeout = parseDuration(timeoutText);
  if (t.command !== undefined && min !== null && timeout !== null && min >= timeout)
    out.push({ path: ['min_duration'], message: `expected min_duration below the task's timeout (${timeoutText}), or every run would fail` });
  return out;
}

const OWNER_KEYS = ['command', 'launchd', 'cron', 'cron_match', 'heartbeat'] as const;

/** Which of the owner fields a (raw or parsed) task block has. */
export function taskOwners(task: Record<string, unknown>): string[] {
  return OWNER_KEYS.filter((k) => task[k] !== undefined);
}

/** The error for a task without exactly one owner, or null. */
export function ownerProblem(owners: readonly string[]): string | null {
  if (owners.length === 0) return 'expected one of command, launchd, cron, cron_match or heartbeat';
  if (owners.length > 1) return `expected only one of command, launchd, cron, cron_match or heartbeat (has ${owners.join(' and ')})`;
  return null;
}

const trigger = z
  .object({
    on: z
      .object({
        task: taskRef,
        status: z.enum(['success', 'failed', 'timeout', 'any']).default('success'),
      })
      .strict(),
    when: z
      .object({ output: z.string().min(1) })
      .strict()
      .optional(),
    run: taskRef,
  })
  .strict();

const commandBlock = z.object({ command, schedule: cron.optional(), every: positiveDuration.optional() }).strict();

/**
 * What a cached parse of agent-os.yml (manifest_cache, skipped while the file is unchanged) was made with.
 * A parse cached by an older Agent OS must not be reused once the schema gives other fields or defaults:
 * tests/core/unit-load-manifest.test.ts fails, with the new value, when the schema changed and this did not.
 */
export const MANIFEST_SCHEMA_HASH = '2c8ef8c975b4e9cf';

/** The whole agent-os.yml. */
export const manifestSchema = z
  .object({
    name: id.optional(),
    description: z.string().optional(),
    env_file: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    tasks: z.record(id, taskSchema).default({}),
    triggers: z.array(trigger).default([]),
    costs: commandBlock.optional(),
    status: commandBlock.optional(),
    budget: z.object({ monthly_usd: z.number().nonnegative().optional(), daily_usd: z.number().nonnegative().optional() }).strict().optional(),
    /**
     * Railway config files this project's service settings point at besides the ones found by name
     * (`railway*.json|toml`), relative to the folder; and the Railway environment whose schedule counts when
     * a file overrides it per environment (default: every environment's schedule is listed).
     */
    railway: z
      .object({
        config_files: z
          .array(
            z
              .string()
              .min(1)
              .regex(/\.(json|toml)$/, { message: 'expected a .json or .toml file such as deploy/railway-cron.json' }),
          )
          .default([]),
        environment: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** The channels (config `notify.webhooks[].name`) this project's alerts and messages go to; default: all. */
    notify: z
      .array(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, { message: 'expected the name of a channel in config.yml notify.webhooks, such as "phone"' }),
      )
      .min(1, { message: 'expected at least one channel name; leave notify out to use every channel' })
      .optional(),
  })
  .strict();

/** A validated manifest, with the tasks Agent OS added to it (cost and status commands, cloud schedules). */
export type Manifest = Omit<z.output<typeof manifestSchema>, 'tasks'> & { tasks: Record<string, ManifestTask> };
/**
 * A validated task block. `cloud` is set only on tasks Agent OS found in a project's own files (GitHub
 * Actions, Railway: core/cloud); a manifest cannot write it.
 */
export type ManifestTask = z.output<typeof taskSchema> & { cloud?: CloudTask };

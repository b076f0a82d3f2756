import cronParser from 'cron-parser';
import { z } from 'zod';
import type { CloudTask } from '../cloud/cloud-tasks';
import { parseDuration } from '../duration';

/** Project and task ids (SPEC §3). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const id = z.string().regex(ID_PATTERN, { message: 'expected an id of lowercase letters, digits, "_" and "-", starting with a letter or digit' });

const duration = z.string().refine((v) => parseDuration(v) !== null, { message: 'expected a duration such as 30s, 15m or 1h30m' });
// Intervals and timeouts of zero would spin or kill at once.
const positiveDuration = z.string().refine((v) => (parseDuration(v) ?? 0) > 0, { message: 'expected a duration above zero such as 30s, 15m or 1h30m' });

/** True for a 5- or 6-field cron expression that cron-parser (node-schedule's parser) accepts. */
export function isValidCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return false;
  try {
    cronParser.parseExpression(expr);
    return true;
  } catch {
    return false;
  }
}

const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@reboot']);

/** True for a crontab line: a macro or 5 valid schedule fields, followed by a command. */
export function isValidCrontabLine(line: string): boolean {
  const fields = line.trim().split(/\s+/);
  if (CRON_MACROS.has(fields[0] ?? '')) return fields.length >= 2;
  return fields.length >= 6 && isValidCron(fields.slice(0, 5).join(' '));
}

const cron = z.string().refine(isValidCron, { message: 'expected a cron expression of 5 or 6 fields such as "0 22 * * *"' });

/** True for an IANA time zone name the runtime knows. */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const command = z.union([z.string().min(1), z.array(z.string()).min(1)], {
  error: 'expected a command: a list of arguments such as ["python3", "job.py"], or a string run by /bin/sh -c',
});

const heartbeat = z
  .object({ schedule: cron.optional(), period: positiveDuration.optional(), grace: duration.default('30m') })
  .strict()
  .refine((h) => (h.schedule === undefined) !== (h.period === undefined), {
    message: 'expected exactly one of heartbeat.schedule or heartbeat.period',
  });

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
    timeout: positiveDuration.default('1h'),
    retries: z.number().int().min(0).max(20).default(0),
    /** Extension to SPEC §3: the first retry's delay; each later retry doubles it. */
    retry_delay: duration.default('30s'),
    overlap: z.enum(['skip', 'queue', 'allow']).default('skip'),
    catch_up: z.enum(['latest', 'skip']).default('latest'),
    resources: z.array(z.string().min(1)).default([]),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    triggerable_by: z.array(id).default([]),
    description: z.string().optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
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
        task: z.string().regex(/^([a-z0-9][a-z0-9_-]*\/)?[a-z0-9][a-z0-9_-]*$/, { message: 'expected "task" or "project/task"' }),
        status: z.enum(['success', 'failed', 'timeout', 'any']).default('success'),
      })
      .strict(),
    when: z
      .object({ output: z.string().min(1) })
      .strict()
      .optional(),
    run: z.string().regex(/^([a-z0-9][a-z0-9_-]*\/)?[a-z0-9][a-z0-9_-]*$/, { message: 'expected "task" or "project/task"' }),
  })
  .strict();

const commandBlock = z.object({ command, schedule: cron.optional(), every: positiveDuration.optional() }).strict();

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
  })
  .strict();

/** A validated manifest, with the tasks Agent OS added to it (cost and status commands, cloud schedules). */
export type Manifest = Omit<z.output<typeof manifestSchema>, 'tasks'> & { tasks: Record<string, ManifestTask> };
/**
 * A validated task block. `cloud` is set only on tasks Agent OS found in a project's own files (GitHub
 * Actions, Railway: core/cloud); a manifest cannot write it.
 */
export type ManifestTask = z.output<typeof taskSchema> & { cloud?: CloudTask };

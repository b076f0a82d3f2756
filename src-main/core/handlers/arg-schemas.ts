import { z } from 'zod';

// `_costs` and `_status` are the tasks Agent OS makes from a manifest's costs:/status: blocks.
const taskId = z.string().regex(/^[a-z0-9][a-z0-9_-]*\/_?[a-z0-9][a-z0-9_-]*$/, { message: 'expected a task id "project/task"' });
const runStatus = z.enum(['queued', 'waiting', 'running', 'success', 'failed', 'timeout', 'cancelled', 'interrupted', 'skipped', 'missed']);

/** Argument schemas of every handler: hosts validate untrusted input with these before calling. */
export const ARG_SCHEMAS = {
  'projects.list': z.object({}).strict().optional(),
  'status.get': z.object({}).strict().optional(),
  'runs.list': z
    .object({
      project: z.string().optional(),
      task: taskId.optional(),
      status: runStatus.optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
      before_id: z.number().int().positive().optional(),
    })
    .strict()
    .optional(),
  'runs.get': z.object({ id: z.number().int().positive(), log: z.boolean().optional() }).strict(),
  'runs.start': z.object({ task: taskId }).strict(),
  'runs.wait': z.object({ id: z.number().int().positive() }).strict(),
  'runs.cancel': z.object({ id: z.number().int().positive() }).strict(),
  'results.list': z.object({ task: taskId, limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  'tasks.pause': z.object({ task: taskId }).strict(),
  'tasks.resume': z.object({ task: taskId }).strict(),
  'tasks.list': z.object({ project: z.string().optional() }).strict().optional(),
  'tasks.detail': z.object({ task: taskId }).strict(),
  'runs.tail': z.object({ id: z.number().int().positive(), offset: z.number().int().min(0).default(0) }).strict(),
  'schedule.upcoming': z
    .object({
      hours: z
        .number()
        .min(1)
        .max(24 * 31)
        .default(24),
    })
    .strict(),
  'settings.get': z.object({}).strict().optional(),
  'settings.update': z
    .object({
      roots: z.array(z.string().min(1)).optional(),
      projects: z.array(z.string().min(1)).optional(),
      resources: z.record(z.string(), z.number().int().min(1)).optional(),
      quiet_hours: z.object({ start: z.string(), end: z.string() }).strict().nullable().optional(),
      budgets: z.object({ monthly_usd: z.number().nonnegative().optional(), daily_usd: z.number().nonnegative().optional() }).strict().optional(),
      scan_depth: z.number().int().min(0).max(10).optional(),
    })
    .strict(),
  'alerts.list': z
    .object({ limit: z.number().int().min(1).max(1000).optional() })
    .strict()
    .optional(),
  'alerts.ack': z.object({ id: z.number().int().positive() }).strict(),
  'alerts.ackAll': z.object({}).strict().optional(),
  'alerts.snooze': z.object({ id: z.number().int().positive(), until: z.iso.datetime({ offset: true }).nullable() }).strict(),
  'digest.preview': z.object({}).strict().optional(),
  'channels.list': z.object({}).strict().optional(),
  'channels.test': z.object({ id: z.string().min(1) }).strict(),
  'messages.send': z
    .object({
      project: z.string().min(1),
      message: z.string().min(1, { message: 'expected the message text' }),
      title: z.string().optional(),
      level: z.enum(['info', 'warning', 'critical']).optional(),
    })
    .strict(),
  'messages.list': z
    .object({ project: z.string().optional(), limit: z.number().int().min(1).max(1000).optional() })
    .strict()
    .optional(),
  'costs.summary': z
    .object({ by: z.enum(['project', 'provider', 'model', 'day']).optional(), since_days: z.number().int().min(1).max(3660).optional() })
    .strict()
    .optional(),
  'costs.overview': z.object({}).strict().optional(),
  'engine.pauseAll': z.object({}).strict().optional(),
  'engine.resumeAll': z.object({}).strict().optional(),
  'keys.audit': z.object({}).strict().optional(),
  'keys.inventoryMarkdown': z.object({}).strict().optional(),
  // The commands a remote's task may be sent from here; the remote engine checks their arguments itself.
  'remotes.call': z
    .object({
      engine: z.string().min(1),
      command: z.enum(['runs.start', 'runs.get', 'runs.list', 'runs.tail', 'runs.cancel', 'tasks.pause', 'tasks.resume', 'results.list']),
      arg: z.unknown().optional(),
    })
    .strict(),
  'keys.writeEnvExample': z.object({ project: z.string().min(1) }).strict(),
} as const;

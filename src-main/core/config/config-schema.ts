import { z } from 'zod';
import { parseDuration } from '../duration';
import { parseSize } from '../size';

/** Flapping detection unless configured: more than 4 state changes within an hour (two failures and recoveries and a bit). */
const FLAPPING_DEFAULT = { changes: 4, window: '1h' };

/** Each top-level key validates on its own so one bad setting falls back alone (see load-config.ts). */
export const CONFIG_KEYS = {
  roots: z.array(z.string().min(1)).default([]),
  projects: z.array(z.string().min(1)).default([]),
  scan_depth: z.number().int().min(0).max(10).default(3),
  resources: z.record(z.string(), z.number().int().min(1)).default({}),
  notify: z
    .object({
      webhooks: z.array(z.object({ kind: z.enum(['discord', 'slack', 'json']), url: z.string().url() }).strict()).default([]),
      /** Repeat a critical alert every N hours while it lasts (0: never). */
      reminder_hours: z.number().min(0).default(0),
      /** How long one delivery may take before it counts as failed. */
      timeout: z
        .string()
        .refine((v) => (parseDuration(v) ?? 0) > 0, { message: 'expected a duration such as 10s' })
        .default('10s'),
      /** First retry delay of a failed delivery; doubles each attempt. */
      retry_base: z
        .string()
        .refine((v) => (parseDuration(v) ?? 0) > 0, { message: 'expected a duration such as 10s' })
        .default('10s'),
      max_attempts: z.number().int().min(1).max(20).default(6),
      /** Base URL used for links in notifications (default: the running server's). */
      dashboard_url: z.string().url().optional(),
      /** Local time of the daily digest to every channel, "HH:MM"; absent: no digest. */
      digest: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a local time "HH:MM" such as "08:00"' })
        .optional(),
      /** A task that changes state more than `changes` times within `window` alerts once as flapping (0: off). */
      flapping: z
        .object({
          changes: z.number().int().min(0).default(FLAPPING_DEFAULT.changes),
          window: z
            .string()
            .refine((v) => (parseDuration(v) ?? 0) > 0, { message: 'expected a duration such as 1h' })
            .default(FLAPPING_DEFAULT.window),
        })
        .strict()
        .default(FLAPPING_DEFAULT),
    })
    .strict()
    .default({ webhooks: [], reminder_hours: 0, timeout: '10s', retry_base: '10s', max_attempts: 6, flapping: FLAPPING_DEFAULT }),
  budgets: z.object({ monthly_usd: z.number().nonnegative().optional(), daily_usd: z.number().nonnegative().optional() }).strict().default({}),
  server: z
    .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(7317) })
    .strict()
    .default({ host: '127.0.0.1', port: 7317 }),
  quiet_hours: z
    .object({ start: z.string().regex(/^\d\d:\d\d$/), end: z.string().regex(/^\d\d:\d\d$/) })
    .strict()
    .nullable()
    .default(null),
  retention: z
    .object({
      runs_days: z.number().int().min(1).default(90),
      log_max_bytes: z
        .union([z.number().int().min(4096), z.string()])
        .default('2MB')
        .refine((v) => typeof v === 'number' || (parseSize(v) ?? 0) >= 4096, {
          message: 'expected a size of at least 4KB such as 512KB or 2MB',
        }),
    })
    .strict()
    .default({ runs_days: 90, log_max_bytes: '2MB' }),
  kill_grace: z
    .string()
    .refine((v) => parseDuration(v) !== null, { message: 'expected a duration such as 5s' })
    .default('5s'),
  launchd: z
    .object({ dirs: z.array(z.string()).optional() })
    .strict()
    .default({}),
  /** System crontab folders read besides `crontab -l` (where readable). */
  cron: z
    .object({ dirs: z.array(z.string()).default(['/etc/cron.d']) })
    .strict()
    .default({ dirs: ['/etc/cron.d'] }),
  costs: z
    .object({
      openai: z
        .object({
          base_url: z.string().url().default('https://api.openai.com/v1'),
          projects: z.record(z.string(), z.string()).default({}),
          schedule: z.string().optional(),
        })
        .strict()
        .default({ base_url: 'https://api.openai.com/v1', projects: {} }),
      anthropic: z
        .object({
          base_url: z.string().url().default('https://api.anthropic.com/v1'),
          workspaces: z.record(z.string(), z.string()).default({}),
          schedule: z.string().optional(),
        })
        .strict()
        .default({ base_url: 'https://api.anthropic.com/v1', workspaces: {} }),
      /** Days fetched on each run (providers revise recent days). */
      window_days: z.number().int().min(1).max(180).default(7),
      /** Retry backoff of the fetchers (tests shorten it). */
      retry_base: z
        .string()
        .refine((v) => (parseDuration(v) ?? 0) > 0, { message: 'expected a duration such as 2s' })
        .default('2s'),
    })
    .strict()
    .default({
      openai: { base_url: 'https://api.openai.com/v1', projects: {} },
      anthropic: { base_url: 'https://api.anthropic.com/v1', workspaces: {} },
      window_days: 7,
      retry_base: '2s',
    }),
} as const;

type Keys = typeof CONFIG_KEYS;
/** config.yml after validation and defaults. */
export type Config = { [K in keyof Keys]: z.output<Keys[K]> };

import { z } from 'zod';
import { parseDuration } from '../duration';
import { parseSize } from '../size';

/** A name as browsers send it in `Host`: `agent.example.com`, `agent.example.com:8443`, `10.0.0.5`, `[::1]:7317`. */
export const HOST_NAME = z
  .string()
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/i, {
    message: 'expected a host name as browsers send it in Host, such as agent.example.com or agent.example.com:8443 (no scheme, path or wildcard)',
  })
  .transform((v) => v.toLowerCase());

// proxy-addr's names for address ranges, besides IP addresses and CIDR blocks.
const PROXY_RANGE = /^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/i;

const PROXY_ADDRESS = z.string().regex(PROXY_RANGE, { message: 'expected an IP address, a CIDR block such as 10.0.0.0/8, or loopback' });

/** `true` (any proxy), a number of proxy hops in front, or the proxies' addresses/CIDR blocks (one or a list). */
export const TRUST_PROXY = z.union([z.boolean(), z.number().int().min(1).max(20), PROXY_ADDRESS.transform((v) => [v]), z.array(PROXY_ADDRESS).min(1)], {
  error: 'expected true, false, a number of proxies in front (1-20), or proxy addresses such as loopback or [10.0.0.0/8]',
});

/** An http(s) origin without a path: `https://agent.example.com`. */
export const PUBLIC_URL = z
  .string()
  .url()
  .refine((v) => /^https?:$/.test(new URL(v).protocol) && new URL(v).pathname === '/' && !new URL(v).search, {
    message: 'expected an http:// or https:// address without a path, such as https://agent.example.com',
  })
  .transform((v) => new URL(v).origin);

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
    })
    .strict()
    .default({ webhooks: [], reminder_hours: 0, timeout: '10s', retry_base: '10s', max_attempts: 6 }),
  budgets: z.object({ monthly_usd: z.number().nonnegative().optional(), daily_usd: z.number().nonnegative().optional() }).strict().default({}),
  server: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(7317),
      /** Public names accepted in Host besides the bound address and localhost (hosted mode). */
      allowed_hosts: z.array(HOST_NAME).default([]),
      /** Whether (or which) proxies in front may set X-Forwarded-For/-Proto/-Host: Fastify's `trustProxy`. */
      trust_proxy: TRUST_PROXY.default(false),
      /** The address people and remote jobs reach this server by (ping URLs, notification links). */
      public_url: PUBLIC_URL.optional(),
    })
    .strict()
    .default({ host: '127.0.0.1', port: 7317, allowed_hosts: [], trust_proxy: false }),
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

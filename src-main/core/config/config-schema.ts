import { z } from 'zod';
import { CHANNEL_PLUGINS } from '../../../plugins/registry';
import { parseDuration } from '../duration';
import { parseSize } from '../size';

/** One `mcp.allow_run` entry: a task id, or every task of a project (`project/*`). */
/** A duration above zero as config.yml writes it (`10s`, `15m`); the error gives `example`. */
const positiveDuration = (example: string) => z.string().refine((v) => (parseDuration(v) ?? 0) > 0, { message: `expected a duration such as ${example}` });

export const ALLOW_RUN_ENTRY = /^[a-z0-9][a-z0-9_-]*\/(?:\*|_?[a-z0-9][a-z0-9_-]*)$/;

/** True for an https URL, or an http one to loopback or a private network (where no token crosses the internet). */
function privateOrHttps(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'https:') return true;
  if (protocol !== 'http:') return false;
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|[\w-]+\.local)$/.test(hostname);
}
/** Flapping detection unless configured: more than 4 state changes within an hour (two failures and recoveries and a bit). */
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

/** How often a cloud provider's API is asked for new runs. */
const CLOUD_POLL = z
  .string()
  .refine((v) => (parseDuration(v) ?? 0) >= 1000, { message: 'expected a duration of at least 1s such as 5m' })
  .default('5m');

const RAILWAY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const railwayIds = z.object({ service: z.string().regex(RAILWAY_ID), environment: z.string().regex(RAILWAY_ID) }).strict();

/**
 * Which Railway service and environment a task is. Checked as one entry, so a bad one is left out whole
 * (`params.entry`) rather than half of it resetting the whole `railway` setting.
 */
const railwayService = z.custom<z.output<typeof railwayIds>>((v) => railwayIds.safeParse(v).success, {
  message: 'expected {service: <service id>, environment: <environment id>}, two UUIDs as `railway status --json` prints them',
  params: { entry: true },
});

/** One `notify.webhooks` entry, validated by the plugin of its `kind` (plugins/registry.ts). */
export type ChannelEntry = { kind: string; name?: string } & Record<string, unknown>;

const CHANNEL_KINDS = CHANNEL_PLUGINS.map((p) => p.kind);
const CHANNEL_ENTRY = z.unknown().transform((value, ctx): ChannelEntry => {
  const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
  const plugin = CHANNEL_PLUGINS.find((p) => p.kind === kind);
  if (!plugin) {
    ctx.addIssue({ code: 'custom', path: ['kind'], message: `expected kind to be one of ${CHANNEL_KINDS.join(', ')}`, input: kind });
    return z.NEVER;
  }
  const parsed = plugin.entry.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return parsed.data as ChannelEntry;
});

/** Each top-level key validates on its own so one bad setting falls back alone (see load-config.ts). */
/**
 * A quiet-hours time: local "HH:MM" (00:00 to 23:59). Any other value (25:00, 99:99, 7, a number) is one
 * error at its path, and the whole window is off: half a window is no window.
 */
const QUIET_TIME = z.custom<string>((v) => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v), {
  message: 'expected a local time "HH:MM" from 00:00 to 23:59 such as "22:00"',
  params: { fallback: 'quiet hours are off until it is fixed' },
});

export const CONFIG_KEYS = {
  roots: z.array(z.string().min(1)).default([]),
  projects: z.array(z.string().min(1)).default([]),
  scan_depth: z.number().int().min(0).max(10).default(3),
  resources: z.record(z.string(), z.number().int().min(1)).default({}),
  notify: z
    .object({
      webhooks: z.array(CHANNEL_ENTRY).default([]),
      /** Repeat a critical alert every N hours while it lasts (0: never). */
      reminder_hours: z.number().min(0).default(0),
      /** How long one delivery may take before it counts as failed. */
      timeout: positiveDuration('10s').default('10s'),
      /** First retry delay of a failed delivery; doubles each attempt. */
      retry_base: positiveDuration('10s').default('10s'),
      /** The longest wait between two tries of a channel that does not answer; it is tried until it does. */
      retry_max: positiveDuration('15m').default('15m'),
      /** Failed tries of a delivery after which its channel counts as failing (an alert on the other channels). */
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
          changes: z.number().int().min(0).default(4),
          window: positiveDuration('1h').default('1h'),
        })
        .strict()
        .prefault({}),
    })
    .strict()
    .prefault({}),
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
    .prefault({}),
  quiet_hours: z.object({ start: QUIET_TIME, end: QUIET_TIME }).strict().nullable().default(null),
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
    .prefault({}),
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
    .prefault({}),
  costs: z
    .object({
      openai: z
        .object({
          base_url: z.string().url().default('https://api.openai.com/v1'),
          projects: z.record(z.string(), z.string()).default({}),
          schedule: z.string().optional(),
        })
        .strict()
        .prefault({}),
      anthropic: z
        .object({
          base_url: z.string().url().default('https://api.anthropic.com/v1'),
          workspaces: z.record(z.string(), z.string()).default({}),
          schedule: z.string().optional(),
        })
        .strict()
        .prefault({}),
      /** Days fetched on each run (providers revise recent days). */
      window_days: z.number().int().min(1).max(180).default(7),
      /** Retry backoff of the fetchers (tests shorten it). */
      retry_base: positiveDuration('2s').default('2s'),
    })
    .strict()
    .prefault({}),
  /**
   * GitHub Actions (cloud schedules found in project folders): where the API is (GitHub Enterprise, or a
   * test's fake), how often each scheduled workflow's runs are looked at, and the repository of a project
   * whose folder has no `origin` remote. The token is AGENT_OS_GITHUB_TOKEN, never config.
   */
  github: z
    .object({
      api_url: z.string().url().default('https://api.github.com'),
      poll: CLOUD_POLL,
      repos: z.record(z.string(), z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: 'expected "owner/repo"' })).default({}),
    })
    .strict()
    .prefault({}),
  /**
   * Railway cron services (found in project folders): where the GraphQL API is (a test's fake), how often each
   * service's executions are looked at, and which Railway service and environment each task is, by task id
   * (the config file does not say; `railway status --json` prints the ids). A bad entry is left out alone. The
   * token is AGENT_OS_RAILWAY_TOKEN, never config.
   */
  railway: z
    .object({
      api_url: z.string().url().default('https://backboard.railway.com/graphql/v2'),
      poll: CLOUD_POLL,
      services: z
        .record(z.string().regex(/^[^/\s]+\/[^/\s]+$/, { message: 'expected a task id "project/task" such as "shop/railway"' }), railwayService)
        .default({}),
    })
    .strict()
    .prefault({}),
  /**
   * Other engines shown beside this one (e.g. `agent-os serve` hosted 24/7): the desktop app and the
   * dashboard show their tasks too, and `--remote NAME` sends CLI commands there. The token is read from the
   * environment variable `token_env` (default AGENT_OS_REMOTE_<NAME>_TOKEN), never from config.
   */
  remotes: z
    .array(
      z
        .object({
          name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'expected a name of lowercase letters, digits, "_" and "-"' }),
          url: z.string().url().refine(privateOrHttps, {
            message: 'expected an https:// URL (an http:// one would send the token in clear; http is only for loopback and private networks)',
          }),
          token_env: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected an environment variable name such as AGENT_OS_REMOTE_PROD_TOKEN' })
            .optional(),
          /** How long it may be unreachable before that is an alert. */
          grace: positiveDuration('5m').default('5m'),
        })
        .strict(),
    )
    .refine((list) => new Set(list.map((r) => r.name)).size === list.length, { message: 'expected each remote to have its own name' })
    .default([]),
  /**
   * What an MCP client (`agent-os mcp`) may do beyond reading: the tasks its `run_task` may start, as
   * "project/task" or "project/*". Empty by default: an agent starts nothing until the user says so.
   */
  mcp: z
    .object({
      allow_run: z.array(z.string().regex(ALLOW_RUN_ENTRY, { message: 'expected "project/task" or "project/*", e.g. "cortana/daily_update"' })).default([]),
    })
    .strict()
    .prefault({}),
} as const;

type Keys = typeof CONFIG_KEYS;
/** config.yml after validation and defaults. */
export type Config = { [K in keyof Keys]: z.output<Keys[K]> };

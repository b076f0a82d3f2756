import { COST_PLUGINS } from '../../../plugins/registry';
import type { ProviderCostLine } from '../../common/plugins';
import type { Config } from '../config/config-schema';
import { checkedDuration } from '../duration';
import type { RunOutputs } from '../db/outputs-repo';
import type { LoadedProject } from '../projects/load-manifest';
import { manifestSchema } from '../projects/manifest-schema';
import { attributeProject } from './cost-attribution';

/** The built-in project's name (reserved: no manifest may use it). */
export const BUILTIN = 'agent-os';

/** Agent OS's own read-only provider credentials (never stored: env in headless, safeStorage on the desktop). */
export interface AdminKeys {
  openai?: string;
  anthropic?: string;
  /** A read-only GitHub token: the runs of the projects' scheduled workflows (AGENT_OS_GITHUB_TOKEN). */
  github?: string;
  /** A Railway account or team token: the executions of the projects' cron services, and Run now (AGENT_OS_RAILWAY_TOKEN). */
  railway?: string;
  /** API tokens of remote engines (config `remotes`) by environment variable name (AGENT_OS_REMOTE_<NAME>_TOKEN). */
  remotes?: Record<string, string>;
  /**
   * Notification channels' secrets (config `notify.webhooks[].token_env` and the like) named AGENT_OS_NOTIFY_…,
   * by variable name: the desktop keeps these in the keychain for starts without that environment.
   */
  channels?: Record<string, string>;
}

/** What a built-in task gets: a log, a cancel signal; it returns what a run's output file would hold. */
export type BuiltinExecutor = (io: { log: (line: string) => void; signal: AbortSignal }) => Promise<RunOutputs>;

/** The admin keys a host environment offers (headless: AGENT_OS_*_ADMIN_KEY). */
export function adminKeysFromEnv(env: NodeJS.ProcessEnv): AdminKeys {
  return {
    openai: env.AGENT_OS_OPENAI_ADMIN_KEY || undefined,
    anthropic: env.AGENT_OS_ANTHROPIC_ADMIN_KEY || undefined,
    github: env.AGENT_OS_GITHUB_TOKEN || undefined,
    railway: env.AGENT_OS_RAILWAY_TOKEN || undefined,
    remotes: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => /^AGENT_OS_REMOTE_\w+_TOKEN$/.test(e[0]) && Boolean(e[1]))),
    channels: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => /^AGENT_OS_NOTIFY_\w+$/.test(e[0]) && Boolean(e[1]))),
  };
}

/**
 * The built-in `agent-os` project: one cost-fetching task per provider whose admin key is present,
 * hourly by default. They run in-process (no child process needs the key) but are tasks like any other:
 * runs, logs, schedule, failures, Rerun.
 */
export function builtinProject(
  config: Config,
  keys: AdminKeys,
  home: string,
  knownProjects: () => ReadonlySet<string>,
  now: () => Date = () => new Date(),
): { project: LoadedProject | null; executors: Map<string, BuiltinExecutor> } {
  const tasks: Record<string, unknown> = {};
  const executors = new Map<string, BuiltinExecutor>();
  const since = (): Date => {
    const d = new Date(now());
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() - (config.costs.window_days - 1));
    return d;
  };
  const backoffMs = checkedDuration(config.costs.retry_base);
  const toOutputs = (lines: ProviderCostLine[], names: Map<string, string>, mapping: Record<string, string>): RunOutputs => ({
    results: [],
    metrics: [{ name: 'cost_lines', value: lines.length }],
    costs: aggregate(lines).map((l, i) => ({
      usd: l.usd,
      provider: l.provider,
      model: l.model,
      day: l.day,
      line: i,
      source: l.provider,
      provider_project: l.provider_project,
      line_item: l.line_item,
      project: attributeProject(l.provider_project, l.provider_project ? names.get(l.provider_project) : undefined, mapping, knownProjects()),
    })),
  });
  for (const plugin of COST_PLUGINS) {
    const key = keys[plugin.id];
    if (!key) continue;
    const section = config.costs[plugin.id];
    const base = section.base_url;
    // Its own map of provider projects (or workspaces) to Agent OS projects: costs.openai.projects, costs.anthropic.workspaces.
    const mapping = 'projects' in section ? section.projects : section.workspaces;
    tasks[`${plugin.id}-costs`] = {
      command: ['agent-os', 'fetch', `${plugin.id}-costs`],
      ...schedule(section.schedule),
      timeout: '10m',
      description: plugin.description,
    };
    executors.set(`${BUILTIN}/${plugin.id}-costs`, async ({ log, signal }) => {
      log(`fetching ${plugin.label} costs since ${since().toISOString().slice(0, 10)} from ${base}`);
      const lines = await plugin.fetchCosts({ baseUrl: base, adminKey: key, since: since(), signal, log, backoffMs });
      const names = await plugin.names({ baseUrl: base, adminKey: key, log });
      log(`${lines.length} cost line(s), ${sum(lines).toFixed(2)} USD`);
      return toOutputs(lines, names, mapping);
    });
  }
  if (executors.size === 0) return { project: null, executors };
  const manifest = manifestSchema.parse({ name: BUILTIN, description: 'Agent OS itself', tasks });
  return { project: { name: BUILTIN, dir: home, manifestPath: '(built in)', manifest, errors: [] }, executors };
}

function schedule(cron: string | undefined): { schedule: string } | { every: string } {
  return cron ? { schedule: cron } : { every: '1h' };
}

const sum = (lines: readonly ProviderCostLine[]): number => lines.reduce((a, l) => a + l.usd, 0);

/** One line per (day, provider project, line item): a provider may split one across results. */
function aggregate(lines: readonly ProviderCostLine[]): ProviderCostLine[] {
  const byKey = new Map<string, ProviderCostLine>();
  for (const l of lines) {
    const key = `${l.day}|${l.provider_project ?? ''}|${l.line_item}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, usd: seen.usd + l.usd } : { ...l });
  }
  return [...byKey.values()];
}

import type { ZodType } from 'zod';
import type { NotificationChannel } from './alerts';

/**
 * What a channel plugin is given besides its config entry. Secrets are looked up by the name of the
 * variable that holds them (`token_env: TELEGRAM_BOT_TOKEN`): from the engine's environment, or from the
 * desktop keychain. They never come from config.yml.
 */
export interface ChannelContext {
  /** Stable id for the channel, derived from its entry's identity (see `ChannelPlugin.identity`). */
  id: string;
  /** The value of a secret by its variable name, or undefined when it is not set. */
  secret(envName: string): string | undefined;
}

/**
 * A notification channel plugin: one folder in `plugins/`, one line in `plugins/registry.ts`.
 * The core reads `notify.webhooks` entries through `entry`, and never imports a plugin by name.
 */
export interface ChannelPlugin<Entry extends { kind: string } = { kind: string }> {
  kind: Entry['kind'];
  /** Validates one `notify.webhooks` entry of this kind (its `kind` is a literal). */
  entry: ZodType<Entry>;
  /** The parts of an entry that tell two channels apart (never a secret's value): the channel id derives from them. */
  identity(entry: Entry): string;
  /** The variable names of the secrets the entry refers to, so the engine can redact their values everywhere. */
  secretNames(entry: Entry): string[];
  create(entry: Entry, context: ChannelContext): NotificationChannel;
}

/** One provider cost figure: a day, a provider project or workspace, a line item, USD. */
export interface ProviderCostLine {
  provider: 'openai' | 'anthropic';
  day: string;
  /** OpenAI project id or Anthropic workspace id; null for the default/unscoped one. */
  provider_project: string | null;
  line_item: string;
  model: string | null;
  usd: number;
}

/** How a cost provider fetches: its API base, Agent OS's read-only admin key, from which day. */
export interface CostFetchOptions {
  baseUrl: string;
  adminKey: string;
  /** First day fetched (UTC midnight). */
  since: Date;
  signal?: AbortSignal;
  log?: (line: string) => void;
  backoffMs?: number;
}

/**
 * A cost provider plugin (OpenAI, Anthropic): one folder in `plugins/`, one line in `plugins/registry.ts`.
 * The built-in `agent-os` project gets one `<id>-costs` task per provider whose admin key is present.
 */
export interface CostProviderPlugin {
  /** Its key in AdminKeys and in config.yml `costs` (`costs.openai`, `costs.anthropic`). */
  id: 'openai' | 'anthropic';
  /** "OpenAI", for log lines. */
  label: string;
  /** The built-in task's description. */
  description: string;
  fetchCosts(options: CostFetchOptions): Promise<ProviderCostLine[]>;
  /** Names of its projects or workspaces by id, best effort (map by equal name). */
  names(options: Pick<CostFetchOptions, 'baseUrl' | 'adminKey' | 'log'>): Promise<Map<string, string>>;
}

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

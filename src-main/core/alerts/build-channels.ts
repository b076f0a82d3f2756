import { createHash } from 'node:crypto';
import { CHANNEL_PLUGINS } from '../../../plugins/registry';
import type { NotificationChannel } from '../../common/alerts';
import type { ChannelEntry } from '../config/config-schema';

/** The plugin of a `notify.webhooks` kind (entries were validated against it when config was read). */
function pluginOf(kind: string) {
  const plugin = CHANNEL_PLUGINS.find((p) => p.kind === kind);
  if (!plugin) throw new Error(`no channel plugin for kind ${kind}`);
  return plugin;
}

/**
 * The channels of config `notify.webhooks`. Ids derive from what identifies each entry (a webhook's URL, a
 * Telegram chat…), never from a secret's value, so they stay stable across restarts and delivery history
 * stays attached.
 */
export function configuredChannels(entries: readonly ChannelEntry[], secret: (envName: string) => string | undefined): NotificationChannel[] {
  return entries.map((entry) => {
    const plugin = pluginOf(entry.kind);
    const id = `${entry.kind}-${createHash('sha256').update(plugin.identity(entry)).digest('hex').slice(0, 8)}`;
    return plugin.create(entry, { id, secret });
  });
}

/** The variable names of every secret the configured channels use (their values are redacted everywhere). */
export function channelSecretNames(entries: readonly ChannelEntry[]): string[] {
  return entries.flatMap((entry) => pluginOf(entry.kind).secretNames(entry));
}

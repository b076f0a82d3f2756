import { createHash } from 'node:crypto';
import { discordChannel } from '../../../plugins/discord/discord-channel';
import { slackChannel } from '../../../plugins/slack/slack-channel';
import { jsonWebhookChannel } from '../../../plugins/webhook/json-webhook-channel';
import type { NotificationChannel } from '../../common/alerts';

const FACTORIES = { discord: discordChannel, slack: slackChannel, json: jsonWebhookChannel } as const;

/** The channels of config `notify.webhooks`; ids derive from the URL so they stay stable across restarts. */
export function webhookChannels(webhooks: ReadonlyArray<{ kind: keyof typeof FACTORIES; url: string }>): NotificationChannel[] {
  return webhooks.map((w) => FACTORIES[w.kind](`${w.kind}-${createHash('sha256').update(w.url).digest('hex').slice(0, 8)}`, w.url));
}

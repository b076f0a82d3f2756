import { z } from 'zod';
import type { AlertMessage } from '../../src-main/common/alerts';
import type { ChannelPlugin } from '../../src-main/common/plugins';
import { CHANNEL_NAME, HTTP_URL } from '../shared/channel-entry';
import { clip, postJson, safeTarget } from '../shared/post-json';

const COLORS = { opened: 0xd92d20, resolved: 0x16a34a, reminder: 0xd97706, test: 0x2563eb, digest: 0x475569 } as const;
const MESSAGE_COLORS = { critical: 0xd92d20, warning: 0xd97706, info: 0x2563eb } as const;

/** Discord's documented webhook shape: `content` plus `embeds` (limits: content 2000, description 4096). */
export function discordPayload(message: AlertMessage): Record<string, unknown> {
  const fields = [
    message.project ? { name: 'Project', value: message.project, inline: true } : null,
    message.task ? { name: 'Task', value: message.task, inline: true } : null,
    { name: 'Since', value: `<t:${Math.floor(Date.parse(message.since) / 1000)}:R>`, inline: true },
  ].filter(Boolean);
  const description = [message.alert.detail ?? '', message.log_tail ? `\`\`\`\n${clip(message.log_tail, 3500)}\n\`\`\`` : ''].filter(Boolean).join('\n');
  return {
    username: 'Agent OS',
    content: clip(message.headline, 2000),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(message.alert.title, 256),
        description: clip(description, 4096),
        color: message.event === 'message' ? MESSAGE_COLORS[message.level] : COLORS[message.event],
        url: message.url ?? undefined,
        timestamp: message.since,
        fields,
      },
    ],
  };
}

const entry = z.object({ kind: z.literal('discord'), name: CHANNEL_NAME, url: HTTP_URL }).strict();

/** A Discord webhook: the URL holds its secret, so only its host is shown. */
export const discordPlugin: ChannelPlugin<z.output<typeof entry>> = {
  kind: 'discord',
  entry,
  identity: (e) => e.url,
  secretNames: () => [],
  create: (e, { id }) => ({
    id,
    kind: 'discord',
    name: e.name ?? null,
    target: safeTarget(e.url),
    send: (message, signal) => postJson(e.url, discordPayload(message), signal, 'Discord'),
  }),
};

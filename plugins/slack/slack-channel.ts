import { z } from 'zod';
import type { AlertMessage } from '../../src-main/common/alerts';
import type { ChannelPlugin } from '../../src-main/common/plugins';
import { CHANNEL_NAME, HTTP_URL } from '../shared/channel-entry';
import { clip, postJson, safeTarget } from '../shared/post-json';

const ICON = {
  opened: ':red_circle:',
  resolved: ':large_green_circle:',
  reminder: ':large_orange_circle:',
  test: ':information_source:',
  digest: ':spiral_note_pad:',
} as const;
const MESSAGE_ICON = { critical: ':rotating_light:', warning: ':warning:', info: ':speech_balloon:' } as const;

/** Slack mrkdwn control characters, escaped as its formatting docs require (so `<!here>` pings no one). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's documented incoming-webhook shape: `text` (the fallback) plus `blocks` (section text ≤ 3000). */
export function slackPayload(message: AlertMessage): Record<string, unknown> {
  const e = escapeMrkdwn;
  const facts = [
    message.project ? `*Project:* ${e(message.project)}` : '',
    message.task ? `*Task:* ${e(message.task)}` : '',
    `*Since:* ${message.since}`,
  ].filter(Boolean);
  const blocks: Array<Record<string, unknown>> = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `${message.event === 'message' ? MESSAGE_ICON[message.level] : ICON[message.event]} *${e(message.headline)}*${message.alert.detail ? `\n${e(message.alert.detail)}` : ''}`,
          3000,
        ),
      },
    },
    { type: 'section', fields: facts.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (message.log_tail) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`\`\`\`${e(message.log_tail)}\`\`\``, 3000) } });
  if (message.url) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${message.url}|Open in Agent OS>` }] });
  return { text: clip(e(message.headline), 3000), blocks };
}

const entry = z.object({ kind: z.literal('slack'), name: CHANNEL_NAME, url: HTTP_URL }).strict();

/** A Slack incoming webhook: the URL holds its secret, so only its host is shown. */
export const slackPlugin: ChannelPlugin<z.output<typeof entry>> = {
  kind: 'slack',
  entry,
  identity: (e) => e.url,
  secretNames: () => [],
  create: (e, { id }) => ({
    id,
    kind: 'slack',
    name: e.name ?? null,
    target: safeTarget(e.url),
    send: (message, signal) => postJson(e.url, slackPayload(message), signal, 'Slack'),
  }),
};

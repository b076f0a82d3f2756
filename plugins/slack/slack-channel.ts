import type { AlertMessage, NotificationChannel } from '../../src-main/common/alerts';
import { clip, postJson, safeTarget } from '../shared/post-json';

const ICON = {
  opened: ':red_circle:',
  resolved: ':large_green_circle:',
  reminder: ':large_orange_circle:',
  test: ':information_source:',
  digest: ':spiral_note_pad:',
} as const;

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
        text: clip(`${ICON[message.event]} *${e(message.headline)}*${message.alert.detail ? `\n${e(message.alert.detail)}` : ''}`, 3000),
      },
    },
    { type: 'section', fields: facts.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (message.log_tail) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`\`\`\`${e(message.log_tail)}\`\`\``, 3000) } });
  if (message.url) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${message.url}|Open in Agent OS>` }] });
  return { text: clip(e(message.headline), 3000), blocks };
}

/** A Slack incoming-webhook channel. */
export function slackChannel(id: string, url: string): NotificationChannel {
  return { id, kind: 'slack', target: safeTarget(url), send: (message, signal) => postJson(url, slackPayload(message), signal, 'Slack') };
}

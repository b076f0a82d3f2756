import { z } from 'zod';
import type { AlertMessage } from '../../src-main/common/alerts';
import type { ChannelPlugin } from '../../src-main/common/plugins';
import { CHANNEL_NAME, HTTP_URL } from '../shared/channel-entry';
import { postJson, safeTarget } from '../shared/post-json';

/** The generic JSON webhook body: the whole message, stable field names. */
export function jsonWebhookPayload(message: AlertMessage): Record<string, unknown> {
  return { source: 'agent-os', ...message };
}

const entry = z.object({ kind: z.literal('json'), name: CHANNEL_NAME, url: HTTP_URL }).strict();

/** A generic JSON webhook: the whole message, POSTed to the URL. */
export const jsonWebhookPlugin: ChannelPlugin<z.output<typeof entry>> = {
  kind: 'json',
  entry,
  identity: (e) => e.url,
  secretNames: () => [],
  create: (e, { id }) => ({
    id,
    kind: 'json',
    name: e.name ?? null,
    target: safeTarget(e.url),
    send: (message, signal) => postJson(e.url, jsonWebhookPayload(message), signal, 'Webhook'),
  }),
};

import { z } from 'zod';
import type { AlertMessage, MessageLevel } from '../../src-main/common/alerts';
import type { ChannelPlugin } from '../../src-main/common/plugins';
import { CHANNEL_NAME, ENV_NAME, HTTP_URL } from '../shared/channel-entry';
import { plainMessage } from '../shared/message-text';
import { requireSecret } from '../shared/missing-secret';
import { postTo, safeTarget, type HttpRequest } from '../shared/post-json';

const entry = z
  .object({
    kind: z.literal('ntfy'),
    name: CHANNEL_NAME,
    /** The topic URL: https://ntfy.sh/<topic> or a self-hosted server's. */
    url: HTTP_URL.refine((v) => new URL(v).pathname.length > 1, { message: 'expected the topic URL, such as https://ntfy.sh/my-alerts' }),
    /** An access token for a protected topic, by its variable name. */
    token_env: ENV_NAME.optional(),
  })
  .strict();
type NtfyEntry = z.output<typeof entry>;

// ntfy's priorities: 5 urgent (long vibration, pierces Do Not Disturb where allowed), 4 high, 3 default.
const PRIORITY: Record<MessageLevel, string> = { critical: '5', warning: '4', info: '3' };
// ntfy turns tags that are emoji short codes into emoji before the title.
const TAG: Record<MessageLevel, string> = { critical: 'rotating_light', warning: 'warning', info: 'information_source' };
// ntfy keeps a message up to 4096 bytes as text; longer ones become an attachment.
const MAX_BYTES = 4000;

/** Header values are ASCII; ntfy decodes RFC 2047 encoded words for the rest ("=?UTF-8?B?…?="). */
export function headerText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

/** ntfy's documented publish request: the message as the body, Title/Priority/Tags/Click as headers. */
export function ntfyRequest(message: AlertMessage, token: string | null): HttpRequest {
  const { title, body } = plainMessage(message);
  const tag = message.event === 'resolved' ? 'white_check_mark' : TAG[message.level];
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(title),
    priority: PRIORITY[message.level],
    tags: tag,
  };
  if (message.url) headers.click = message.url;
  if (token) headers.authorization = `Bearer ${token}`;
  return {
    headers,
    body: Buffer.from(body, 'utf8')
      .subarray(0, MAX_BYTES)
      .toString('utf8')
      .replace(/\uFFFD$/, ''),
  };
}

/** ntfy (https://ntfy.sh or self-hosted): a push to the phone app subscribed to the topic. */
export const ntfyPlugin: ChannelPlugin<NtfyEntry> = {
  kind: 'ntfy',
  entry,
  identity: (e) => e.url,
  secretNames: (e) => (e.token_env ? [e.token_env] : []),
  create: (e, { id, secret }) => ({
    id,
    kind: 'ntfy',
    name: e.name ?? null,
    target: safeTarget(e.url),
    send: async (message, signal) => {
      const token = e.token_env ? requireSecret(secret(e.token_env), e.token_env, 'ntfy') : null;
      await postTo(e.url, ntfyRequest(message, token), signal, 'ntfy');
    },
  }),
};

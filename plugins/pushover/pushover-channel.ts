import { z } from 'zod';
import type { AlertMessage, MessageLevel } from '../../src-main/common/alerts';
import type { ChannelPlugin } from '../../src-main/common/plugins';
import { CHANNEL_NAME, ENV_NAME, HTTP_URL } from '../shared/channel-entry';
import { plainMessage } from '../shared/message-text';
import { requireSecret } from '../shared/missing-secret';
import { postTo } from '../shared/post-json';

const entry = z
  .object({
    kind: z.literal('pushover'),
    name: CHANNEL_NAME,
    /** The user (or group) key, by its variable name. */
    user_env: ENV_NAME,
    /** The application's API token, by its variable name. */
    token_env: ENV_NAME,
    api_url: HTTP_URL.default('https://api.pushover.net/1/messages.json'),
  })
  .strict();
type PushoverEntry = z.output<typeof entry>;

// Pushover's priorities: 1 high (bypasses quiet hours on the phone), 0 normal, -1 quiet. 2 (emergency) needs
// acknowledgement settings and is not used.
const PRIORITY: Record<MessageLevel, string> = { critical: '1', warning: '0', info: '-1' };

/** Pushover's documented form fields (title ≤ 250, message ≤ 1024, url ≤ 512 characters). */
export function pushoverForm(message: AlertMessage, token: string, user: string): URLSearchParams {
  const { title, body } = plainMessage(message, 1024);
  const form = new URLSearchParams({ token, user, title: title.slice(0, 250), message: body, priority: PRIORITY[message.level] });
  if (message.url && message.url.length <= 512) {
    form.set('url', message.url);
    form.set('url_title', 'Open in Agent OS');
  }
  form.set('timestamp', String(Math.floor(Date.parse(message.since) / 1000) || Math.floor(Date.now() / 1000)));
  return form;
}

/** Pushover: a push to the user's devices through an application token. */
export const pushoverPlugin: ChannelPlugin<PushoverEntry> = {
  kind: 'pushover',
  entry,
  identity: (e) => `${e.api_url} ${e.user_env} ${e.token_env}`,
  secretNames: (e) => [e.user_env, e.token_env],
  create: (e, { id, secret }) => ({
    id,
    kind: 'pushover',
    name: e.name ?? null,
    target: `user in ${e.user_env}`,
    send: async (message, signal) => {
      const token = requireSecret(secret(e.token_env), e.token_env, 'Pushover');
      const user = requireSecret(secret(e.user_env), e.user_env, 'Pushover');
      const form = pushoverForm(message, token, user);
      await postTo(e.api_url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }, signal, 'Pushover');
    },
  }),
};

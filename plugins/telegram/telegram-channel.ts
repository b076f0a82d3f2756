import { z } from 'zod';
import type { AlertMessage } from '../../src-main/common/alerts';
import type { ChannelPlugin } from '../../src-main/common/plugins';
import { CHANNEL_NAME, ENV_NAME, HTTP_URL } from '../shared/channel-entry';
import { plainMessage } from '../shared/message-text';
import { requireSecret } from '../shared/missing-secret';
import { ChannelError, postTo } from '../shared/post-json';

const entry = z
  .object({
    kind: z.literal('telegram'),
    name: CHANNEL_NAME,
    /** The chat to write to: a user's or group's numeric id, or "@channelname". */
    chat_id: z.union([z.string().min(1), z.number().int()]).transform(String),
    /** The bot token from @BotFather, by its variable name. */
    token_env: ENV_NAME,
    /** The Bot API root (a local Bot API server, or a test's fake). */
    api_url: HTTP_URL.default('https://api.telegram.org'),
  })
  .strict();
type TelegramEntry = z.output<typeof entry>;

// sendMessage takes up to 4096 characters of text.
const MAX_TEXT = 4096;

/** The Bot API's sendMessage body: plain text (no parse_mode, so nothing in a log needs escaping). */
export function telegramBody(message: AlertMessage, chatId: string): Record<string, unknown> {
  const { title, body } = plainMessage(message, MAX_TEXT - 200);
  return {
    chat_id: chatId,
    text: `${title}\n\n${body}`.slice(0, MAX_TEXT),
    link_preview_options: { is_disabled: true },
    // Recoveries, tests and digests arrive without a sound.
    disable_notification: message.level === 'info',
  };
}

/** Telegram puts "retry after N seconds" of a 429 in its JSON body, not in a header. */
function retryAfterOf(body: string): number | null {
  try {
    const seconds = (JSON.parse(body) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : null;
  } catch {
    return null;
  }
}

/** Telegram through a bot: POST <api_url>/bot<token>/sendMessage. The token is in the URL, so the URL is never shown. */
export const telegramPlugin: ChannelPlugin<TelegramEntry> = {
  kind: 'telegram',
  entry,
  identity: (e) => `${e.api_url} ${e.chat_id}`,
  secretNames: (e) => [e.token_env],
  create: (e, { id, secret }) => ({
    id,
    kind: 'telegram',
    name: e.name ?? null,
    target: `chat ${e.chat_id}`,
    send: async (message, signal) => {
      const token = requireSecret(secret(e.token_env), e.token_env, 'Telegram');
      const url = `${e.api_url.replace(/\/$/, '')}/bot${token}/sendMessage`;
      const answer = await postTo(
        url,
        { headers: { 'content-type': 'application/json' }, body: JSON.stringify(telegramBody(message, e.chat_id)) },
        signal,
        'Telegram',
        retryAfterOf,
      );
      let ok = false;
      try {
        ok = (JSON.parse(answer) as { ok?: unknown }).ok === true;
      } catch {
        ok = false;
      }
      if (!ok) throw new ChannelError(`Telegram answered without "ok": ${answer.replace(/\s+/g, ' ').slice(0, 200)}`);
    },
  }),
};

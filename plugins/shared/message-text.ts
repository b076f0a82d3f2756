import type { AlertMessage } from '../../src-main/common/alerts';

/** A message as plain text, for channels without rich formatting (ntfy, Telegram, Pushover, email). */
export interface PlainMessage {
  /** Short, for a title or subject line. */
  title: string;
  /** The detail, the facts and the log tail, each on its own lines. */
  body: string;
}

/** Renders a message as a title and a plain-text body; `maxBody` cuts the log tail first. */
export function plainMessage(message: AlertMessage, maxBody = 4000): PlainMessage {
  const facts = [
    message.alert.detail ?? '',
    message.project ? `Project: ${message.project}` : '',
    message.task ? `Task: ${message.task}` : '',
    message.event === 'digest' || message.event === 'test' || message.event === 'message' ? '' : `Since: ${message.since}`,
    message.also_failing.length ? `Also failing: ${message.also_failing.join(', ')}` : '',
    message.digest ? message.digest.text : '',
    message.url ? `Open: ${message.url}` : '',
  ].filter(Boolean);
  const head = facts.join('\n');
  const room = maxBody - head.length - 2;
  const tail = message.log_tail && room > 40 ? `\n\n${message.log_tail.length > room ? `…${message.log_tail.slice(-(room - 1))}` : message.log_tail}` : '';
  return { title: message.headline, body: `${head}${tail}`.slice(0, maxBody) || message.headline };
}

import type { MessageLevel } from '../../common/alerts';

/** A message as a project sends it, checked. */
export interface NotifyInput {
  title: string | null;
  message: string;
  level: MessageLevel;
}

const LEVELS: ReadonlySet<string> = new Set(['info', 'warning', 'critical']);
const MAX_TITLE = 200;
const MAX_MESSAGE = 4000;

const clip = (text: string, n: number): string => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/**
 * Checks a message: `{"title","message","level"}` (an output line's `type` is already taken off), or plain
 * text. Too long a title or message is cut with a mark rather than refused: the sender cannot be asked again.
 */
export function parseNotify(value: unknown): NotifyInput | { error: string } {
  if (typeof value === 'string') {
    const text = value.trim();
    return text ? { title: null, message: clip(text, MAX_MESSAGE), level: 'info' } : { error: 'the message is empty; send some text' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { error: 'expected {"message": "…", "title": "…", "level": "info|warning|critical"}' };
  const { title, message, level } = value as Record<string, unknown>;
  if (typeof message !== 'string' || !message.trim()) return { error: 'a message needs "message" as non-empty text' };
  if (title !== undefined && title !== null && typeof title !== 'string') return { error: '"title" must be text' };
  if (level !== undefined && (typeof level !== 'string' || !LEVELS.has(level)))
    return { error: `"level" must be info, warning or critical, not ${JSON.stringify(level)}` };
  return {
    title: typeof title === 'string' && title.trim() ? clip(title.trim().replace(/\s+/g, ' '), MAX_TITLE) : null,
    message: clip(message.trim(), MAX_MESSAGE),
    level: (level as MessageLevel | undefined) ?? 'info',
  };
}

import type { AlertMessage, BacklogItem, MessageLevel } from '../../common/alerts';

const RANK: Record<MessageLevel, number> = { info: 0, warning: 1, critical: 2 };
/** Lines of the summary listed before "… and N more". */
const LISTED = 20;

/**
 * The one message a channel gets for what it missed while it did not answer (issue 25 §1: kept, then sent
 * in order, collapsed into one message when many). It reads like a project message (`event: message`) at
 * the highest level among them, and lists each notification's headline with when it was queued.
 */
export function backlogMessage(missed: ReadonlyArray<{ message: AlertMessage; at: string }>, since: string): AlertMessage {
  const last = missed[missed.length - 1];
  if (!last) throw new Error('a backlog message needs at least one notification');
  const items: BacklogItem[] = missed.map(({ message, at }) => ({
    alert_id: message.alert.id,
    event: message.event,
    headline: message.headline,
    level: message.level,
    at,
  }));
  const level = items.reduce<MessageLevel>((top, i) => (RANK[i.level] > RANK[top] ? i.level : top), 'info');
  const headline = `${items.length} notifications this channel missed while it did not answer`;
  const lines = items.slice(0, LISTED).map((i) => `• ${i.headline} (${i.at.slice(0, 16).replace('T', ' ')} UTC)`);
  if (items.length > LISTED) lines.push(`… and ${items.length - LISTED} more in the dashboard's Alerts`);
  const { messages: _messages, digest: _digest, ...base } = last.message;
  return {
    ...base,
    event: 'message',
    level,
    headline,
    // Read as one message of its own: no task to rerun, no run to open (each item names its alert).
    alert: { ...last.message.alert, kind: 'message', title: headline, detail: lines.join('\n'), run_id: null },
    project: null,
    task: null,
    since,
    log_tail: '',
    also_failing: [],
    backlog: items,
  };
}

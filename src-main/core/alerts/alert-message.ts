import type { Alert, AlertMessage, NotificationEvent } from '../../common/alerts';
import { readLogFrom } from '../handlers/read-log';
import type { Store } from '../db/store';

const TAIL_LINES = 15;
const TAIL_CHARS = 1500;

/** Builds what a channel sends: headline, facts, the redacted log tail and a link to the run. */
export function buildMessage(store: Store, alert: Alert, event: NotificationEvent, dashboardUrl: string | null): AlertMessage {
  const task = alertTask(alert);
  const project = task ? (task.split('/')[0] ?? null) : alert.kind === 'invalid_manifest' ? alert.subject : null;
  const headline = alertHeadline(alert, event);
  let logTail = '';
  if (alert.run_id !== null && event !== 'test') {
    // Run logs are redacted when written; the tail is taken from the end of the file.
    const log = readLogFrom(store.runs.logPath(alert.run_id), 0).text;
    logTail = log.trimEnd().split('\n').slice(-TAIL_LINES).join('\n').slice(-TAIL_CHARS);
  }
  const url = dashboardUrl ? (alert.run_id !== null ? `${dashboardUrl}/?run=${alert.run_id}` : `${dashboardUrl}/`) : null;
  return { event, alert, headline, project, task, since: alert.opened_at, log_tail: logTail, url };
}

/** The task ("project/task") an alert is about, or null for budget, manifest and channel alerts. */
export function alertTask(alert: Alert): string | null {
  return alert.subject.includes('/') && ['failed', 'late', 'down'].includes(alert.kind) ? alert.subject : null;
}

/** The one line every channel leads with. */
export function alertHeadline(alert: Alert, event: NotificationEvent): string {
  if (event === 'resolved') return `Recovered: ${alert.subject} (${alert.title})`;
  if (event === 'reminder') return `Still failing: ${alert.title}`;
  if (event === 'test') return 'Agent OS test notification';
  return alert.title;
}

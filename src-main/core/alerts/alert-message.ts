import type { Alert, AlertMessage, NotificationEvent } from '../../common/alerts';
import { readLogFrom } from '../handlers/read-log';
import type { Store } from '../db/store';

const TAIL_LINES = 15;
const TAIL_CHARS = 1500;

/** Builds what a channel sends: headline, facts, the redacted log tail and a link to the run. */
export function buildMessage(store: Store, alert: Alert, event: NotificationEvent, dashboardUrl: string | null): AlertMessage {
  const isTask = alert.subject.includes('/') && ['failed', 'late', 'down'].includes(alert.kind);
  const [project, task] = isTask
    ? [alert.subject.split('/')[0] ?? null, alert.subject]
    : alert.kind === 'invalid_manifest'
      ? [alert.subject, null]
      : [null, null];
  const headline =
    event === 'resolved'
      ? `Recovered: ${alert.subject} (${alert.title})`
      : event === 'reminder'
        ? `Still failing: ${alert.title}`
        : event === 'test'
          ? 'Agent OS test notification'
          : alert.title;
  let logTail = '';
  if (alert.run_id !== null && event !== 'test') {
    // Run logs are redacted when written; the tail is taken from the end of the file.
    const log = readLogFrom(store.runs.logPath(alert.run_id), 0).text;
    logTail = log.trimEnd().split('\n').slice(-TAIL_LINES).join('\n').slice(-TAIL_CHARS);
  }
  const url = dashboardUrl ? (alert.run_id !== null ? `${dashboardUrl}/?run=${alert.run_id}` : `${dashboardUrl}/`) : null;
  return { event, alert, headline, project, task, since: alert.opened_at, log_tail: logTail, url };
}

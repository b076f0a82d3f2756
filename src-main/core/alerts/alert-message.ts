import type { Alert, AlertMessage, Digest, MessageLevel, NotificationEvent } from '../../common/alerts';
import { readLogFrom } from '../handlers/read-log';
import type { Store } from '../db/store';
import { TASK_ALERT_KINDS } from './alert-folding';

const TAIL_LINES = 15;
const TAIL_CHARS = 1500;

/** Builds what a channel sends: headline, facts, the redacted log tail and a link to the run. */
export function buildMessage(store: Store, alert: Alert, event: NotificationEvent, dashboardUrl: string | null): AlertMessage {
  const task = alertTask(alert);
  const project = alertProject(alert);
  // Dependents folded into this alert: those still failing, or, once it recovered, all that were (those still
  // failing at the recovery were sent on their own then; the recovery names them too).
  const folded =
    event === 'test' || !TASK_ALERT_KINDS.has(alert.kind)
      ? []
      : store.alerts
          .foldedInto(alert.id)
          .filter((a) => TASK_ALERT_KINDS.has(a.kind) && (event === 'resolved' || a.state !== 'resolved'))
          .map((a) => a.subject);
  const released = event === 'resolved' ? ((store.alerts.payload(alert.id) as { dependents?: string[] } | null)?.dependents ?? []) : [];
  const alsoFailing = [...new Set([...folded, ...released])];
  const headline = withDependents(alertHeadline(alert, event), alsoFailing.length, event);
  let logTail = '';
  if (alert.run_id !== null && event !== 'test') {
    // Run logs are redacted when written; the tail is taken from the end of the file.
    const log = readLogFrom(store.runs.logPath(alert.run_id), 0).text;
    logTail = log.trimEnd().split('\n').slice(-TAIL_LINES).join('\n').slice(-TAIL_CHARS);
  }
  const url = dashboardUrl ? (alert.run_id !== null ? `${dashboardUrl}/?run=${alert.run_id}` : `${dashboardUrl}/`) : null;
  const digest = event === 'digest' ? (store.alerts.payload(alert.id) as Digest | null) : null;
  const messages = alert.kind === 'message' ? store.messages.ofAlert(alert.id) : null;
  const batchLevel = alert.kind === 'message' ? ((store.alerts.payload(alert.id) as { level?: MessageLevel } | null)?.level ?? 'info') : null;
  return {
    event,
    alert,
    level: batchLevel ?? messageLevel(alert, event),
    headline,
    project,
    task,
    since: alert.opened_at,
    log_tail: logTail,
    url,
    also_failing: alsoFailing,
    ...(digest ? { digest } : {}),
    ...(messages ? { messages } : {}),
  };
}

/** How urgent a notification is: an opening or reminder of a critical alert is critical; recoveries are info. */
export function messageLevel(alert: Alert, event: NotificationEvent): MessageLevel {
  if (event === 'opened' || event === 'reminder') return alert.critical ? 'critical' : 'warning';
  return 'info';
}

/**
 * The project an alert belongs to, for routing (a manifest's `notify:`) and for display: a task's project,
 * the project itself (manifest, messages, its reported status) or a project's budget; null for what is the
 * whole engine's (overall budget, channels, digest, remotes).
 */
export function alertProject(alert: Alert): string | null {
  const task = alertTask(alert);
  if (task) return task.split('/')[0] ?? null;
  if (alert.kind === 'invalid_manifest' || alert.kind === 'message') return alert.subject;
  if (alert.subject.startsWith('project:')) return alert.subject.slice('project:'.length);
  if (alert.kind === 'budget') {
    const who = alert.subject.split(':')[1];
    return who && who !== 'overall' ? who : null;
  }
  return null;
}

/** The task ("project/task") an alert is about, or null for budget, manifest, channel and digest alerts. */
export function alertTask(alert: Alert): string | null {
  return alert.subject.includes('/') && (TASK_ALERT_KINDS.has(alert.kind) || alert.kind === 'flapping') ? alert.subject : null;
}

/** The one line every channel leads with. */
export function alertHeadline(alert: Alert, event: NotificationEvent): string {
  if (event === 'resolved')
    return alert.kind === 'flapping' ? `Stable again: ${alert.subject} is no longer flapping` : `Recovered: ${alert.subject} (${alert.title})`;
  if (event === 'reminder') return `Still failing: ${alert.title}`;
  if (event === 'test') return 'Agent OS test notification';
  return alert.title;
}

/** "shop/db failed · 3 dependent tasks also failing". */
function withDependents(headline: string, count: number, event: NotificationEvent): string {
  if (count === 0) return headline;
  const tasks = `${count} dependent task${count === 1 ? '' : 's'}`;
  const verb = event === 'resolved' ? (count === 1 ? ' was' : ' were') : '';
  return `${headline} · ${tasks}${verb} also failing`;
}

import type { Alert, AlertMessage, NotificationEvent } from '../common/alerts';
import { alertHeadline, alertTask } from '../core/alerts/alert-message';

/** A native notification, described without Electron types. */
export interface DesktopNotice {
  title: string;
  body: string;
  /** Recoveries arrive without a sound. */
  silent: boolean;
  /** The task a "Rerun" button reruns, or null for no button. */
  rerunTask: string | null;
  /** The run a click opens, or null for the overview. */
  runId: number | null;
  /** The remote engine the alert came from (its Rerun and run go there), or null for this engine. */
  engine?: string | null;
}

const BODY_CHARS = 240;

/** What to show for an alert event: the headline, its detail, and Rerun for a task that failed. */
export function noticeFor(alert: Alert, event: NotificationEvent, headline = alertHeadline(alert, event)): DesktopNotice {
  const task = alertTask(alert);
  return {
    title: headline,
    body: (alert.detail ?? '').slice(0, BODY_CHARS),
    silent: event === 'resolved',
    rerunTask: event !== 'resolved' && alert.kind === 'failed' ? task : null,
    runId: alert.run_id,
  };
}

/** A remote engine's alert: the same notice, its title naming the engine (a remote's tasks may share ids with ours). */
export function remoteNotice(engine: string, alert: Alert, event: NotificationEvent): DesktopNotice {
  const notice = noticeFor(alert, event);
  return { ...notice, title: `${engine}: ${notice.title}`, engine };
}

/** The same for a message the engine's delivery worker hands to the desktop channel. */
export function noticeForMessage(message: AlertMessage): DesktopNotice {
  return noticeFor(message.alert, message.event, message.headline);
}

/** Alert and notification types shared by the core, the channel plugins, the hosts and the renderer. */

/** What an alert is about. */
export type AlertKind = 'failed' | 'late' | 'down' | 'budget' | 'invalid_manifest' | 'channel_failing' | 'remote_unreachable';

/** open -> acknowledged (a person saw it) -> resolved (the condition ended). */
export type AlertState = 'open' | 'acknowledged' | 'resolved';

/** An alert row: one per condition while it lasts (SPEC §7: alerts fire on state changes). */
export interface Alert {
  id: number;
  kind: AlertKind;
  /** The task ("project/task"), project, channel or budget the alert is about. */
  subject: string;
  state: AlertState;
  /** Critical alerts (failed, down) pass quiet hours; the others wait until they end. */
  critical: boolean;
  title: string;
  detail: string | null;
  /** The run that caused it, when there is one. */
  run_id: number | null;
  opened_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
}

/** Why a notification is sent. */
export type NotificationEvent = 'opened' | 'resolved' | 'reminder' | 'test';

/** What a channel receives: everything a person needs, already redacted. */
export interface AlertMessage {
  event: NotificationEvent;
  alert: Alert;
  /** One line, e.g. "backups/snapshot failed". */
  headline: string;
  project: string | null;
  task: string | null;
  /** Since when the condition holds (ISO). */
  since: string;
  /** The last lines of the run's log, redacted; empty when there is no run. */
  log_tail: string;
  /** A link to the run (or the dashboard) when the dashboard URL is known. */
  url: string | null;
}

/** A notification channel (one plugin folder each: discord, slack, webhook; desktop from the shell). */
export interface NotificationChannel {
  /** Stable id, e.g. "discord-3f2a9c1b". */
  id: string;
  kind: string;
  /** Where it sends, safe to show (a webhook URL's secret path is never shown). */
  target: string;
  /** Sends one message; rejects with a readable error. Must give up when `signal` aborts. */
  send(message: AlertMessage, signal: AbortSignal): Promise<void>;
}

/** A delivery of one alert event to one channel, with its attempts. */
export interface Delivery {
  id: number;
  alert_id: number;
  channel: string;
  event: NotificationEvent;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A channel as the settings view lists it. */
export interface ChannelInfo {
  id: string;
  kind: string;
  target: string;
  /** True while this channel has an open channel_failing alert. */
  failing: boolean;
  last_delivery: Delivery | null;
}

/** An alert with its deliveries, for the alerts view. */
export interface AlertWithDeliveries extends Alert {
  deliveries: Delivery[];
}

/** Alert and notification types shared by the core, the channel plugins, the hosts and the renderer. */

/**
 * What an alert is about. `flapping`: a task changed state too often in a window (its own alerts wait
 * until it is stable); `digest`: the daily summary (config `notify.digest`), recorded as an alert so its
 * deliveries are kept and retried like any other; `remote_unreachable`: a remote engine (config `remotes`)
 * has not answered for longer than its grace; `message`: messages a project sent through Agent OS (an output
 * line, `POST /notify/<ping_key>`, `agent-os notify`), one alert per batch sent, recorded as resolved.
 */
export type AlertKind =
  'failed' | 'late' | 'down' | 'budget' | 'invalid_manifest' | 'channel_failing' | 'flapping' | 'digest' | 'remote_unreachable' | 'message';

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
  /**
   * The alert this one is folded into (a failing upstream of `depends_on`, or the task's flapping alert):
   * while set, nothing is sent for this alert, neither its opening nor its resolution.
   */
  muted_by: number | null;
  opened_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  /** Until when a person snoozed it: no reminders are sent before then (ISO), or null. */
  snoozed_until: string | null;
}

/** Why a notification is sent. */
export type NotificationEvent = 'opened' | 'resolved' | 'reminder' | 'test' | 'digest' | 'message';

/** How urgent a message is; channels map it to their priority (ntfy 5/3/2, Pushover 1/0/-1, …). */
export type MessageLevel = 'info' | 'warning' | 'critical';

/** What a channel receives: everything a person needs, already redacted. */
export interface AlertMessage {
  event: NotificationEvent;
  alert: Alert;
  /**
   * How urgent, in the words every channel maps to its own notion of priority: `critical` for a failure or
   * a down heartbeat (and its reminders), `warning` for the other alerts, `info` for recoveries, tests, digests.
   */
  level: MessageLevel;
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
  /** Tasks whose own alerts are folded into this one (`depends_on`), e.g. three dependents also failing. */
  also_failing: string[];
  /** The daily digest, for `digest` messages only. */
  digest?: Digest;
  /** The project's messages this one carries, oldest first, for `message` events only (one, or a batch). */
  messages?: ProjectMessage[];
  /**
   * What a channel missed while it did not answer, oldest first, when it is sent as one message once the
   * channel answers again (more than a few waited); the message's headline and detail sum them up.
   */
  backlog?: BacklogItem[];
}

/** One notification a channel missed while it was down, in the message that catches it up. */
export interface BacklogItem {
  alert_id: number;
  event: NotificationEvent;
  headline: string;
  level: MessageLevel;
  /** When it was queued (ISO). */
  at: string;
}

/** Where a project's message came from. */
export type MessageSource = 'task' | 'http' | 'cli';

/**
 * A message a project sent through Agent OS to its channels (issue 25 §2): from a task's AGENT_OS_OUTPUT
 * line `{"type":"notify",…}`, `POST /notify/<ping_key>`, or `agent-os notify`. Redacted before it is stored.
 */
export interface ProjectMessage {
  id: number;
  project: string;
  title: string | null;
  message: string;
  level: MessageLevel;
  source: MessageSource;
  /** The run that wrote it (source `task`). */
  run_id: number | null;
  received_at: string;
  /** The `message` alert it was sent in (a batch), or null while it waits to be gathered. */
  alert_id: number | null;
}

/** A notification channel (one plugin folder each: discord, slack, webhook; desktop from the shell). */
export interface NotificationChannel {
  /** Stable id, e.g. "discord-3f2a9c1b". */
  id: string;
  kind: string;
  /** The entry's `name` in config (`notify.webhooks[].name`), which manifests route to; null when unnamed. */
  name: string | null;
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
  /** Its `name` in config, which manifests route to (`notify: [name]`); null when unnamed. */
  name: string | null;
  target: string;
  /** True while this channel has an open channel_failing alert. */
  failing: boolean;
  /** Its latest delivery, whatever became of it (Settings shows when it last delivered, or its error). */
  last_delivery: Delivery | null;
  /** When it last delivered something, or null. */
  last_sent_at: string | null;
  /** Notifications kept for it while it does not answer, sent in order (collapsed when many) once it does. */
  waiting: number;
}

/** An alert with its deliveries, for the alerts view. */
export interface AlertWithDeliveries extends Alert {
  deliveries: Delivery[];
  /** The subject of the alert this one is folded into (see `muted_by`), or null. */
  folded_into: string | null;
  /** Subjects of the unresolved alerts folded into this one. */
  folded: string[];
}

/** One failure (or lateness) in a digest's day. */
export interface DigestFailure {
  task: string;
  kind: 'failed' | 'late' | 'down';
  at: string;
  detail: string | null;
  run_id: number | null;
  /** The upstream task its alert was folded into, if any. */
  folded_into: string | null;
}

/** Spend against budgets for one project (or overall, `project: null`). */
export interface DigestSpend {
  project: string | null;
  yesterday_usd: number;
  month_usd: number;
  daily_budget_usd: number | null;
  monthly_budget_usd: number | null;
}

/** The daily digest (config `notify.digest`, `agent-os digest`): one message per channel. */
export interface Digest {
  /** The day it reports on (the day before it is sent), YYYY-MM-DD, local time. */
  day: string;
  generated_at: string;
  failures: DigestFailure[];
  recoveries: Array<{ task: string; at: string }>;
  /** Tasks failing or down when the digest was made, with since when. */
  still_failing: Array<{ task: string; state: 'failing' | 'down'; since: string | null; error: string | null }>;
  missed: Array<{ task: string; at: string }>;
  /** Overall first, then each project with spend or a budget. Month to date counts the current month. */
  spend: DigestSpend[];
  /** What projects sent through Agent OS yesterday (`notify`), oldest first. */
  messages: Array<{ project: string; title: string | null; message: string; level: MessageLevel; at: string }>;
  /** The rest of today's runs by task: how many and the first one. */
  upcoming: Array<{ task: string; count: number; first: string }>;
  /** The digest as plain text, as channels and the CLI show it. */
  text: string;
}

import type { z } from 'zod';
import type { Alert, AlertWithDeliveries, ChannelInfo, Digest, NotificationChannel } from '../../common/alerts';
import type { AlertEngine } from '../alerts/alert-engine';
import { buildMessage } from '../alerts/alert-message';
import type { Store } from '../db/store';
import { UserError } from '../errors';
import type { ARG_SCHEMAS } from './arg-schemas';

type Arg<K extends keyof typeof ARG_SCHEMAS> = z.input<(typeof ARG_SCHEMAS)[K]>;

/** What the alert handlers need. */
export interface AlertHandlerDeps {
  store: Store;
  alerts: AlertEngine;
  channels: () => NotificationChannel[];
  dashboardUrl: () => string | null;
  /** notify.timeout: a test to a silent channel gives up as a delivery would. */
  timeoutMs: () => number;
  now: () => Date;
  /** The daily digest as of now (what `notify.digest` would send). */
  digest: () => Digest;
}

/** Alerts (list, acknowledge) and channels (list, send test). */
export function createAlertHandlers(deps: AlertHandlerDeps) {
  const { store } = deps;
  return {
    'alerts.list': (arg?: Arg<'alerts.list'>): AlertWithDeliveries[] =>
      store.alerts.list(arg?.limit ?? 200).map((a) => ({
        ...a,
        deliveries: store.alerts.deliveriesOf(a.id),
        folded_into: a.muted_by === null ? null : (store.alerts.get(a.muted_by)?.subject ?? null),
        folded: [
          ...new Set(
            store.alerts
              .foldedInto(a.id)
              .filter((f) => f.state !== 'resolved')
              .map((f) => f.subject),
          ),
        ],
      })),
    /** The daily digest as it would be sent now: `agent-os digest`, and its preview in Settings. */
    'digest.preview': (_arg?: Arg<'digest.preview'>): Digest => deps.digest(),
    'alerts.ack': (arg: Arg<'alerts.ack'>): Alert => {
      const alert = deps.alerts.acknowledge(arg.id);
      if (!alert) throw new UserError(`no alert with id ${arg.id}`, 'not_found');
      return alert;
    },
    /** Acknowledges every open alert at once; returns how many it acknowledged. */
    'alerts.ackAll': (_arg?: Arg<'alerts.ackAll'>): { acknowledged: number } => ({ acknowledged: deps.alerts.acknowledgeAll().length }),
    /** No reminders for this alert until `until` (at most 30 days ahead); `until: null` ends the snooze. */
    'alerts.snooze': (arg: Arg<'alerts.snooze'>): Alert => {
      if (arg.until !== null) {
        const until = Date.parse(arg.until);
        const now = deps.now().getTime();
        if (until <= now) throw new UserError(`snooze until ${arg.until} is in the past; give a time ahead of now`, 'invalid');
        if (until - now > 30 * 86_400_000) throw new UserError(`snooze until ${arg.until} is more than 30 days ahead; snooze for 30 days at most`, 'invalid');
      }
      const alert = deps.alerts.snooze(arg.id, arg.until === null ? null : new Date(arg.until).toISOString());
      if (!alert) throw new UserError(`no unresolved alert with id ${arg.id}; only open or acknowledged alerts can be snoozed`, 'not_found');
      return alert;
    },
    'channels.list': (_arg?: Arg<'channels.list'>): ChannelInfo[] =>
      deps.channels().map((c) => ({
        id: c.id,
        kind: c.kind,
        name: c.name,
        target: c.target,
        failing: store.alerts.unresolvedOf(c.id).some((a) => a.kind === 'channel_failing'),
        last_delivery: store.alerts.lastOfChannel(c.id),
        last_sent_at: store.alerts.lastSentAt(c.id),
        waiting: store.alerts.waitingOf(c.id),
      })),
    /** Sends a test message now and says whether it arrived (the channel's answer or error). */
    'channels.test': async (arg: Arg<'channels.test'>): Promise<{ ok: boolean; error: string | null }> => {
      const channel = deps.channels().find((c) => c.id === arg.id);
      if (!channel) throw new UserError(`no channel "${arg.id}"; see the channels in Settings`, 'not_found');
      const at = deps.now().toISOString();
      const alert: Alert = {
        id: 0,
        kind: 'failed',
        subject: 'agent-os/test',
        state: 'open',
        critical: false,
        title: 'Agent OS test notification: this channel works',
        detail: 'Sent from Settings with "Send test".',
        run_id: null,
        muted_by: null,
        opened_at: at,
        acknowledged_at: null,
        resolved_at: null,
        snoozed_until: null,
      };
      try {
        await channel.send(buildMessage(store, alert, 'test', deps.dashboardUrl()), AbortSignal.timeout(deps.timeoutMs()));
        return { ok: true, error: null };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

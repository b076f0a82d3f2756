import type { Alert, NotificationEvent } from '../../common/alerts';
import type { CoreEventName, CoreEvents, HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import { quietUntil } from '../../core/alerts/quiet-hours';

/** The part of a link the feed uses. */
interface AlertSource {
  readonly mode: 'local' | 'attached';
  on<E extends CoreEventName>(name: E, listener: (payload: CoreEvents[E]) => void): () => void;
  call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>>;
}

/**
 * Alerts shown natively by a host, once each: non-critical ones held until this home's quiet hours end and
 * dropped if resolved meanwhile (as an engine holds them for its own channels); folded alerts (`muted_by`)
 * stay quiet, as they do on the engine's channels. `key` tells alerts of different engines apart.
 */
function alertFeed(source: AlertSource, deliver: (alert: Alert, event: NotificationEvent, key: string) => void, now: () => Date) {
  const held = new Map<string, NodeJS.Timeout>();
  const seen = new Set<string>();
  const once = (key: string, alert: Alert, event: NotificationEvent): void => {
    if (seen.has(`${key}:${event}`)) return;
    seen.add(`${key}:${event}`);
    deliver(alert, event, key);
  };
  return {
    opened(key: string, alert: Alert): void {
      // A folded alert is told by the one it is folded into; it is raised again when released.
      if (alert.muted_by !== null && alert.muted_by !== undefined) return;
      if (alert.critical) return once(key, alert, 'opened');
      void source.call('settings.get', undefined).then(
        (config) => {
          const until = quietUntil(now(), config.quiet_hours ?? null);
          if (!until) return once(key, alert, 'opened');
          held.set(
            key,
            setTimeout(() => {
              held.delete(key);
              once(key, alert, 'opened');
            }, until.getTime() - now().getTime()),
          );
        },
        () => once(key, alert, 'opened'),
      );
    },
    resolved(key: string, alert: Alert): void {
      if (alert.state !== 'resolved' || (alert.muted_by !== null && alert.muted_by !== undefined)) return;
      const timer = held.get(key);
      if (timer) {
        clearTimeout(timer);
        held.delete(key);
        return; // never shown: its recovery is no news either
      }
      if (seen.has(`${key}:opened`)) once(key, alert, 'resolved');
    },
    stop(): void {
      for (const timer of held.values()) clearTimeout(timer);
    },
  };
}

/**
 * For a host attached to another process's engine, whose channels cannot include this host's native
 * notifications: that engine's alerts as they open and resolve (see alertFeed). Does nothing while the
 * engine runs in this process: its delivery worker calls the host's channel then.
 */
export function followAttachedAlerts(
  source: AlertSource,
  deliver: (alert: Alert, event: NotificationEvent) => void,
  now: () => Date = () => new Date(),
): () => void {
  const feed = alertFeed(source, deliver, now);
  const offRaised = source.on('alert.raised', ({ alert }) => source.mode === 'attached' && feed.opened(String(alert.id), alert));
  const offResolved = source.on('alert.resolved', ({ alert }) => source.mode === 'attached' && feed.resolved(String(alert.id), alert));
  return () => {
    offRaised();
    offResolved();
    feed.stop();
  };
}

/**
 * The alerts of the remote engines this home's engine shows (config `remotes`), for a desktop host: each
 * remote sends them to its own channels, but this computer's notifications are only this host's to show.
 */
export function followRemoteAlerts(
  source: AlertSource,
  deliver: (engine: string, alert: Alert, event: NotificationEvent) => void,
  now: () => Date = () => new Date(),
): () => void {
  // The key is "<engine>:<alert id>"; engine names hold no colon (config `remotes` names are ids).
  const feed = alertFeed(source, (alert, event, key) => deliver(key.slice(0, key.lastIndexOf(':')), alert, event), now);
  const off = source.on('remote.alert', ({ engine, alert, event }) => {
    if (event === 'opened') feed.opened(`${engine}:${alert.id}`, alert);
    else feed.resolved(`${engine}:${alert.id}`, alert);
  });
  return () => {
    off();
    feed.stop();
  };
}

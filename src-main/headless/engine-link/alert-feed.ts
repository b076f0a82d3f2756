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
 * For a host attached to another process's engine, whose channels cannot include this host's native
 * notifications: that engine's alerts as they open and resolve, once each, with non-critical ones held
 * until quiet hours end (as the engine holds them for its own channels) and dropped if resolved meanwhile;
 * folded alerts (`muted_by`) stay quiet, as they do on the engine's channels.
 * Does nothing while the engine runs in this process: its delivery worker calls the host's channel then.
 */
export function followAttachedAlerts(
  source: AlertSource,
  deliver: (alert: Alert, event: NotificationEvent) => void,
  now: () => Date = () => new Date(),
): () => void {
  const held = new Map<number, NodeJS.Timeout>();
  const seen = new Set<string>();
  const once = (alert: Alert, event: NotificationEvent): void => {
    const key = `${alert.id}:${event}`;
    if (seen.has(key)) return;
    seen.add(key);
    deliver(alert, event);
  };
  const offRaised = source.on('alert.raised', ({ alert }) => {
    // A folded alert is told by the one it is folded into; it is raised again when released.
    if (source.mode !== 'attached' || alert.muted_by !== null) return;
    if (alert.critical) return once(alert, 'opened');
    void source.call('settings.get', undefined).then(
      (config) => {
        const until = quietUntil(now(), config.quiet_hours ?? null);
        if (!until) return once(alert, 'opened');
        held.set(
          alert.id,
          setTimeout(() => {
            held.delete(alert.id);
            once(alert, 'opened');
          }, until.getTime() - now().getTime()),
        );
      },
      () => once(alert, 'opened'),
    );
  });
  const offResolved = source.on('alert.resolved', ({ alert }) => {
    if (source.mode !== 'attached' || alert.state !== 'resolved' || alert.muted_by !== null) return;
    const timer = held.get(alert.id);
    if (timer) {
      clearTimeout(timer);
      held.delete(alert.id);
      return; // never shown: its recovery is no news either
    }
    if (seen.has(`${alert.id}:opened`)) once(alert, 'resolved');
  });
  return () => {
    offRaised();
    offResolved();
    for (const timer of held.values()) clearTimeout(timer);
  };
}

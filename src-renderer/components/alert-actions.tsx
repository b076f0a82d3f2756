import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import { useAppState, useClient } from '../app-context';
import { needsAck } from '../store/data-slice';
import { clockTime } from './time-format';

/** 08:00 tomorrow, local time: "until tomorrow" means when the day starts, not in 24 hours. */
export function tomorrowMorning(now = new Date()): Date {
  const at = new Date(now);
  at.setDate(at.getDate() + 1);
  at.setHours(8, 0, 0, 0);
  return at;
}

/** Snooze (1 h / until tomorrow) or wake one unresolved alert; reminders wait while it is snoozed. */
export function SnoozeControls({ alert, onDone, onError }: { alert: AlertWithDeliveries; onDone: () => void; onError: (e: unknown) => void }) {
  const client = useClient();
  const loadAlertCount = useAppState((s) => s.loadAlertCount);
  if (alert.state === 'resolved') return null;
  const snooze = (until: Date | null): void =>
    void client
      .call('alerts.snooze', { id: alert.id, until: until ? until.toISOString() : null })
      .then(() => Promise.all([onDone(), loadAlertCount()]))
      .catch(onError);
  const snoozed = alert.snoozed_until !== null && Date.parse(alert.snoozed_until) > Date.now();
  if (snoozed) {
    return (
      <span className="snoozed">
        Snoozed until {clockTime(alert.snoozed_until)}
        <button type="button" className="link" onClick={() => snooze(null)} aria-label={`Wake alert ${alert.id}`}>
          Wake
        </button>
      </span>
    );
  }
  return (
    <span className="snooze" role="group" aria-label={`Snooze alert ${alert.id}`}>
      <button type="button" className="link" onClick={() => snooze(new Date(Date.now() + 3_600_000))} aria-label={`Snooze alert ${alert.id} for 1 hour`}>
        Snooze 1 h
      </button>
      <button type="button" className="link" onClick={() => snooze(tomorrowMorning())} aria-label={`Snooze alert ${alert.id} until tomorrow`}>
        until tomorrow
      </button>
    </span>
  );
}

/** "Acknowledge all (3)" above the list, while some alert is open and not snoozed. */
export function AcknowledgeAll({ alerts, onDone, onError }: { alerts: readonly AlertWithDeliveries[]; onDone: () => void; onError: (e: unknown) => void }) {
  const client = useClient();
  const loadAlertCount = useAppState((s) => s.loadAlertCount);
  const open = alerts.filter((a) => a.state === 'open').length;
  const waiting = alerts.filter((a) => needsAck(a)).length;
  if (open === 0) return null;
  return (
    <div className="alert-toolbar">
      <span className="muted">{waiting === 1 ? '1 alert needs you' : `${waiting} alerts need you`}</span>
      <button
        type="button"
        onClick={() =>
          void client
            .call('alerts.ackAll', {})
            .then(() => Promise.all([onDone(), loadAlertCount()]))
            .catch(onError)
        }
      >
        Acknowledge all ({open})
      </button>
    </div>
  );
}

/** How urgent, in words as well as colour. */
export function Severity({ critical }: { critical: boolean }) {
  return <span className={`severity ${critical ? 'critical' : 'warning'}`}>{critical ? 'critical' : 'warning'}</span>;
}

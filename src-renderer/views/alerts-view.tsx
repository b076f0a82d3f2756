import { useCallback, useEffect, useState } from 'react';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import { useAppState, useClient, useEventListener } from '../app-context';
import { AcknowledgeAll, Severity, SnoozeControls } from '../components/alert-actions';
import { relativeTime } from '../components/time-format';
import { MessagesSection } from './messages-section';

/**
 * The inbox: alerts (open first) and the messages projects sent, one switch apart; above them, any channel
 * that does not answer (what it misses is kept and sent once it does).
 */
export function AlertsView() {
  const [tab, setTab] = useState<'alerts' | 'messages'>('alerts');
  const down = useAppState((s) => s.status?.channels_down) ?? [];
  return (
    <div className="inbox">
      {down.map((c) => (
        <p key={c.id} className="banner warn" role="status">
          Channel {c.label} is not answering{c.error ? ` (${c.error})` : ''}: {c.waiting} notification{c.waiting === 1 ? '' : 's'} kept, sent once it answers.
        </p>
      ))}
      <div className="inbox-switch" role="group" aria-label="Show">
        <button type="button" aria-pressed={tab === 'alerts'} onClick={() => setTab('alerts')}>
          Alerts
        </button>
        <button type="button" aria-pressed={tab === 'messages'} onClick={() => setTab('messages')}>
          Messages
        </button>
      </div>
      {tab === 'alerts' ? <AlertList /> : <MessagesSection />}
    </div>
  );
}

/** Alerts, open ones first: acknowledge, jump to the run, see where each was delivered. */
function AlertList() {
  const client = useClient();
  const listen = useEventListener();
  const openRun = useAppState((s) => s.openRun);
  const [alerts, setAlerts] = useState<AlertWithDeliveries[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    client
      .call('alerts.list', {})
      .then((a) => {
        setAlerts(a);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [client]);
  useEffect(() => {
    load();
    return listen((event) => {
      if (event.name === 'alert.raised' || event.name === 'alert.resolved') load();
    });
  }, [load, listen]);
  const fail = (e: unknown): void => setError(e instanceof Error ? e.message : String(e));
  const loadAlertCount = useAppState((s) => s.loadAlertCount);
  const ack = (id: number): void =>
    void client
      .call('alerts.ack', { id })
      .then(() => Promise.all([load(), loadAlertCount()]))
      .catch(fail);
  if (error)
    return (
      <p className="banner error" role="alert">
        {error}
      </p>
    );
  if (!alerts) return <p className="empty">Loading…</p>;
  if (alerts.length === 0)
    return <p className="empty">No alerts. Agent OS raises one when a task starts failing, a heartbeat is late or down, or a manifest breaks.</p>;
  return (
    <>
      <AcknowledgeAll alerts={alerts} onDone={load} onError={fail} />
      <ul className="alert-list">
        {alerts.map((a) => (
          <li key={a.id} className={`alert-row alert-${a.state}${a.critical ? ' critical' : ''}`}>
            <div className="task-main">
              <span className={`badge ${a.state === 'resolved' ? 'state-ok' : a.critical ? 'state-failing' : 'state-late'}`}>{a.state}</span>
              {a.state === 'resolved' ? null : <Severity critical={a.critical} />}
              <span className="task-name">{a.title}</span>
              {a.state === 'open' ? (
                <button type="button" onClick={() => ack(a.id)} aria-label={`Acknowledge alert ${a.id}`}>
                  Acknowledge
                </button>
              ) : null}
            </div>
            <div className="task-meta">
              <span>
                since {relativeTime(a.opened_at)}
                {a.resolved_at ? ` · resolved ${relativeTime(a.resolved_at)}` : ''}
              </span>
              <SnoozeControls alert={a} onDone={load} onError={fail} />
              {a.run_id !== null ? (
                <button type="button" className="link" onClick={() => openRun(a.run_id)}>
                  Open run #{a.run_id}
                </button>
              ) : null}
            </div>
            {a.kind === 'digest' && a.detail ? <pre className="digest-text">{a.detail}</pre> : a.detail ? <div className="task-error">{a.detail}</div> : null}
            {a.folded_into ? (
              <div className="task-muted">
                Folded into <strong>{a.folded_into}</strong>: not sent on its own.
              </div>
            ) : null}
            {a.folded.length > 0 ? (
              <div className="task-muted">
                {a.folded.length} dependent task{a.folded.length === 1 ? '' : 's'} also failing: {a.folded.join(', ')}
              </div>
            ) : null}
            {a.deliveries.length > 0 ? (
              <div className="deliveries muted">
                {a.deliveries.map((d) => (
                  <span key={d.id} title={d.last_error ?? ''}>
                    {d.channel} {d.event}: {d.status}
                    {d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
                    {d.status === 'pending' && d.next_attempt_at ? ` (next ${relativeTime(d.next_attempt_at)})` : ''}
                  </span>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

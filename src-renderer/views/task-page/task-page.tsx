import { useEffect, useState } from 'react';
import type { Run, UpcomingRun } from '../../../src-main/common/models';
import { useAppState, useClient } from '../../app-context';
import { RunButton } from '../../components/run-button';
import { StateBadge } from '../../components/state-badge';
import { clock, duration } from '../../components/time-format';
import { RunStrip } from './run-strip';
import { DurationChart } from './duration-chart';
import { OWNER, runStats, scheduleInWords } from './task-stats';
import './task-page.css';

const LOG_LINES = 30;

/**
 * One task's page: its schedule (as written and in words), command, owner, its last 50 runs as a strip of bars,
 * success rate, average and p95 duration, its next runs and the end of its last log.
 */
export function TaskPage({ id }: { id: string }) {
  const client = useClient();
  const task = useAppState((s) => s.status?.projects.flatMap((p) => p.tasks).find((t) => t.id === id) ?? null);
  const close = useAppState((s) => s.openTask);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [next, setNext] = useState<UpcomingRun[] | null>(null);
  const [log, setLog] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastId = task?.last_run?.id ?? null;
  const lastStatus = task?.last_run?.status ?? null;
  useEffect(() => {
    let alive = true;
    const fail = (e: unknown): void => void (alive && setError(e instanceof Error ? e.message : String(e)));
    client
      .call('runs.list', { task: id, limit: 50 })
      .then((r) => alive && setRuns(r))
      .catch(fail);
    client
      .call('schedule.upcoming', { hours: 48 })
      .then((u) => alive && setNext(u.filter((x) => x.task === id).slice(0, 5)))
      .catch(fail);
    if (lastId !== null)
      client
        .call('runs.get', { id: lastId })
        .then((r) => alive && setLog(r.log.trimEnd().split('\n').slice(-LOG_LINES).join('\n')))
        .catch(fail);
    return () => void (alive = false);
  }, [client, id, lastId, lastStatus]);
  if (!task) return <p className="empty">No task {id} on this engine any more.</p>;
  const stats = runs ? runStats(runs) : null;
  const words = scheduleInWords(task.schedule);
  return (
    <section className="task-page" aria-label={`Task ${id}`}>
      <div className="detail-head">
        <button type="button" className="link" onClick={() => close(null)} aria-label="Back">
          ← Back
        </button>
        <h2>{id}</h2>
        <StateBadge state={task.state} />
        {task.kind === 'heartbeat' ? null : (
          <RunButton task={id} running={task.state === 'running'} lastRun={task.last_run} cannot={task.cloud?.not_runnable_reason} />
        )}
      </div>
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : null}
      <dl className="run-facts">
        <dt>Schedule</dt>
        <dd>
          {task.schedule ? <code>{task.schedule}</code> : 'on demand (Run now, CLI, triggers)'}
          {words ? <span className="muted"> · {words}</span> : null}
        </dd>
        <dt>Command</dt>
        <dd>{task.command ? <code>{task.command}</code> : <span className="muted">none here ({OWNER[task.kind]})</span>}</dd>
        <dt>Owner</dt>
        <dd>{OWNER[task.kind]}</dd>
        <dt>Success</dt>
        <dd>{stats?.successRate == null ? '—' : `${Math.round(stats.successRate * 100)} % of ${stats.counted} run${stats.counted === 1 ? '' : 's'}`}</dd>
        <dt>Duration</dt>
        <dd>{stats?.avgMs == null ? '—' : `avg ${duration(stats.avgMs)} · p95 ${duration(stats.p95Ms)}`}</dd>
      </dl>
      <h3>{runs && runs.length === 1 ? 'Last run' : `Last ${runs && runs.length > 0 ? runs.length : 50} runs`}</h3>
      {runs === null ? (
        <p className="muted">Loading runs…</p>
      ) : runs.length === 0 ? (
        <p className="muted">It has not run yet.</p>
      ) : (
        <>
          <RunStrip runs={runs} />
          <DurationChart runs={runs} />
        </>
      )}
      <h3>Next runs</h3>
      {next === null ? (
        <p className="muted">Loading…</p>
      ) : next.length === 0 ? (
        <p className="muted">None in the next 48 hours.</p>
      ) : (
        <ul className="plain-list next-runs">
          {next.map((u) => (
            <li key={u.at}>
              <time dateTime={u.at}>{clock(u.at)}</time>
              <span className="muted">{u.kind === 'heartbeat' ? 'ping expected' : u.paused ? 'paused' : ''}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Last log</h3>
      {lastId === null ? (
        <p className="muted">No run yet.</p>
      ) : log === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <pre className="log task-log">{log || '(empty)'}</pre>
      )}
    </section>
  );
}

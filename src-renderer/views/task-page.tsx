import { useEffect, useState } from 'react';
import cronstrue from 'cronstrue';
import type { TaskDetail, TaskKind } from '../../src-main/common/models';
import { useAppState, useClient, useEventListener } from '../app-context';
import { DurationChart } from '../components/duration-chart';
import { RunButton } from '../components/run-button';
import { RunStatusLabel, StateBadge } from '../components/state-badge';
import { clock, duration, relativeTime } from '../components/time-format';
import './task-page.css';

const OWNER: Record<TaskKind, string> = {
  command: 'Agent OS runs it',
  launchd: 'launchd runs it (a LaunchAgent)',
  cron: 'cron runs it (a crontab line)',
  heartbeat: 'something else runs it and pings Agent OS',
  github_actions: 'GitHub Actions runs it',
  railway: 'Railway runs it',
};

/** A schedule in words ("At 03:30"), or null when it is not a cron expression cronstrue reads. */
function inWords(schedule: string | null): string | null {
  if (!schedule || /^every\b/i.test(schedule)) return null;
  try {
    return cronstrue.toString(schedule, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return null;
  }
}

/** One task: what it runs and who runs it, its schedule in words, next runs, the last runs as bars and figures, the last log. */
export function TaskPage({ id }: { id: string }) {
  const client = useClient();
  const listen = useEventListener();
  const openTask = useAppState((s) => s.openTask);
  const openRun = useAppState((s) => s.openRun);
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [log, setLog] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      client
        .call('tasks.detail', { task: id })
        .then(async (d) => {
          if (!alive) return;
          setDetail(d);
          setError(null);
          const last = d.runs.find((r) => r.status !== 'skipped' && r.status !== 'missed');
          const withLog = last ? await client.call('runs.get', { id: last.id }) : null;
          if (alive) setLog(withLog ? withLog.log : null);
        })
        .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    };
    load();
    const off = listen((event) => {
      if ((event.name === 'run.finished' || event.name === 'run.started') && event.payload.run.task === id) load();
      if (event.name === 'task.state' && event.payload.task === id) load();
    });
    return () => {
      alive = false;
      off();
    };
  }, [client, listen, id]);

  const task = detail?.task;
  const words = inWords(task?.schedule ?? null);
  const stats = detail?.stats;
  return (
    <section className="task-page" aria-label={`Task ${id}`}>
      <header>
        <button type="button" className="link" onClick={() => openTask(null)} aria-label="Back">
          ← Back
        </button>
        <h2>
          {id} {task ? <StateBadge state={task.state} /> : null}
        </h2>
        {task && (task.kind === 'command' || task.cloud?.runnable) ? (
          <RunButton task={id} running={task.state === 'running'} prominent={task.state === 'failing'} cannot={task.cloud?.not_runnable_reason} />
        ) : null}
      </header>
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : null}
      {!detail && !error ? <p className="muted">Loading…</p> : null}
      {detail && task ? (
        <>
          <dl className="run-facts">
            <dt>Schedule</dt>
            <dd>
              {task.schedule ? <code>{task.schedule}</code> : 'on demand'}
              {words ? <span className="muted"> — {words}</span> : null}
            </dd>
            <dt>Runs</dt>
            <dd>{detail.command ? <code className="task-command">{detail.command}</code> : '—'}</dd>
            <dt>Owner</dt>
            <dd>{OWNER[task.kind]}</dd>
            <dt>Next</dt>
            <dd>
              {detail.next_runs.length === 0 ? (
                task.paused ? (
                  'paused'
                ) : (
                  'nothing scheduled'
                )
              ) : (
                <ul className="next-runs">
                  {detail.next_runs.map((at) => (
                    <li key={at}>
                      {clock(at)} <span className="muted">({relativeTime(at)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
          <h3>Last {detail.runs.length} runs</h3>
          {stats && stats.ended > 0 ? (
            <p className="task-stats">
              <span>
                <strong>{Math.round((stats.success_rate ?? 0) * 100)}%</strong> succeeded ({stats.ended} runs)
              </span>
              <span>
                average <strong>{duration(stats.avg_ms)}</strong>
              </span>
              <span>
                p95 <strong>{duration(stats.p95_ms)}</strong>
              </span>
            </p>
          ) : null}
          <DurationChart runs={detail.runs} />
          <ol className="task-runs">
            {detail.runs.slice(0, 10).map((run) => (
              <li key={run.id}>
                <button type="button" className="link" onClick={() => openRun(run.id)} aria-label={`Open run ${run.id} of ${id}`}>
                  #{run.id}
                </button>{' '}
                <RunStatusLabel status={run.status} /> {clock(run.started_at ?? run.queued_at)}
                {run.duration_ms !== null ? ` · ${duration(run.duration_ms)}` : ''}
                {run.error ? <span className="run-error"> — {run.error}</span> : null}
              </li>
            ))}
          </ol>
          {log !== null ? (
            <>
              <h3>Last log</h3>
              <pre className="log" aria-label="Last log" tabIndex={0}>
                {log || 'No output.'}
              </pre>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

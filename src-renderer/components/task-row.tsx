import type { TaskStatus } from '../../src-main/common/models';
import { useAppState } from '../app-context';
import { PauseButton, RunButton } from './run-button';
import { CloudDetails } from './cloud-details';
import { StateBadge } from './state-badge';
import { duration, relativeTime } from './time-format';

const PROBLEM = new Set(['failing', 'down', 'late']);

/** Why a task has no Run button, for the kinds that cannot be started from here. */
const NO_RUN: Partial<Record<TaskStatus['kind'], string>> = {
  heartbeat: 'No Run here: it runs elsewhere and pings Agent OS.',
};

/** One task: state, last run, next run, the error when failing (a too-short run says so), folded alerts, and Run now. */
export function TaskRow({ task, showProject, engine = null }: { task: TaskStatus; showProject?: boolean; engine?: string | null }) {
  const openRun = useAppState((s) => s.openRun);
  const openTask = useAppState((s) => s.openTask);
  const [project, name] = task.id.split('/');
  const last = task.last_run;
  const problem = PROBLEM.has(task.state);
  // launchd jobs are kicked (kickstart -k), crontab entries run their command; heartbeats run elsewhere.
  const canRun = task.kind === 'command' || task.kind === 'launchd' || task.kind === 'cron' || task.cloud !== undefined;
  const pausable = task.kind === 'command' || task.kind === 'heartbeat';
  return (
    <li className={`task-row state-${task.state}`} data-task={task.id} data-engine={engine ?? undefined}>
      <div className="task-main">
        <StateBadge state={task.state} />
        {task.flapping ? (
          <span className="badge state-late" title="It changed state too often: one flapping alert, then quiet until it is stable">
            Flapping
          </span>
        ) : null}
        <span className="task-name">
          {engine ? <span className="task-engine">{engine}: </span> : null}
          {/* At tray width the project is cut from its start ("…automation/"), never the task's own name. */}
          {showProject ? (
            <span className="task-project" title={project}>
              <bdi>{project}/</bdi>
            </span>
          ) : null}
          {engine ? (
            <span className="task-own">{name}</span>
          ) : (
            <button type="button" className="link task-own task-open" onClick={() => openTask(task.id)} aria-label={`Open task ${task.id}`}>
              {name}
            </button>
          )}
        </span>
        {canRun ? (
          <RunButton
            task={task.id}
            running={task.state === 'running'}
            prominent={problem}
            cannot={task.cloud?.not_runnable_reason}
            engine={engine}
            lastRun={last}
          />
        ) : (
          <span className="task-kind" title={NO_RUN[task.kind]}>
            {task.kind}
          </span>
        )}
      </div>
      <div className="task-meta">
        {last ? (
          <button type="button" className="link" onClick={() => openRun(last.id, engine)} aria-label={`Open run ${last.id} of ${task.id}`}>
            last {relativeTime(last.finished_at ?? last.started_at ?? last.queued_at)}
            {last.duration_ms !== null ? ` · ${duration(last.duration_ms)}` : ''}
          </button>
        ) : (
          <span>never run</span>
        )}
        <span>
          {task.paused ? 'paused' : task.next_run ? `next ${relativeTime(task.next_run)}` : task.schedule ? task.schedule : 'on demand'}
          {pausable ? (
            <>
              {' · '}
              <PauseButton task={task.id} paused={task.paused} engine={engine} />
            </>
          ) : null}
        </span>
      </div>
      {NO_RUN[task.kind] && !task.cloud ? <div className="task-why">{NO_RUN[task.kind]}</div> : null}
      {problem && last?.error ? <div className="task-error">{last.error}</div> : null}
      {task.muted_by ? (
        <div className="task-muted">
          Alerts folded into <strong>{task.muted_by}</strong>, which it depends on; sent on their own only if it still fails after that recovers.
        </div>
      ) : null}
      {task.cloud ? <CloudDetails task={task} /> : null}
      {task.ping_url && !task.cloud ? (
        <div className="task-ping">
          ping: <code>{task.ping_url}</code>
        </div>
      ) : null}
    </li>
  );
}

import type { TaskStatus } from '../../src-main/common/models';
import { useAppState } from '../app-context';
import { RunButton } from './run-button';
import { CloudDetails } from './cloud-details';
import { StateBadge } from './state-badge';
import { duration, relativeTime } from './time-format';

const PROBLEM = new Set(['failing', 'down', 'late']);

/** One task: state, last run, next run, the error when failing (a too-short run says so), folded alerts, and Run now. */
export function TaskRow({ task, showProject, engine = null }: { task: TaskStatus; showProject?: boolean; engine?: string | null }) {
  const openRun = useAppState((s) => s.openRun);
  const openTask = useAppState((s) => s.openTask);
  const [project, name] = task.id.split('/');
  const last = task.last_run;
  const problem = PROBLEM.has(task.state);
  const canRun = task.kind === 'command' || task.cloud !== undefined;
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
          {showProject ? <span className="task-project">{project}/</span> : null}
          {engine ? (
            name
          ) : (
            <button type="button" className="link task-open" onClick={() => openTask(task.id)} aria-label={`Open task ${task.id}`}>
              {name}
            </button>
          )}
        </span>
        {canRun ? (
          <RunButton task={task.id} running={task.state === 'running'} prominent={problem} cannot={task.cloud?.not_runnable_reason} engine={engine} />
        ) : (
          <span className="task-kind">{task.kind}</span>
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
        <span>{task.next_run ? `next ${relativeTime(task.next_run)}` : task.schedule ? task.schedule : 'on demand'}</span>
      </div>
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

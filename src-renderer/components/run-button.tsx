import type { Run } from '../../src-main/common/models';
import { useAppState } from '../app-context';
import { inflightKey } from '../store/ui-slice';

const ACTIVE = new Set(['queued', 'waiting', 'running']);

/**
 * "Run now" for one task, with in-flight feedback; its accessible name is `Run <project>/<task> now`. It is
 * really disabled while the task runs (a second click would only record a skipped run) and while the engine
 * is gone; a running task gets a Stop button beside it.
 */
export function RunButton({
  task,
  running,
  prominent,
  cannot,
  engine = null,
  lastRun = null,
}: {
  task: string;
  running: boolean;
  prominent?: boolean;
  cannot?: string | null;
  /** The remote engine that owns the task (its name joins the button's accessible name), or null. */
  engine?: string | null;
  /** The task's last run: Stop cancels it while it is active. */
  lastRun?: Run | null;
}) {
  const inflight = useAppState((s) => Boolean(s.inflight[inflightKey(task, engine)]));
  const offline = useAppState((s) => s.linkSeen && !s.linkUp);
  const startRun = useAppState((s) => s.startRun);
  const stopRun = useAppState((s) => s.stopRun);
  const busy = inflight || running;
  const why = cannot ?? (offline ? 'Disconnected from Agent OS: it can start runs again once it is back.' : running ? 'It is running now.' : undefined);
  const stoppable = running && lastRun !== null && ACTIVE.has(lastRun.status);
  return (
    <span className="run-controls">
      {stoppable ? (
        <button
          type="button"
          className="stop-button"
          aria-label={`Stop ${task}${engine ? ` on ${engine}` : ''}`}
          disabled={offline}
          onClick={() => void stopRun(lastRun.id, engine)}
        >
          Stop
        </button>
      ) : null}
      <button
        type="button"
        className={`run-button${prominent ? ' prominent' : ''}`}
        aria-label={`Run ${task} now${engine ? ` on ${engine}` : ''}`}
        aria-busy={busy}
        // A task its owner runs (Railway, a workflow without workflow_dispatch) says why it cannot start here.
        disabled={busy || offline || Boolean(cannot)}
        title={why}
        aria-describedby={cannot ? `why-${task}` : undefined}
        onClick={() => void startRun(task, engine)}
      >
        {inflight ? 'Starting…' : running ? 'Running…' : prominent ? 'Rerun' : 'Run'}
      </button>
    </span>
  );
}

/** Pause / Resume one task: a paused task is not scheduled (a heartbeat is not watched) until resumed. */
export function PauseButton({ task, paused, engine = null }: { task: string; paused: boolean; engine?: string | null }) {
  const setTaskPaused = useAppState((s) => s.setTaskPaused);
  const offline = useAppState((s) => s.linkSeen && !s.linkUp);
  return (
    <button
      type="button"
      className="link pause-button"
      aria-label={`${paused ? 'Resume' : 'Pause'} ${task}${engine ? ` on ${engine}` : ''}`}
      disabled={offline}
      onClick={() => void setTaskPaused(task, !paused, engine)}
    >
      {paused ? 'Resume' : 'Pause'}
    </button>
  );
}

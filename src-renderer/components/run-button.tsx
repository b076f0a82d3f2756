import { useAppState } from '../app-context';
import { inflightKey } from '../store/ui-slice';

/** "Run now" for one task, with in-flight feedback; its accessible name is `Run <project>/<task> now`. */
export function RunButton({
  task,
  running,
  prominent,
  cannot,
  engine = null,
}: {
  task: string;
  running: boolean;
  prominent?: boolean;
  cannot?: string | null;
  /** The remote engine that owns the task (its name joins the button's accessible name), or null. */
  engine?: string | null;
}) {
  const inflight = useAppState((s) => Boolean(s.inflight[inflightKey(task, engine)]));
  const startRun = useAppState((s) => s.startRun);
  const busy = inflight || running;
  return (
    <button
      type="button"
      className={`run-button${prominent ? ' prominent' : ''}`}
      aria-label={`Run ${task} now${engine ? ` on ${engine}` : ''}`}
      aria-busy={busy}
      // A task its owner runs (Railway, a workflow without workflow_dispatch) says why it cannot start here.
      disabled={inflight || Boolean(cannot)}
      title={cannot ?? undefined}
      aria-describedby={cannot ? `why-${task}` : undefined}
      onClick={() => void startRun(task, engine)}
    >
      {inflight ? 'Starting…' : running ? 'Running…' : prominent ? 'Rerun' : 'Run'}
    </button>
  );
}

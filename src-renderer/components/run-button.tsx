import { useAppState } from '../app-context';

/** "Run now" for one task, with in-flight feedback; its accessible name is `Run <project>/<task> now`. */
export function RunButton({ task, running, prominent }: { task: string; running: boolean; prominent?: boolean }) {
  const inflight = useAppState((s) => Boolean(s.inflight[task]));
  const startRun = useAppState((s) => s.startRun);
  const busy = inflight || running;
  return (
    <button
      type="button"
      className={`run-button${prominent ? ' prominent' : ''}`}
      aria-label={`Run ${task} now`}
      aria-busy={busy}
      disabled={inflight}
      onClick={() => void startRun(task)}
    >
      {inflight ? 'Starting…' : running ? 'Running…' : prominent ? 'Rerun' : 'Run'}
    </button>
  );
}

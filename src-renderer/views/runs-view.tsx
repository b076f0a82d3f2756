import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Run, RunStatus } from '../../src-main/common/models';
import { useAppState } from '../app-context';
import { RunStatusLabel } from '../components/state-badge';
import { duration, relativeTime } from '../components/time-format';

const STATUSES: RunStatus[] = ['running', 'success', 'failed', 'timeout', 'interrupted', 'cancelled', 'skipped', 'missed', 'queued', 'waiting'];
const ROW_HEIGHT = 44;

/** Run history, newest first, filterable; virtualized so thousands of runs stay fast. */
export function RunsView() {
  const runs = useAppState((s) => s.runs);
  const filter = useAppState((s) => s.runFilter);
  const status = useAppState((s) => s.status);
  const loadRuns = useAppState((s) => s.loadRuns);
  const loadMore = useAppState((s) => s.loadMoreRuns);
  const complete = useAppState((s) => s.runsComplete);
  const load = useAppState((s) => s.runsLoad);
  const projects = status?.projects.map((p) => p.name) ?? [];
  const tasks = status?.projects.filter((p) => !filter.project || p.name === filter.project).flatMap((p) => p.tasks.map((t) => t.id)) ?? [];
  useEffect(() => void loadRuns(), [loadRuns]);
  return (
    <div className="runs-view">
      <div className="filters" role="group" aria-label="Filter runs">
        <select
          aria-label="Project"
          value={filter.project ?? ''}
          onChange={(e) => void loadRuns({ ...filter, project: e.target.value || undefined, task: undefined })}
        >
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <select aria-label="Task" value={filter.task ?? ''} onChange={(e) => void loadRuns({ ...filter, task: e.target.value || undefined })}>
          <option value="">All tasks</option>
          {tasks.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select
          aria-label="Status"
          value={filter.status ?? ''}
          onChange={(e) => void loadRuns({ ...filter, status: (e.target.value || undefined) as RunStatus | undefined })}
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {load.state === 'failed' ? (
        <div className="empty" role="alert">
          <p>Could not load the runs: {load.error}</p>
          <button type="button" onClick={() => void loadRuns()}>
            Try again
          </button>
        </div>
      ) : load.state === 'loading' && runs.length === 0 ? (
        <p className="empty" role="status">
          Loading runs…
        </p>
      ) : runs.length === 0 ? (
        <p className="empty">No runs match. Start one with a Run button on the Tasks view.</p>
      ) : (
        <RunList runs={runs} onEnd={complete ? undefined : () => void loadMore()} />
      )}
    </div>
  );
}

/** A virtualized list of runs; Enter or click opens one. */
export function RunList({ runs, onEnd }: { runs: readonly Run[]; onEnd?: () => void }) {
  const openRun = useAppState((s) => s.openRun);
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: runs.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 420, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (onEnd && lastIndex >= runs.length - 10) onEnd();
  }, [lastIndex, runs.length, onEnd]);
  return (
    <div ref={parent} className="run-scroller" role="list" aria-label="Runs">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const run = runs[item.index] as Run;
          return (
            <button
              type="button"
              role="listitem"
              key={run.id}
              className={`run-row status-${run.status}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={() => openRun(run.id)}
              aria-label={`Run ${run.id} of ${run.task}: ${run.status}`}
            >
              <span className="run-id">#{run.id}</span>
              <span className="run-task">{run.task}</span>
              <RunStatusLabel status={run.status} />
              <span className="run-when">{relativeTime(run.started_at ?? run.queued_at)}</span>
              <span className="run-took">{duration(run.duration_ms)}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

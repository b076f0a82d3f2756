import type { StateCreator } from 'zustand';
import type { HandlerResult } from '../../src-main/common/api';
import type { Run, RunStatus, StatusReport, UpcomingRun } from '../../src-main/common/models';
import type { ApiClient } from '../client/api-client';
import type { AnyEvent } from '../client/transport';
import type { AppState } from './app-store';

/** Filters of the run history. */
export interface RunFilter {
  project?: string;
  task?: string;
  status?: RunStatus;
}

/** Settings as the core returns them. */
export type Settings = HandlerResult<'settings.get'>;

/** Server data: status, runs, schedule, settings, and how events update them. */
export interface DataSlice {
  status: StatusReport | null;
  runs: Run[];
  runsComplete: boolean;
  runFilter: RunFilter;
  upcoming: UpcomingRun[];
  settings: Settings | null;
  /** The last API error, shown in a banner until dismissed or the next success. */
  error: string | null;
  loadStatus(): Promise<void>;
  loadRuns(filter?: RunFilter): Promise<void>;
  loadMoreRuns(): Promise<void>;
  loadUpcoming(hours: number): Promise<void>;
  loadSettings(): Promise<void>;
  applyEvent(event: AnyEvent): void;
  dismissError(): void;
}

const PAGE = 500;

function matches(run: Run, filter: RunFilter): boolean {
  return (!filter.project || run.project === filter.project) && (!filter.task || run.task === filter.task) && (!filter.status || run.status === filter.status);
}

const ACTIVE: ReadonlySet<RunStatus> = new Set(['queued', 'waiting', 'running']);

/** True when `next` may replace `current` (same run): an ended run is never put back to running by a late answer. */
export function newerRun(current: Run, next: Run): boolean {
  return !(ACTIVE.has(next.status) && !ACTIVE.has(current.status));
}

/** Replaces a run in place or puts a new one on top (newest first). */
export function upsertRun(runs: readonly Run[], run: Run): Run[] {
  const at = runs.findIndex((r) => r.id === run.id);
  if (at >= 0) return runs.map((r, i) => (i === at && newerRun(r, run) ? run : r));
  return [run, ...runs].sort((a, b) => b.id - a.id);
}

/** A status report with one task's last run applied (its state comes from the core's `task.state`). */
export function withRun(status: StatusReport, run: Run): StatusReport {
  return {
    ...status,
    projects: status.projects.map((p) =>
      p.name !== run.project
        ? p
        : {
            ...p,
            tasks: p.tasks.map((t) => {
              if (t.id !== run.task || (t.last_run && t.last_run.id > run.id)) return t;
              if (t.last_run && t.last_run.id === run.id && !newerRun(t.last_run, run)) return t;
              return { ...t, last_run: run };
            }),
          },
    ),
  };
}

export const createDataSlice =
  (client: ApiClient): StateCreator<AppState, [], [], DataSlice> =>
  (set, get) => {
    let refresh: ReturnType<typeof setTimeout> | undefined;
    let runsRequest = 0;
    // Events change a row at once; next-run times and the like are refetched once the burst settles.
    const refreshSoon = (): void => {
      clearTimeout(refresh);
      refresh = setTimeout(() => void get().loadStatus(), 400);
    };
    const guard = async (work: () => Promise<void>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    };
    return {
      status: null,
      runs: [],
      runsComplete: false,
      runFilter: {},
      upcoming: [],
      settings: null,
      error: null,
      loadStatus: () => guard(async () => set({ status: await client.call('status.get'), error: null })),
      loadRuns: (filter = get().runFilter) => {
        // The filter shows at once; an answer to an older request (the user changed it again) is dropped.
        const request = ++runsRequest;
        set({ runFilter: filter });
        return guard(async () => {
          const runs = await client.call('runs.list', { ...filter, limit: PAGE });
          if (request === runsRequest) set({ runs, runsComplete: runs.length < PAGE, error: null });
        });
      },
      loadMoreRuns: () =>
        guard(async () => {
          const { runs, runFilter, runsComplete } = get();
          const last = runs[runs.length - 1];
          if (runsComplete || !last) return;
          const more = await client.call('runs.list', { ...runFilter, limit: PAGE, before_id: last.id });
          set({ runs: [...runs, ...more], runsComplete: more.length < PAGE });
        }),
      loadUpcoming: (hours) => guard(async () => set({ upcoming: await client.call('schedule.upcoming', { hours }) })),
      loadSettings: () => guard(async () => set({ settings: await client.call('settings.get') })),
      dismissError: () => set({ error: null }),
      applyEvent(event) {
        switch (event.name) {
          case 'run.started':
          case 'run.finished': {
            const { run } = event.payload;
            const { status, runs, runFilter, inflight } = get();
            const rest = { ...inflight };
            delete rest[run.task];
            set({ status: status ? withRun(status, run) : status, runs: matches(run, runFilter) ? upsertRun(runs, run) : runs, inflight: rest });
            if (event.name === 'run.finished') refreshSoon();
            break;
          }
          case 'remote.changed':
            refreshSoon();
            break;
          case 'task.state': {
            const { status } = get();
            if (!status) return;
            const { task, state } = event.payload;
            set({ status: { ...status, projects: status.projects.map((p) => ({ ...p, tasks: p.tasks.map((t) => (t.id === task ? { ...t, state } : t)) })) } });
            break;
          }
          // Folded and flapping marks on the task rows come with the status.
          case 'project.changed':
          case 'alert.raised':
          case 'alert.resolved':
            refreshSoon();
            break;
          case 'run.output':
            break;
        }
      },
    };
  };

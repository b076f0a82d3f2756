import type { StateCreator } from 'zustand';
import type { ApiClient } from '../client/api-client';
import type { Chip } from './task-filter';
import type { AppState } from './app-store';

/** The views in the navigation, in order. */
export const VIEWS = ['overview', 'tasks', 'runs', 'schedule', 'alerts', 'costs', 'keys', 'settings'] as const;
/** One view. */
export type ViewName = (typeof VIEWS)[number];

/** Navigation, the open run, in-flight "Run now" clicks and the event link. */
export interface UiSlice {
  view: ViewName;
  openRunId: number | null;
  /** The remote engine the open run belongs to (config `remotes`), or null for this engine's own. */
  openRunEngine: string | null;
  /** The Tasks view's search, chips and folded projects: kept while a task's page or a run is open. */
  taskQuery: string;
  taskChips: Chip[];
  foldedProjects: string[];
  setTaskFilter(change: Partial<Pick<UiSlice, 'taskQuery' | 'taskChips' | 'foldedProjects'>>): void;
  /** The task whose page is open ("project/task"), or null. */
  openTaskId: string | null;
  /** Tasks whose Run-now click has not been answered by a run event yet. */
  inflight: Record<string, true>;
  linkUp: boolean;
  /** True once the live link has been up: a drop after that is the engine gone, not a slow first start. */
  linkSeen: boolean;
  /** When the link came back after a drop (ISO), until the next drop. */
  linkBackAt: string | null;
  setView(view: ViewName): void;
  openRun(id: number | null, engine?: string | null): void;
  /** Opens a task's page (null closes it); a run opened from it returns to it. */
  openTask(id: string | null): void;
  /** Run now; `engine` names the remote engine that owns the task (null: this one). */
  startRun(task: string, engine?: string | null): Promise<void>;
  setLink(up: boolean): void;
  pauseAll(paused: boolean): Promise<void>;
  /** Stop: cancels a running (or queued) run of a task. */
  stopRun(runId: number, engine?: string | null): Promise<void>;
  /** Pauses or resumes one task (`tasks.pause` / `tasks.resume`). */
  setTaskPaused(task: string, paused: boolean, engine?: string | null): Promise<void>;
}

export const createUiSlice =
  (client: ApiClient): StateCreator<AppState, [], [], UiSlice> =>
  (set, get) => ({
    view: 'overview',
    openRunId: null,
    openRunEngine: null,
    openTaskId: null,
    taskQuery: '',
    taskChips: [],
    foldedProjects: [],
    setTaskFilter: (change) => set(change),
    inflight: {},
    linkUp: false,
    linkSeen: false,
    linkBackAt: null,
    setView: (view) => set({ view, openRunId: null, openRunEngine: null, openTaskId: null }),
    openRun: (id, engine = null) => set({ openRunId: id, openRunEngine: id === null ? null : engine }),
    openTask: (id) => set({ openTaskId: id, openRunId: null, openRunEngine: null }),
    setLink: (linkUp) => {
      const { linkSeen, linkUp: was } = get();
      if (linkUp === was) return;
      const back = linkUp && linkSeen ? new Date().toISOString() : null;
      set({ linkUp, linkSeen: linkSeen || linkUp, linkBackAt: linkUp ? back : null });
    },
    async startRun(task, engine = null) {
      const key = inflightKey(task, engine);
      set({ inflight: { ...get().inflight, [key]: true } });
      try {
        const run = await client.callOn(engine, 'runs.start', { task });
        if (run.status === 'skipped') set({ error: `${task}: ${run.error ?? 'skipped'}` });
        if (engine === null) get().applyEvent({ name: run.status === 'skipped' ? 'run.finished' : 'run.started', payload: { run } });
        else {
          // A remote run arrives as that engine's changed status (remote.changed), not as this engine's run events.
          const rest = { ...get().inflight };
          delete rest[key];
          set({ inflight: rest });
          await get().loadStatus();
        }
      } catch (error) {
        const rest = { ...get().inflight };
        delete rest[key];
        set({ inflight: rest, error: error instanceof Error ? error.message : String(error) });
      }
    },
    async stopRun(runId, engine = null) {
      try {
        const run = await client.callOn(engine, 'runs.cancel', { id: runId });
        if (engine === null)
          get().applyEvent({ name: ['queued', 'waiting', 'running'].includes(run.status) ? 'run.started' : 'run.finished', payload: { run } });
        else await get().loadStatus();
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    },
    async setTaskPaused(task, paused, engine = null) {
      try {
        await client.callOn(engine, paused ? 'tasks.pause' : 'tasks.resume', { task });
        await get().loadStatus();
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    },
    async pauseAll(paused) {
      try {
        await client.call(paused ? 'engine.pauseAll' : 'engine.resumeAll');
        await get().loadStatus();
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    },
  });

/** The in-flight key of a task: its id, prefixed with its remote engine's name. */
export function inflightKey(task: string, engine: string | null | undefined): string {
  return engine ? `${engine}:${task}` : task;
}

import type { StateCreator } from 'zustand';
import type { ApiClient } from '../client/api-client';
import type { AppState } from './app-store';

/** The views in the navigation, in order. */
export const VIEWS = ['overview', 'tasks', 'runs', 'schedule', 'alerts', 'costs', 'keys', 'settings'] as const;
/** One view. */
export type ViewName = (typeof VIEWS)[number];

/** Navigation, the open run, in-flight "Run now" clicks and the event link. */
export interface UiSlice {
  view: ViewName;
  openRunId: number | null;
  /** Tasks whose Run-now click has not been answered by a run event yet. */
  inflight: Record<string, true>;
  linkUp: boolean;
  setView(view: ViewName): void;
  openRun(id: number | null): void;
  startRun(task: string): Promise<void>;
  setLink(up: boolean): void;
  pauseAll(paused: boolean): Promise<void>;
}

export const createUiSlice =
  (client: ApiClient): StateCreator<AppState, [], [], UiSlice> =>
  (set, get) => ({
    view: 'overview',
    openRunId: null,
    inflight: {},
    linkUp: false,
    setView: (view) => set({ view, openRunId: null }),
    openRun: (id) => set({ openRunId: id }),
    setLink: (linkUp) => set({ linkUp }),
    async startRun(task) {
      set({ inflight: { ...get().inflight, [task]: true } });
      try {
        const run = await client.call('runs.start', { task });
        if (run.status === 'skipped') set({ error: `${task}: ${run.error ?? 'skipped'}` });
        get().applyEvent({ name: run.status === 'skipped' ? 'run.finished' : 'run.started', payload: { run } });
      } catch (error) {
        const rest = { ...get().inflight };
        delete rest[task];
        set({ inflight: rest, error: error instanceof Error ? error.message : String(error) });
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

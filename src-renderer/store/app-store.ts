import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../client/api-client';
import type { AnyEvent } from '../client/transport';
import { createDataSlice, type DataSlice } from './data-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** The whole renderer state: one slice per concern, combined once (zustand docs' slices pattern). */
export type AppState = DataSlice & UiSlice;

/** Creates the store for one client and connects its event stream (events are pushed in with setState). */
export function createAppStore(client: ApiClient): AppStore {
  const store = createStore<AppState>()((...a) => ({ ...createDataSlice(client)(...a), ...createUiSlice(client)(...a) }));
  const listeners = new Set<(event: AnyEvent) => void>();
  return Object.assign(store, {
    listen(listener: (event: AnyEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    connect: () =>
      client.subscribe(
        (event) => {
          store.getState().applyEvent(event);
          for (const listener of listeners) listener(event);
        },
        (up) => {
          const was = store.getState().linkUp;
          store.getState().setLink(up);
          // After a reconnect, events may have been missed: reload what is on screen.
          if (up && !was) {
            const state = store.getState();
            void state.loadStatus();
            void state.loadAlertCount();
            if (state.view === 'runs' || state.runsLoad.state === 'failed') void state.loadRuns();
          }
        },
      ),
  });
}

/** The store plus its event plumbing: one event stream per window, shared by every view. */
export type AppStore = StoreApi<AppState> & {
  /** Opens the event stream; returns the function that closes it. */
  connect(): () => void;
  /** Hears every event after the store applied it (e.g. a run view tailing its log). */
  listen(listener: (event: AnyEvent) => void): () => void;
};

/** React hook over a store created by createAppStore. */
export function useApp<T>(store: StoreApi<AppState>, selector: (state: AppState) => T): T {
  return useStore(store, selector);
}

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from './client/api-client';
import type { AnyEvent } from './client/transport';
import type { AppState, AppStore } from './store/app-store';

/** The store and the client, provided once at the root. */
export interface AppContextValue {
  store: AppStore;
  client: ApiClient;
}

export const AppContext = createContext<AppContextValue | null>(null);

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext is missing: wrap the app in <AppContext.Provider>');
  return value;
}

/** Selects from the app store. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

/** The typed API client, for views that fetch their own data (a run's log). */
export function useClient(): ApiClient {
  return useAppContext().client;
}

/** Subscribes to the shared event stream (returns the unsubscribe function). */
export function useEventListener(): (listener: (event: AnyEvent) => void) => () => void {
  return useAppContext().store.listen;
}

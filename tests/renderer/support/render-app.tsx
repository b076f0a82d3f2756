// Mounts the real dashboard (App, store, ApiClient) over a MemoryTransport, as main.tsx does over HTTP.
import './browser-apis';
import { act, cleanup, render, type RenderResult } from '@testing-library/react';
import { afterEach } from 'vitest';
import { App } from '../../../src-renderer/app';
import { AppContext } from '../../../src-renderer/app-context';
import { ApiClient } from '../../../src-renderer/client/api-client';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store';
import type { ViewName } from '../../../src-renderer/store/ui-slice';
import { MemoryTransport, type Answers } from './memory-transport';

/** A store over a MemoryTransport with its event stream connected (no React). */
export interface TestStore {
  transport: MemoryTransport;
  client: ApiClient;
  store: AppStore;
  disconnect: () => void;
}

/** A mounted dashboard and the handles a test drives it with. */
export type Mounted = RenderResult & TestStore & { booted: Promise<void> };

export function createTestStore(answers: Answers): TestStore {
  const transport = new MemoryTransport(answers);
  const client = new ApiClient(transport);
  const store = createAppStore(client);
  const disconnect = store.connect();
  return { transport, client, store, disconnect };
}

/** Boots the app exactly as main.tsx does (connect, render, loadStatus) without waiting for anything. */
export function mountApp(answers: Answers): Mounted {
  const handles = createTestStore(answers);
  const result = render(
    <AppContext.Provider value={{ store: handles.store, client: handles.client }}>
      <App />
    </AppContext.Provider>,
  );
  const booted = handles.store.getState().loadStatus();
  return { ...result, ...handles, booted };
}

/** Boots the app, waits for the first status, then opens `view` (default: the Overview). */
export async function renderApp(answers: Answers, view?: ViewName): Promise<Mounted> {
  const mounted = mountApp(answers);
  await act(async () => {
    await mounted.booted;
    if (view) mounted.store.getState().setView(view);
  });
  return mounted;
}

/** Per test file: every app a test mounted is unmounted and disconnected after it. Returns `track`, to register one. */
export function useMountedApps(): (m: Mounted) => Mounted {
  const mounted: Mounted[] = [];
  afterEach(() => {
    cleanup();
    for (const m of mounted.splice(0)) m.disconnect();
  });
  return (m) => (mounted.push(m), m);
}

/** The row of one task on the current view. */
export function taskRow(task: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`li[data-task="${task}"]`);
  if (!row) throw new Error(`no row for ${task}`);
  return row;
}

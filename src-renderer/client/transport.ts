import type { CoreEventName, CoreEvents } from '../../src-main/common/api';

/** A raw event from the core. */
export type AnyEvent = { [K in CoreEventName]: { name: K; payload: CoreEvents[K] } }[CoreEventName];

/** How the client reaches the core: HTTP + SSE in a browser, IPC in the desktop app. */
export interface Transport {
  invoke(name: string, arg: unknown): Promise<unknown>;
  /** Streams events until the returned function is called; onLink reports connection changes. */
  subscribe(onEvent: (event: AnyEvent) => void, onLink: (connected: boolean) => void): () => void;
}

/** An API error a view shows as is. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the desktop preload exposes (see src-main/electron/preload). */
export interface PreloadBridge {
  invoke(name: string, arg: unknown): Promise<unknown>;
  on(listener: (name: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    agentOs?: PreloadBridge;
  }
}

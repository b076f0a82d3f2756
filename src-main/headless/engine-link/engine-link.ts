import type { CoreEventName, CoreEvents, HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import { FORWARDED_EVENTS } from '../../common/pure/event-names';

/**
 * A host's way to its home's one engine (SPEC §1): the engine in this process (`local`), or the engine
 * another process runs for the same home, reached over its HTTP API and event stream (`attached`).
 */
export interface EngineLink {
  readonly mode: 'local' | 'attached';
  /** The engine's HTTP server (dashboard, API, /ping), or null when it has none. */
  readonly url: string | null;
  /** The home's API token (for the dashboard link). */
  readonly token: string;
  /** What the user should be told about this link (attached to pid N, port taken), or null. */
  readonly notice: EngineNotice | null;
  call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>>;
  /** Subscribes to a core event; returns the unsubscribe function. */
  on<E extends CoreEventName>(name: E, listener: (payload: CoreEvents[E]) => void): () => void;
  /** Whether the engine is reachable now (always true for a local engine). */
  connected(): boolean;
  /** Reports reachability changes; returns the unsubscribe function. */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** The machine woke up or the clock jumped: re-check schedules (a local engine only). */
  resume(): void;
  /** Ends the link: a local engine stops (runs recorded as interrupted), an attached one disconnects. */
  close(): Promise<void>;
}

/** A fact about the link for the user: a short menu label and the whole sentence. */
export interface EngineNotice {
  label: string;
  text: string;
}

/** The events hosts forward to their windows and menus: all of them. */
export const LINK_EVENTS: readonly CoreEventName[] = FORWARDED_EVENTS;

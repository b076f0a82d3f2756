import { EventSource } from 'eventsource';
import type { CoreEventName, CoreEvents, HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import { EngineClient } from '../../core/remotes/engine-client';
import { LINK_EVENTS, type EngineLink } from './engine-link';

const CALL_TIMEOUT_MS = 15_000;
const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/** Where the engine to attach to answers, and how to sign in. */
export interface AttachTarget {
  url: string;
  token: string;
  /** Shown to the user: who runs that engine (e.g. "agent-os serve (pid 4242)"). */
  who: string;
}

/**
 * A client of an engine another process runs: commands over its HTTP API, events over its event stream.
 * A dropped stream is reopened with exponential backoff; `connected()` says whether it is up now.
 */
export async function attachToEngine(target: AttachTarget): Promise<EngineLink> {
  const listeners = new Map<CoreEventName, Set<(payload: never) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let connected = false;
  let closed = false;
  let source: EventSource | null = null;
  let retry: NodeJS.Timeout | undefined;
  let backoff = BACKOFF_START_MS;

  const client = new EngineClient(target.url, target.token, { who: `the Agent OS engine at ${target.url} (${target.who})`, timeoutMs: CALL_TIMEOUT_MS });
  const call = <K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> => client.call(name, arg);

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const open = (): void => {
    if (closed) return;
    const stream = new EventSource(`${target.url}/api/events`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${target.token}` } }),
    });
    source = stream;
    stream.onopen = () => {
      backoff = BACKOFF_START_MS;
      setConnected(true);
    };
    // The stream's own reconnect retries at a fixed pace; this one backs off, and also covers a refused
    // stream (401, 5xx), which EventSource gives up on.
    stream.onerror = () => {
      stream.close();
      if (source !== stream || closed) return;
      setConnected(false);
      retry = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    };
    for (const name of LINK_EVENTS) {
      stream.addEventListener(name, (message) => {
        const payload = JSON.parse(String((message as { data?: unknown }).data)) as never;
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  // The engine must answer before this host relies on it.
  await call('settings.get', undefined);
  open();
  return {
    mode: 'attached',
    url: target.url,
    token: target.token,
    notice: {
      label: `Using the engine of ${target.who}`,
      text: `Attached to the Agent OS engine already running for this home (${target.who}, ${target.url}).`,
    },
    call,
    on<E extends CoreEventName>(name: E, listener: (payload: CoreEvents[E]) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    connected: () => connected,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    resume: () => undefined,
    close: async () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
      setConnected(false);
    },
  };
}

import type { CoreEventName, CoreEvents, HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import { EngineClient } from '../../core/remotes/engine-client';
import { openEngineStream } from '../../core/remotes/engine-stream';
import { LINK_EVENTS, type EngineLink } from './engine-link';

const CALL_TIMEOUT_MS = 15_000;

/** Where the engine to attach to answers, and how to sign in. */
export interface AttachTarget {
  url: string;
  token: string;
  /** Shown to the user: who runs that engine (e.g. "agent-os serve (pid 4242)"). */
  who: string;
}

/**
 * A client of an engine another process runs: commands over its HTTP API, events over its event stream
 * (reopened with backoff when it drops); `connected()` says whether it is up now.
 */
export async function attachToEngine(target: AttachTarget): Promise<EngineLink> {
  const listeners = new Map<CoreEventName, Set<(payload: never) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let connected = false;

  const client = new EngineClient(target.url, target.token, { who: `the Agent OS engine at ${target.url} (${target.who})`, timeoutMs: CALL_TIMEOUT_MS });
  const call = <K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> => client.call(name, arg);

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  // The engine must answer before this host relies on it.
  await call('settings.get', undefined);
  const stream = openEngineStream(target.url, target.token, LINK_EVENTS, {
    open: () => setConnected(true),
    down: () => setConnected(false),
    event: (name, payload) => {
      for (const listener of listeners.get(name) ?? []) listener(payload as never);
    },
  });
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
      stream.close();
      setConnected(false);
    },
  };
}

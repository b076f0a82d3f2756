import { EventSource } from 'eventsource';
import type { CoreEventName, CoreEvents } from '../../common/api';

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/** What an engine's event stream tells its listener. */
export interface EngineStreamHandlers {
  /** The stream is open (again). */
  open(): void;
  /** It dropped or was refused; `reason` says why in plain words. It is reopened after a backoff. */
  down(reason: string, status: number | null): void;
  /** One core event, as the engine emitted it. */
  event<E extends CoreEventName>(name: E, payload: CoreEvents[E]): void;
}

/**
 * Another engine's `/api/events` (SSE) with its token, kept open: EventSource's own reconnect retries at a
 * fixed pace and gives up on a refused stream (401, 5xx), so a dropped stream is reopened here with
 * exponential backoff (0.5 s to 30 s), reset once it opens. Used by an attached host and by remote engines.
 */
export function openEngineStream(url: string, token: string, events: readonly CoreEventName[], on: EngineStreamHandlers): { close(): void } {
  let source: EventSource | null = null;
  let retry: NodeJS.Timeout | undefined;
  let backoff = BACKOFF_START_MS;
  let closed = false;
  const open = (): void => {
    if (closed) return;
    const stream = new EventSource(`${url}/api/events`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
    });
    source = stream;
    stream.onopen = () => {
      backoff = BACKOFF_START_MS;
      on.open();
    };
    stream.onerror = (event) => {
      stream.close();
      if (source !== stream || closed) return;
      const { code } = event as { code?: number };
      on.down(describeStreamError(event), code ?? null);
      retry = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    };
    for (const name of events) {
      stream.addEventListener(name, (message) => on.event(name, JSON.parse(String((message as { data?: unknown }).data)) as never));
    }
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}

/** Why a stream dropped, from what EventSource passes on (fetch's own words, or the HTTP status). */
function describeStreamError(event: unknown): string {
  const { code, message = '' } = event as { code?: number; message?: string };
  if (code) return `its event stream answered ${code}`;
  if (/ECONNREFUSED|fetch failed|connect/i.test(message)) return 'the connection was refused: is it running?';
  if (/terminated|closed|reset|socket/i.test(message)) return 'the connection was cut';
  if (/timeout|timed out/i.test(message)) return 'no answer in time';
  return message ? `no answer (${message})` : 'no answer';
}

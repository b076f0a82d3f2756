import { FORWARDED_EVENTS } from '../../src-main/common/pure/event-names';
import { ApiError, type AnyEvent, type Transport } from './transport';

/** HTTP + server-sent events against `agent-os serve` (same origin; the session cookie signs requests). */
export function httpTransport(base = ''): Transport {
  return {
    async invoke(name, arg) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(arg ?? {}),
        });
      } catch {
        throw new ApiError('Agent OS is not answering. Is `agent-os serve` still running?', 0);
      }
      const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
      if (response.status === 401) throw new ApiError('Not signed in: open the dashboard link that `agent-os serve` printed (it ends in ?token=…).', 401);
      if (!response.ok) throw new ApiError(body.error ?? `${name} failed (${response.status})`, response.status);
      return body.result;
    },
    subscribe(onEvent, onLink) {
      const source = new EventSource(`${base}/api/events`, { withCredentials: true });
      source.onopen = () => onLink(true);
      source.onerror = () => onLink(false);
      for (const name of FORWARDED_EVENTS) {
        source.addEventListener(name, (message) => {
          onEvent({ name, payload: JSON.parse((message as MessageEvent<string>).data) } as AnyEvent);
        });
      }
      return () => source.close();
    },
  };
}

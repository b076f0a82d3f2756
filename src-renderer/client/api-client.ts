import type { HandlerArg, HandlerName, HandlerResult } from '../../src-main/common/api';
import { httpTransport } from './http-transport';
import { ipcTransport } from './ipc-transport';
import type { AnyEvent, Transport } from './transport';

/** The one typed client over the API contract; the transport is chosen once. */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  call<K extends HandlerName>(name: K, ...arg: undefined extends HandlerArg<K> ? [HandlerArg<K>?] : [HandlerArg<K>]): Promise<HandlerResult<K>> {
    return this.transport.invoke(name, arg[0]) as Promise<HandlerResult<K>>;
  }

  subscribe(onEvent: (event: AnyEvent) => void, onLink: (connected: boolean) => void): () => void {
    return this.transport.subscribe(onEvent, onLink);
  }
}

/** IPC when the desktop preload is there, else HTTP + SSE to the serving origin. */
export function createClient(): ApiClient {
  return new ApiClient(window.agentOs ? ipcTransport(window.agentOs) : httpTransport());
}

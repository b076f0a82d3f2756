import type { HandlerArg, HandlerName, HandlerResult } from '../../src-main/common/api';
import { httpTransport } from './http-transport';
import { ipcTransport } from './ipc-transport';
import type { AnyEvent, Transport } from './transport';

/** The commands a remote engine's task can be sent through this engine (`remotes.call`). */
export type RemoteCommand = 'runs.start' | 'runs.get' | 'runs.list' | 'runs.tail' | 'runs.cancel' | 'tasks.pause' | 'tasks.resume' | 'results.list';

/** The one typed client over the API contract; the transport is chosen once. */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  call<K extends HandlerName>(name: K, ...arg: undefined extends HandlerArg<K> ? [HandlerArg<K>?] : [HandlerArg<K>]): Promise<HandlerResult<K>> {
    return this.transport.invoke(name, arg[0]) as Promise<HandlerResult<K>>;
  }

  /** A command for a task of `engine` (a remote engine, through this one), or of this engine when null. */
  callOn<K extends RemoteCommand>(engine: string | null, name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
    if (engine === null) return this.transport.invoke(name, arg) as Promise<HandlerResult<K>>;
    return this.transport.invoke('remotes.call', { engine, command: name, arg }) as Promise<HandlerResult<K>>;
  }

  subscribe(onEvent: (event: AnyEvent) => void, onLink: (connected: boolean) => void): () => void {
    return this.transport.subscribe(onEvent, onLink);
  }
}

/** IPC when the desktop preload is there, else HTTP + SSE to the serving origin. */
export function createClient(): ApiClient {
  return new ApiClient(window.agentOs ? ipcTransport(window.agentOs) : httpTransport());
}

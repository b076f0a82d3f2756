import { ApiError, type AnyEvent, type PreloadBridge, type Transport } from './transport';

/** Electron IPC through the preload bridge (`window.agentOs`): invoke(name, arg) and one event listener. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    async invoke(name, arg) {
      try {
        return await bridge.invoke(name, arg);
      } catch (error) {
        throw new ApiError(error instanceof Error ? error.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(error), 400);
      }
    },
    subscribe(onEvent, onLink) {
      onLink(true);
      return bridge.on((name, payload) => onEvent({ name, payload } as AnyEvent));
    },
  };
}

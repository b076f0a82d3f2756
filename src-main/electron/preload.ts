// The renderer's only door to the core: invoke(name, arg) and one event listener, on the agent-os: prefix.
// Sandboxed preload: electron's contextBridge/ipcRenderer only, no Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const PREFIX = 'agent-os:';
const EVENT_CHANNEL = `${PREFIX}event`;

contextBridge.exposeInMainWorld('agentOs', {
  invoke: (name: string, arg: unknown): Promise<unknown> => {
    if (typeof name !== 'string' || !/^[a-z]+\.[a-zA-Z]+$/.test(name)) return Promise.reject(new Error(`not a command name: ${String(name)}`));
    return ipcRenderer.invoke(`${PREFIX}${name}`, arg);
  },
  on: (listener: (name: string, payload: unknown) => void): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.off(EVENT_CHANNEL, wrapped);
  },
});

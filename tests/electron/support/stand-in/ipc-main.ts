// ipcMain with Electron's rules: one handler per channel, arguments and results structured-cloned, and a
// rejection reaching the renderer as "Error invoking remote method '<channel>': <error>".
import { EventEmitter } from 'node:events';
import { windowById } from './windows';

type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class IpcMain extends EventEmitter implements Pick<Electron.IpcMain, 'handle' | 'handleOnce' | 'removeHandler' | 'on'> {
  private readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, listener: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  handleOnce(channel: string, listener: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  channels(): string[] {
    return [...this.handlers.keys()];
  }

  /** What ipcRenderer.invoke(channel, payload) in window `windowId`, from a frame at `frameUrl`, resolves to. */
  async invoke(windowId: number, frameUrl: string, channel: string, payload: unknown): Promise<unknown> {
    const window = windowById(windowId);
    const handler = this.handlers.get(channel);
    const remote = (error: unknown): Error => new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    if (!handler) throw remote(new Error(`No handler registered for '${channel}'`));
    // The event Electron builds: the sending webContents and frame. The stand-in's webContents carries only
    // the members the shell uses, hence the cast; the frame is what the shell's sender check reads.
    const event = {
      sender: window.webContents,
      senderFrame: { url: frameUrl, origin: new URL(frameUrl).origin, top: null, parent: null },
      frameId: 1,
      processId: 1,
      type: 'frame',
      preventDefault: () => undefined,
    } as unknown as Electron.IpcMainInvokeEvent;
    let result: unknown;
    try {
      result = await handler(event, structuredClone(payload));
    } catch (error) {
      throw remote(error);
    }
    try {
      return structuredClone(result);
    } catch (error) {
      throw remote(new Error(`An object could not be cloned (${(error as Error).message})`));
    }
  }
}

export const ipcMain = new IpcMain();

import { ipcMain, type WebContents } from 'electron';
import { ARG_SCHEMAS } from '../core/handlers/arg-schemas';
import { LINK_EVENTS } from '../headless/engine-link/engine-link';
import type { EngineHost } from '../headless/engine-link/engine-host';
import { checkIpcCall, IPC_EVENT_CHANNEL, IPC_PREFIX } from './ipc-guard';

/**
 * One ipcMain handler per contract name, each call checked (sender frame, schema) before the engine sees
 * it. Registered before the window loads, so the renderer's first calls wait for the engine to open
 * instead of failing with "No handler registered".
 */
export function setupIpc(engine: () => Promise<EngineHost>): void {
  for (const name of Object.keys(ARG_SCHEMAS)) {
    ipcMain.handle(`${IPC_PREFIX}${name}`, async (event, payload: unknown) => {
      const check = checkIpcCall(event.senderFrame?.url, `${IPC_PREFIX}${name}`, payload);
      if (!check.ok) throw new Error(check.error);
      return (await engine()).call(check.name, check.arg as never);
    });
  }
}

/** Pushes the engine's events to the tray window. */
export function forwardEvents(host: EngineHost, target: () => WebContents | null): void {
  for (const name of LINK_EVENTS) {
    host.on(name, (payload) => {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
    });
  }
}

import { ipcMain, type WebContents } from 'electron';
import type { CoreEventName } from '../common/events';
import type { Core } from '../core';
import { ARG_SCHEMAS } from '../core/handlers/arg-schemas';
import { checkIpcCall, IPC_EVENT_CHANNEL, IPC_PREFIX } from './ipc-guard';

const EVENTS: readonly CoreEventName[] = ['run.started', 'run.finished', 'run.output', 'task.state', 'project.changed', 'alert.raised', 'alert.resolved'];

/** One ipcMain handler per contract name; each call is checked (sender frame, schema) before the core sees it. */
export function setupIpc(core: Core, target: () => WebContents | null): void {
  for (const name of Object.keys(ARG_SCHEMAS)) {
    ipcMain.handle(`${IPC_PREFIX}${name}`, async (event, payload: unknown) => {
      const check = checkIpcCall(event.senderFrame?.url, `${IPC_PREFIX}${name}`, payload);
      if (!check.ok) throw new Error(check.error);
      const handler = core.handlers[check.name] as (arg: unknown) => unknown;
      return handler(check.arg);
    });
  }
  for (const name of EVENTS) {
    core.events.on(name, (payload) => {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
    });
  }
}

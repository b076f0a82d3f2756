// The desktop app's tray window, rendered for real in Chromium: a Chromium page stands in for the shell's
// BrowserWindow. The page gets the shell's app:// files (through the shell's own protocol handler, CSP
// headers included) at a stand-in http origin, runs the BUILT preload (dist/electron/preload.cjs) with
// contextBridge and ipcRenderer provided here, and every ipcRenderer.invoke goes to the shell's ipcMain
// handlers over the stand-in, with the URL of the frame that really called. What the shell sends to the
// window (webContents.send) arrives in the page as ipcRenderer events; what it loads (loadURL), the page loads.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { ShellProcess } from '../../electron/support/shell-process';
import type { FetchedResponse, StandInMessage } from '../../electron/support/stand-in/wire';

const PRELOAD = fileURLToPath(new URL('../../../dist/electron/preload.cjs', import.meta.url));
/** The http origin the page is served at; it stands for app://agent-os (Chromium cannot load a custom scheme). */
export const PAGE_ORIGIN = 'http://agent-os.invalid';
const APP_ORIGIN = 'app://agent-os';

/** The page's URL for an app:// URL, and back (other origins are left as they are). */
export const toPageUrl = (url: string): string => (url.startsWith(`${APP_ORIGIN}/`) ? PAGE_ORIGIN + url.slice(APP_ORIGIN.length) : url);
export const toAppUrl = (url: string): string => (url.startsWith(`${PAGE_ORIGIN}/`) ? APP_ORIGIN + url.slice(PAGE_ORIGIN.length) : url);

// Runs in every page before its scripts: Electron's renderer side of IPC, as much as the preload uses, then
// the preload itself. `require('electron')` is all the sandboxed preload may require.
function initScript(preloadSource: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window.__standInInvoke(channel, args[0]),
    on(channel, listener) { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(listener); return ipcRenderer; },
    off(channel, listener) { listeners.get(channel)?.delete(listener); return ipcRenderer; },
  };
  window.__standInDeliver = (channel, args) => { for (const l of listeners.get(channel) ?? []) l({ sender: ipcRenderer }, ...args); };
  const contextBridge = { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true }) };
  const require = (name) => { if (name !== 'electron') throw new Error('module not found: ' + name); return { contextBridge, ipcRenderer }; };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}

/** A Chromium page acting as the shell's tray window. */
export interface TrayWindowPage {
  page: Page;
  /** Every IPC call the page made: channel, the sender URL the shell saw, and whether it was answered. */
  calls: Array<{ channel: string; sender: string; ok: boolean; error?: string }>;
  /** Requests that reached the stand-in origin (the app's files; never an HTTP API). */
  requests: string[];
  close(): Promise<void>;
}

/** Opens the shell's window `windowId` in `context` (its viewport is the window's size) at what the shell loaded. */
export async function openTrayWindow(shell: ShellProcess, context: BrowserContext, windowId = 1): Promise<TrayWindowPage> {
  const calls: TrayWindowPage['calls'] = [];
  const requests: string[] = [];
  await context.exposeBinding('__standInInvoke', async ({ frame }: { frame: Frame }, channel: string, payload: unknown) => {
    const sender = toAppUrl(frame.url());
    try {
      const value = await shell.send({ name: 'ipc.invoke', windowId, frameUrl: sender, channel, payload });
      calls.push({ channel, sender, ok: true });
      return value;
    } catch (error) {
      calls.push({ channel, sender, ok: false, error: (error as Error).message });
      throw error;
    }
  });
  await context.addInitScript(initScript(readFileSync(PRELOAD, 'utf8')));
  await context.route(`${PAGE_ORIGIN}/**`, async (route) => {
    const url = route.request().url();
    requests.push(url.slice(PAGE_ORIGIN.length));
    const fetched = await shell.send<FetchedResponse>({ name: 'protocol.fetch', url: toAppUrl(url) });
    await route.fulfill({ status: fetched.status, headers: fetched.headers, body: Buffer.from(fetched.body) });
  });
  const page = await context.newPage();
  const off = shell.onMessage((message: StandInMessage) => {
    if (message.type === 'send' && message.windowId === windowId)
      void page
        .evaluate(([channel, args]) => (globalThis as unknown as { __standInDeliver(c: string, a: unknown[]): void }).__standInDeliver(channel, args), [
          message.channel,
          message.args,
        ] as const)
        .catch(() => undefined); // the page is navigating or closed: Electron drops those too
    if (message.type === 'load' && message.windowId === windowId) void page.goto(toPageUrl(message.url)).catch(() => undefined);
  });
  const snapshot = await shell.snapshot();
  const current = snapshot.windows.find((w) => w.id === windowId)?.url;
  if (!current) throw new Error(`the shell's window ${windowId} has loaded nothing`);
  await page.goto(toPageUrl(current));
  return {
    page,
    calls,
    requests,
    close: async () => {
      off();
      await page.close();
    },
  };
}

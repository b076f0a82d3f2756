// protocol, net and session: custom schemes registered before ready, handled after, files through net.fetch.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireReady, world } from './world';

type Handler = (request: Request) => Response | Promise<Response>;

const handlers = new Map<string, Handler>();
export const privilegedSchemes: string[] = [];

export const protocol = {
  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    if (world.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    for (const s of customSchemes) privilegedSchemes.push(s.scheme);
  },
  handle(scheme: string, handler: Handler): void {
    requireReady('protocol.handle');
    if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    handlers.set(scheme, handler);
  },
  isProtocolHandled: (scheme: string): boolean => handlers.has(scheme),
} satisfies Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'isProtocolHandled'>;

export function handledProtocols(): string[] {
  return [...handlers.keys()];
}

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const net = {
  /** file: URLs are read from disk (a missing file rejects, as Chromium's network stack does); others go to fetch. */
  async fetch(input: string | Request, init?: RequestInit): Promise<Response> {
    requireReady('net');
    const url = typeof input === 'string' ? input : input.url;
    if (!url.startsWith('file:')) return fetch(input, init);
    let body: Buffer;
    try {
      body = await readFile(fileURLToPath(url));
    } catch {
      throw new Error('net::ERR_FILE_NOT_FOUND');
    }
    return new Response(new Uint8Array(body), { status: 200, headers: { 'content-type': MIME[extname(url)] ?? 'application/octet-stream' } });
  },
} satisfies Pick<Electron.Net, 'fetch'>;

/** What a page load of `url` gets: the registered handler's answer for custom schemes. */
export async function fetchAppUrl(url: string): Promise<Response> {
  const scheme = new URL(url).protocol.replace(/:$/, '');
  const handler = handlers.get(scheme);
  if (handler) return handler(new Request(url));
  if (scheme === 'http' || scheme === 'https') return fetch(url);
  return new Response('unknown scheme', { status: 404 });
}

type PermissionRequest = Parameters<Electron.Session['setPermissionRequestHandler']>[0];
type PermissionCheck = Parameters<Electron.Session['setPermissionCheckHandler']>[0];

class Session {
  permissionRequest: PermissionRequest = null;
  permissionCheck: PermissionCheck = null;
  setPermissionRequestHandler(handler: PermissionRequest): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheck): void {
    this.permissionCheck = handler;
  }
}

const defaultSession = new Session() satisfies Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

export const session = {
  get defaultSession(): Session {
    requireReady('session.defaultSession');
    return defaultSession;
  },
};

/** Whether the shell set both permission handlers (for snapshots; read without the ready check). */
export function permissionHandlers(): { request: boolean; check: boolean } {
  return { request: defaultSession.permissionRequest !== null, check: defaultSession.permissionCheck !== null };
}

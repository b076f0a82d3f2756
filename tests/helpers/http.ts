// Real HTTP against the headless server: an in-process core behind startHttpServer on an ephemeral port,
// raw node:http requests (so tests can send any Host, Origin or body), typed API calls and an SSE reader.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { HandlerArg, HandlerName, HandlerResult } from '../../src-main/common/api';
import type { CoreEventName } from '../../src-main/common/events';
import type { TaskStatus } from '../../src-main/common/models';
import { createCore, type Core } from '../../src-main/core';
import type { Clock } from '../../src-main/core/clock';
import { readToken } from '../../src-main/core/home';
import { startHttpServer, type HttpServerOptions, type RunningServer } from '../../src-main/headless/server/http-server';
import { waitFor } from './fixtures';

/** What a server answered. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request: method (default GET), extra headers and an optional body. */
export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Sends one request on a fresh connection and reads the whole answer. */
export function request(base: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The JSON envelope of every /api answer. */
export interface ApiEnvelope<T = unknown> {
  result?: T;
  error?: string;
}

/** POST /api/<name> with a JSON body (or a raw string body) and the given headers; the answer parsed. */
export async function postApi<T = unknown>(
  base: string,
  name: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer & { json: ApiEnvelope<T> }> {
  const text = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
  const answer = await request(base, `/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
  let json: ApiEnvelope<T> = {};
  try {
    json = JSON.parse(answer.text) as ApiEnvelope<T>;
  } catch {
    json = {};
  }
  return { ...answer, json };
}

/** `Authorization: Bearer <token>`. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** A typed API call with the token that must succeed; returns its result. */
export async function callApi<K extends HandlerName>(base: string, token: string, name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
  const answer = await postApi<HandlerResult<K>>(base, name, arg ?? {}, bearer(token));
  if (answer.status !== 200) throw new Error(`POST /api/${name} answered ${answer.status}: ${answer.text}`);
  return answer.json.result as HandlerResult<K>;
}

/** A core with the engine on, served over HTTP on 127.0.0.1 and a free port. */
export interface TestServer {
  core: Core;
  server: RunningServer;
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Starts a core for `home` (engine on: monitor, scheduler, watcher) and the HTTP adapter over it, with a
 * tiny built dashboard in `<home>/../dashboard` so the static files path is the real one; `clock` injects the
 * engine's clock, the rest goes to the HTTP server (hosted-mode settings).
 */
export async function startTestServer(
  home: string,
  options: { clock?: Clock } & Partial<Omit<HttpServerOptions, 'core' | 'token' | 'staticDir'>> = {},
): Promise<TestServer> {
  const { clock, ...extra } = options;
  const staticDir = join(home, '..', 'dashboard');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Agent OS</title><div id="root"></div>\n');
  const core = createCore(clock ? { home, clock } : { home });
  await core.start({ engine: true });
  const token = readToken(core.paths);
  let server: RunningServer;
  try {
    server = await startHttpServer({ core, host: '127.0.0.1', port: 0, token, staticDir, ...extra });
  } catch (error) {
    await core.stop();
    throw error;
  }
  return {
    core,
    server,
    url: server.url,
    port: server.port,
    token,
    close: async () => {
      await server.close();
      await core.stop();
    },
  };
}

/** The status row of one task, read through the API. */
export async function taskStatus(base: string, token: string, task: string): Promise<TaskStatus> {
  const tasks = await callApi(base, token, 'tasks.list', {});
  const found = tasks.find((t) => t.id === task);
  if (!found) throw new Error(`no task ${task} in tasks.list (have: ${tasks.map((t) => t.id).join(', ')})`);
  return found;
}

/** The ping URL of a heartbeat task as the API shows it. */
export async function pingUrlOf(base: string, token: string, task: string): Promise<string> {
  const url = (await taskStatus(base, token, task)).ping_url;
  if (!url) throw new Error(`task ${task} has no ping_url`);
  return url;
}

/** One server-sent event and when this process received it (Date.now()). */
export interface SseEvent {
  event: string;
  data: unknown;
  receivedAt: number;
}

/** A live subscription to /api/events. */
export interface SseClient {
  status: number;
  contentType: string;
  events: SseEvent[];
  /** Resolves with the first event (already received or coming) that matches. */
  next(name: CoreEventName, match: (data: unknown) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** Subscribes to GET /api/events and resolves once the stream is open (its `: connected` comment read). */
export function subscribeEvents(base: string, headers: Record<string, string>): Promise<SseClient> {
  const url = new URL('/api/events', base);
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, headers: { accept: 'text/event-stream', ...headers }, agent: false },
      (res) => {
        let buffer = '';
        let opened = false;
        const client: SseClient = {
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          events,
          next: (name, match, timeoutMs = 10_000) =>
            waitFor(`event ${name}`, () => events.find((e) => e.event === name && match(e.data)), { timeoutMs, intervalMs: 5 }),
          close: () => req.destroy(),
        };
        if (res.statusCode !== 200) {
          res.resume();
          resolve(client);
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const receivedAt = Date.now();
          buffer += chunk;
          if (!opened && buffer.includes(': connected')) {
            opened = true;
            resolve(client);
          }
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const name = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name !== undefined && data !== undefined) events.push({ event: name, data: JSON.parse(data) as unknown, receivedAt });
          }
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

/** The base URL and token `agent-os serve` printed on its `Dashboard: <url>/?token=<token>` line. */
export function servedAt(stdout: string): { url: string; token: string } {
  const match = /Dashboard: (http:\/\/[^\s/]+)\/\?token=([0-9a-f]+)/.exec(stdout);
  if (!match?.[1] || !match[2]) throw new Error(`serve printed no dashboard URL: ${stdout}`);
  return { url: match[1], token: match[2] };
}

import Fastify, { type FastifyInstance } from 'fastify';
import type { Core } from '../../core';
import { registerApiRoutes } from './api-routes';
import { registerDashboard } from './dashboard-routes';
import { registerEventStream } from './event-stream';
import { registerPingRoutes } from './ping-routes';
import { allowedHosts, refuseForeign, requestToken, tokenMatches } from './request-guard';

/** What the HTTP adapter needs. */
export interface HttpServerOptions {
  core: Core;
  host: string;
  port: number;
  token: string;
  /** The built dashboard (index.html and assets). */
  staticDir: string;
}

/** A listening server. */
export interface RunningServer {
  app: FastifyInstance;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The HTTP adapter over the core: `/api/<name>` (Bearer token or dashboard cookie), `/api/events` (SSE),
 * `/ping/…` (no token; the key is the secret) and the dashboard. Loopback by default; no CORS, ever.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  // forceCloseConnections: open event streams must not hold up a stop.
  const app = Fastify({
    logger: false,
    trustProxy: false,
    bodyLimit: 256 * 1024,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  // Pings arrive with any content type (curl --data sends form-encoded): keep the raw bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // A ping's body is a log, whatever it claims to be (healthchecks.io keeps it as text).
    if (request.url.startsWith('/ping/')) return done(null, Buffer.from(String(body)));
    try {
      done(null, body === '' ? undefined : JSON.parse(String(body)));
    } catch {
      const error = new Error('the request body is not valid JSON') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'the request body is too large' : status === 500 ? 'internal error; see the app log' : error.message;
    if (request.url.startsWith('/ping/')) return reply.code(status).type('text/plain').send(`${message}\n`);
    return reply.code(status).send({ error: message });
  });

  // The bound port is only known after listen(); the Host check reads it then.
  let hosts = new Set<string>();
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/ping/')) return; // remote jobs ping through any name (tunnels, LAN)
    if (refuseForeign(request, reply, hosts)) return reply;
    if (request.url.startsWith('/api/') && !tokenMatches(requestToken(request), options.token)) {
      return reply.code(401).send({ error: 'missing or wrong token: send Authorization: Bearer <token from the Agent OS home>' });
    }
    return undefined;
  });
  registerApiRoutes(app, options.core);
  registerEventStream(app, options.core);
  registerPingRoutes(app, options.core);
  await registerDashboard(app, options.token, options.staticDir);

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  hosts = allowedHosts(options.host, port);
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${hostPart}:${port}`;
  options.core.setPingBase(url);
  return { app, url, port, close: () => app.close() };
}

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Core } from '../../core';
import { registerApiRoutes } from './api-routes';
import { registerDashboard } from './dashboard-routes';
import { registerEventStream } from './event-stream';
import { localUrl, isLoopbackHost } from './bind-address';
import { HEALTH_PATH, registerHealthRoute } from './health-route';
import { HostCheck } from './host-check';
import { registerPingRoutes } from './ping-routes';
import { registerNotifyRoute } from './notify-route';
import { isAuthorized, refuseForeign } from './request-guard';
import type { TrustProxy } from './serve-settings';

/** What the HTTP adapter needs. */
export interface HttpServerOptions {
  core: Core;
  host: string;
  port: number;
  token: string;
  /** The built dashboard (index.html and assets). */
  staticDir: string;
  /** Public names accepted in Host besides the bound address and localhost (config server.allowed_hosts). */
  allowedHosts?: readonly string[];
  /** Fastify's trustProxy (config server.trust_proxy): who may set X-Forwarded-*. Default: nobody. */
  trustProxy?: TrustProxy;
  /** Hosted mode: the token guards everything but /ping and /healthz. Default: bound beyond loopback or allowedHosts given. */
  hosted?: boolean;
  /** The address people and remote jobs use (config server.public_url): the base of ping URLs. */
  publicUrl?: string | null;
}

/** A route the server answers, as Fastify registered it. */
export interface ServedRoute {
  method: string;
  url: string;
}

/** A listening server. */
export interface RunningServer {
  app: FastifyInstance;
  /** The URL a client on this machine uses (a wildcard bind is reached at 127.0.0.1). */
  url: string;
  port: number;
  /** Every route registered, so tests can knock on each door without a hand-kept list. */
  routes: readonly ServedRoute[];
  close(): Promise<void>;
}

/** Whether a URL is the dashboard's sign-in link (`?token=`); the dashboard's hook checks the token. */
function carriesSignInToken(url: string): boolean {
  try {
    return new URL(url, 'http://localhost').searchParams.has('token');
  } catch {
    return false;
  }
}

/**
 * The HTTP adapter over the core: `/api/<name>` (Bearer token or dashboard cookie), `/api/events` (SSE),
 * `/ping/…` (no token; the key is the secret) and the dashboard. Loopback by default; no CORS, ever.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  // forceCloseConnections: open event streams must not hold up a stop.
  const trustProxy = options.trustProxy ?? false;
  const hosted = options.hosted ?? (!isLoopbackHost(options.host) || (options.allowedHosts?.length ?? 0) > 0);
  const app = Fastify({
    // The core's logger: request.log.error lands in app.log, where the 500 answer tells the client to look.
    // No per-request lines (they would carry ping keys and sign-in tokens in their URLs).
    loggerInstance: options.core.log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // Only with it does request.protocol follow X-Forwarded-Proto (the Secure cookie behind a TLS proxy).
    // A hop count becomes the function Fastify would make of it (its types leave numbers out).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
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
    if (status === 500) request.log.error({ err: String(error), method: request.method, route: request.routeOptions.url }, 'request failed');
    if (request.url.startsWith('/ping/') || request.url.startsWith('/notify/')) return reply.code(status).type('text/plain').send(`${message}\n`);
    return reply.code(status).send({ error: message });
  });

  const routes: ServedRoute[] = [];
  app.addHook('onRoute', (route) => void routes.push({ method: [route.method].flat().join(','), url: route.url }));
  // The bound port is only known after listen(); the Host check is built then.
  let hosts: HostCheck | null = null;
  app.addHook('onRequest', async (request, reply) => {
    // The platform's health check and remote jobs' pings and messages come through any name and without the token.
    if (request.url.split('?')[0] === HEALTH_PATH || request.url.startsWith('/ping/') || request.url.startsWith('/notify/')) return;
    if (!hosts || refuseForeign(request, reply, hosts, trustProxy !== false)) return reply;
    if (isAuthorized(request, options.token)) return undefined;
    if (request.url.startsWith('/api/')) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="Agent OS"')
        .send({ error: "missing or wrong token: send Authorization: Bearer <the Agent OS token: AGENT_OS_TOKEN, else the home's token file>" });
    }
    // Hosted, the dashboard's files want the session too; only the sign-in link passes, checked next.
    if (hosted && !(request.method === 'GET' && carriesSignInToken(request.url))) {
      return reply
        .code(401)
        .type('text/plain; charset=utf-8')
        .send('Agent OS: sign in by opening this address once with ?token=<the Agent OS token> (the browser keeps a session cookie).\n');
    }
    return undefined;
  });
  registerHealthRoute(app);
  registerApiRoutes(app, options.core);
  registerEventStream(app, options.core);
  registerPingRoutes(app, options.core);
  registerNotifyRoute(app, options.core);
  await registerDashboard(app, options.token, options.staticDir);

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  hosts = new HostCheck(options.host, port, options.allowedHosts ?? [], hosted);
  const url = localUrl(options.host, port);
  options.core.setPingBase(options.publicUrl ?? url);
  return { app, url, port, routes, close: () => app.close() };
}

import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sendDashboardFile } from './dashboard-files';
import { SESSION_COOKIE, sessionValue, tokenMatches } from './request-guard';

/** CSP for the dashboard: only our own scripts, styles and API; no framing. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The dashboard's static files. Opening `/?token=…` with the right token sets an HttpOnly, SameSite=Strict
 * session cookie (Secure when the request came over HTTPS, as a trusted proxy's X-Forwarded-Proto says)
 * and redirects to `/`, so the token leaves the address bar and the history.
 */
export async function registerDashboard(app: FastifyInstance, token: string, staticDir: string): Promise<void> {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('content-security-policy', DASHBOARD_CSP);
    return payload;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/') || request.url.startsWith('/ping/')) return;
    const url = new URL(request.url, 'http://localhost');
    const given = url.searchParams.get('token');
    if (given === null) return;
    if (!tokenMatches(given, token))
      return reply.code(401).type('text/plain').send('That token is not valid for this Agent OS; copy the URL printed by `agent-os serve` again.\n');
    url.searchParams.delete('token');
    return reply
      .header('set-cookie', `${SESSION_COOKIE}=${sessionValue(token)}; HttpOnly; SameSite=Strict; Path=/${request.protocol === 'https' ? '; Secure' : ''}`)
      .redirect(`${url.pathname}${url.search}`, 303);
  });
  if (existsSync(join(staticDir, 'index.html'))) {
    app.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      handler: (request, reply) =>
        request.url.startsWith('/api/') || request.url.startsWith('/ping/') || request.url.startsWith('/notify/')
          ? reply.callNotFound()
          : sendDashboardFile(request, reply, staticDir),
    });
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `nothing at ${request.method} ${request.url.split('?')[0] ?? ''}` }));
  } else {
    app.get('/', (_request, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>Agent OS</title><p>The dashboard is not built yet: run <code>npm run build:renderer</code> in the Agent OS checkout. The API and pings work.</p>',
        ),
    );
  }
}

import type { FastifyInstance } from 'fastify';

/** The health-check path: unauthenticated on every bind, from any Host. */
export const HEALTH_PATH = '/healthz';

/**
 * GET|HEAD /healthz for a platform's health check (Docker HEALTHCHECK, Railway): no token, and it says
 * that the engine answers and nothing else — no version, path, count or name, since anyone may ask. While
 * the server shuts down (SIGTERM) Fastify answers 503 instead, so the platform stops routing to it.
 */
export function registerHealthRoute(app: FastifyInstance): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: HEALTH_PATH,
    handler: (_request, reply) => reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send('{"status":"ok"}\n'),
  });
}

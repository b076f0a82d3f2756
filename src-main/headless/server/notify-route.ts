import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core';
import { UserError } from '../../core';

/** The most a message request body may be (a message is cut at 4,000 characters when stored). */
const NOTIFY_REQUEST_LIMIT = 64 * 1024;

/**
 * `POST /notify/<project ping key>`: a job anywhere (Railway, GitHub Actions, a script) sends a message to
 * the project's channels. JSON `{"message","title","level"}`, or any other body as the message text (so
 * `curl -d "backup done"` works). No token: like /ping, the unguessable key is the secret.
 */
export function registerNotifyRoute(app: FastifyInstance, core: Core): void {
  app.route({
    method: 'POST',
    url: '/notify/:key',
    bodyLimit: NOTIFY_REQUEST_LIMIT,
    handler: async (request, reply) => {
      reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store');
      const { key } = request.params as { key: string };
      const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : (request.body ?? '');
      try {
        core.notify(key, body);
        return reply.code(202).send('OK\n');
      } catch (error) {
        if (error instanceof UserError) {
          const status = error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 429 : 400;
          return reply.code(status).send(status === 404 ? 'not found\n' : `${error.message}\n`);
        }
        request.log.error({ err: String(error) }, 'notify failed');
        return reply.code(500).send('could not record the message; see the app log\n');
      }
    },
  });
}

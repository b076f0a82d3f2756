import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core';
import { UserError } from '../../core';
import type { PingInput } from '../../core/monitor/heartbeat-monitor';

/** The most a ping request body may be; the first 100 KB of it are kept as the run log. */
export const PING_REQUEST_LIMIT = 1024 * 1024;

/** Parses the part after the key: '' | start | fail | log | 0-255. Null when it is none of those. */
export function parsePingAction(action: string | undefined): Pick<PingInput, 'kind' | 'exitStatus'> | null {
  if (action === undefined || action === '') return { kind: 'success' };
  if (action === 'start' || action === 'fail' || action === 'log') return { kind: action };
  if (/^\d{1,3}$/.test(action) && Number(action) <= 255) return { kind: 'exit', exitStatus: Number(action) };
  return null;
}

/**
 * healthchecks.io-compatible pings: `/ping/<key>[/start|/fail|/log|/<0-255>]`, GET, POST or HEAD,
 * optional `?rid=`. No token: the unguessable key is the secret.
 */
export function registerPingRoutes(app: FastifyInstance, core: Core): void {
  const handle = async (request: FastifyRequest<{ Params: { key: string; action?: string }; Querystring: { rid?: string } }>, reply: FastifyReply) => {
    reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store');
    const action = parsePingAction(request.params.action);
    if (!action) return reply.code(400).send('unknown ping action; use /start, /fail, /log or an exit status 0-255\n');
    const rid = typeof request.query.rid === 'string' && request.query.rid.length > 0 ? request.query.rid.slice(0, 64) : undefined;
    const body = Buffer.isBuffer(request.body) ? request.body : typeof request.body === 'string' ? Buffer.from(request.body) : undefined;
    try {
      await core.ping(request.params.key, {
        ...action,
        rid,
        body,
        source: `${request.ip} ${String(request.headers['user-agent'] ?? '').slice(0, 120)}`.trim(),
      });
      return reply.code(200).send('OK\n');
    } catch (error) {
      if (error instanceof UserError && error.kind === 'not_found') return reply.code(404).send('not found\n');
      request.log.error({ err: String(error) }, 'ping failed');
      return reply.code(500).send('could not record the ping\n');
    }
  };
  const options = { bodyLimit: PING_REQUEST_LIMIT };
  for (const url of ['/ping/:key', '/ping/:key/:action']) {
    app.route({ method: ['GET', 'POST', 'HEAD'], url, ...options, handler: handle });
  }
}

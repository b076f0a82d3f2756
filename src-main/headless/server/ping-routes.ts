import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core';
import { UserError } from '../../core';
import { PING_BODY_LIMIT, type PingInput } from '../../core/monitor/heartbeat-monitor';

/** The most a ping request body may be; the first 100 KB of it are kept as the run log. */
export const PING_REQUEST_LIMIT = 1024 * 1024;

/** A run id as healthchecks.io takes it: a UUID in canonical text, either case (hc/lib/string.py). */
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses the part after the key: '' | start | fail | log | 0-255. Null when it is none of those. */
export function parsePingAction(action: string | undefined): Pick<PingInput, 'kind' | 'exitStatus'> | null {
  if (action === undefined || action === '') return { kind: 'success' };
  if (action === 'start' || action === 'fail' || action === 'log') return { kind: action };
  if (/^\d{1,3}$/.test(action) && Number(action) <= 255) return { kind: 'exit', exitStatus: Number(action) };
  return null;
}

/** What a ping answers, with healthchecks.io's own status codes and bodies (hc/api/views.py). */
class PingAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(body);
  }
}

const invalidUrl = (): PingAnswer => new PingAnswer(400, 'invalid url format');

/** The action segment of a URL: an exit status above 255 is a bad URL (400), anything else unknown is null. */
function actionOf(segment: string | undefined): Pick<PingInput, 'kind' | 'exitStatus'> | null {
  const action = parsePingAction(segment);
  if (!action && segment !== undefined && /^\d+$/.test(segment)) throw invalidUrl();
  return action;
}

type PingRequest = FastifyRequest<{ Params: { key: string; second?: string; third?: string }; Querystring: { rid?: string; create?: string } }>;

/**
 * healthchecks.io-compatible pings. By task key: `/ping/<key>[/start|/fail|/log|/<0-255>]`. By slug:
 * `/ping/<project ping key>/<task>[/start|/fail|/log|/<0-255>]`, with `?create=1` making an unknown task a
 * heartbeat (201 `Created`). GET, POST or HEAD; `?rid=<uuid>` pairs a start with its end. No token: the
 * unguessable key is the secret. Bodies and codes are healthchecks' own, so its clients need no change.
 */
export function registerPingRoutes(app: FastifyInstance, core: Core): void {
  const handle = async (request: PingRequest, reply: FastifyReply) => {
    reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store');
    const { key, second, third } = request.params;
    const rawRid = request.query.rid;
    const input: Omit<PingInput, 'kind' | 'exitStatus'> = {
      body: Buffer.isBuffer(request.body) ? request.body : typeof request.body === 'string' ? Buffer.from(request.body) : undefined,
      source: `${request.ip} ${String(request.headers['user-agent'] ?? '').slice(0, 120)}`.trim(),
    };
    const send = async (pingKey: string, action: Pick<PingInput, 'kind' | 'exitStatus'>): Promise<void> => {
      await core.ping(pingKey, { ...action, ...input });
    };
    try {
      if (rawRid !== undefined) {
        if (typeof rawRid !== 'string' || !RUN_ID.test(rawRid)) throw new PingAnswer(400, 'invalid uuid format');
        input.rid = rawRid.toLowerCase();
      }
      const create = request.query.create === '1';
      const bySlug = async (slug: string, action: Pick<PingInput, 'kind' | 'exitStatus'>): Promise<boolean> => {
        const target = core.resolveSlug(key, slug, create);
        await send(target.key, action);
        return target.created;
      };
      let created = false;
      if (third !== undefined) {
        // /ping/<project key>/<slug>/<action>
        const action = actionOf(third);
        if (!action || second === undefined) throw new PingAnswer(404, 'not found');
        created = await bySlug(second, action);
      } else {
        const action = actionOf(second);
        const byKey = action
          ? await send(key, action).then(
              () => true,
              (error: unknown) => notFound(error),
            )
          : false;
        // Not a task's key (or no action): a project key and a task name, as healthchecks tries its slug URLs.
        if (!byKey) {
          if (second === undefined) throw new PingAnswer(404, 'not found');
          created = await bySlug(second, { kind: 'success' });
        }
      }
      reply.header('ping-body-limit', String(PING_BODY_LIMIT));
      return created ? reply.code(201).send('Created') : reply.code(200).send('OK');
    } catch (error) {
      if (error instanceof PingAnswer) return reply.code(error.status).send(error.body);
      if (error instanceof UserError) {
        const status = error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : 400;
        return reply.code(status).send(status === 404 ? 'not found' : error.message);
      }
      request.log.error({ err: String(error) }, 'ping failed');
      return reply.code(500).send('could not record the ping; see the app log');
    }
  };
  const options = { bodyLimit: PING_REQUEST_LIMIT };
  for (const url of ['/ping/:key', '/ping/:key/:second', '/ping/:key/:second/:third']) {
    app.route({ method: ['GET', 'POST', 'HEAD'], url, ...options, handler: handle });
  }
}

/** False for "no task has this key" (so the URL may be a slug one); any other error is thrown on. */
function notFound(error: unknown): false {
  if (error instanceof UserError && error.kind === 'not_found') return false;
  throw error;
}

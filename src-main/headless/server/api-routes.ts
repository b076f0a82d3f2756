import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Core } from '../../core';
import { ARG_SCHEMAS, UserError } from '../../core';

const STATUS_OF: Record<UserError['kind'], number> = { invalid: 400, not_found: 404, conflict: 409 };

/** Formats zod issues as one readable line naming each field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') return `unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      const field = i.path.length ? i.path.join('.') : 'body';
      return `${field}: ${i.message.replace(/^Invalid input: /, '')}`;
    })
    .join('; ');
}

/** POST /api/<name>: the body is the handler's argument, validated with the handler's schema. */
export function registerApiRoutes(app: FastifyInstance, core: Core): void {
  app.post<{ Params: { name: string } }>('/api/:name', async (request, reply) => {
    const name = request.params.name;
    if (!Object.hasOwn(ARG_SCHEMAS, name) || !Object.hasOwn(core.handlers, name)) {
      return reply.code(404).send({ error: `no API command "${name}"; known: ${Object.keys(ARG_SCHEMAS).join(', ')}` });
    }
    const key = name as keyof typeof ARG_SCHEMAS & keyof Core['handlers'];
    const body: unknown = request.body === undefined || request.body === null || request.body === '' ? undefined : request.body;
    const parsed = ARG_SCHEMAS[key].safeParse(body);
    // The caller knows which command it sent; the message is for its user, who knows none of their names.
    if (!parsed.success) return reply.code(400).send({ error: `invalid request: ${describeIssues(parsed.error.issues)}` });
    try {
      const handler = core.handlers[key] as (arg: unknown) => unknown;
      const result = await handler(parsed.data);
      return reply.send({ result: result ?? null });
    } catch (error) {
      if (error instanceof UserError) return reply.code(STATUS_OF[error.kind]).send({ error: error.message });
      request.log.error({ err: String(error) }, 'handler failed');
      return reply.code(500).send({ error: 'the command failed inside Agent OS; see the app log' });
    }
  });
}

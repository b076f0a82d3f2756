import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core';
import { FORWARDED_EVENTS } from '../../common/pure/event-names';

const KEEPALIVE_MS = 15_000;

/** GET /api/events: the core's events as server-sent events (`event: <name>`, `data: <json>`). */
export function registerEventStream(app: FastifyInstance, core: Core): void {
  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\nretry: 2000\n\n');
    const unsubscribe = FORWARDED_EVENTS.map((name) => core.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    request.raw.on('close', () => {
      clearInterval(keepalive);
      unsubscribe.forEach((off) => off());
    });
  });
}

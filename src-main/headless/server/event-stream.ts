import type { FastifyInstance } from 'fastify';
import type { CoreEventName } from '../../common/events';
import type { Core } from '../../core';

const EVENT_NAMES: readonly CoreEventName[] = ['run.started', 'run.finished', 'run.output', 'task.state', 'project.changed', 'alert.raised', 'alert.resolved'];
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
    const unsubscribe = EVENT_NAMES.map((name) => core.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    request.raw.on('close', () => {
      clearInterval(keepalive);
      unsubscribe.forEach((off) => off());
    });
  });
}

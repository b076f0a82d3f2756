import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core';
import { FORWARDED_EVENTS } from '../../common/pure/event-names';

const KEEPALIVE_MS = 15_000;
/** A client that stops reading is cut off once this much waits for it, not buffered without end (issue 22). */
export const SSE_MAX_BUFFERED_BYTES = 1024 * 1024;

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
    const send = (text: string): void => {
      if (res.destroyed) return;
      // A stalled client (a sleeping laptop's tab, a stuck proxy): drop it; EventSource reconnects when it can.
      if (res.writableLength > SSE_MAX_BUFFERED_BYTES) {
        request.log.warn({ buffered: res.writableLength }, 'event stream client stopped reading; disconnected');
        res.destroy();
        return;
      }
      res.write(text);
    };
    send(': connected\nretry: 2000\n\n');
    const unsubscribe = FORWARDED_EVENTS.map((name) => core.events.on(name, (payload) => send(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
    const keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    request.raw.on('close', () => {
      clearInterval(keepalive);
      unsubscribe.forEach((off) => off());
    });
  });
}

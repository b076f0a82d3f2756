import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers a GET or HEAD for the built dashboard: the file asked for, or index.html for anything else, so
 * the app's client-side routes load the app shell. @fastify/send (ETag, Last-Modified, 304, ranges, and
 * no path outside `root`) is loaded on the first request: an engine nobody looks at does not hold it.
 */
export async function sendDashboardFile(request: FastifyRequest, reply: FastifyReply, root: string): Promise<FastifyReply> {
  const { default: send } = await import('@fastify/send');
  const options = { root, cacheControl: false, dotfiles: 'ignore', index: false } as const;
  const pathname = request.url.split('?')[0] ?? '/';
  let answer = await send(request.raw, pathname, options);
  if (answer.type !== 'file') answer = await send(request.raw, '/index.html', options);
  return reply.code(answer.statusCode).headers(answer.headers).send(answer.stream);
}

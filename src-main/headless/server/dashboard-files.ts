import send from '@fastify/send';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers a GET or HEAD for the built dashboard: the file asked for, or index.html for anything else, so
 * the app's client-side routes load the app shell. @fastify/send does ETag, Last-Modified, 304 and ranges,
 * and serves no path outside `root`.
 */
export async function sendDashboardFile(request: FastifyRequest, reply: FastifyReply, root: string): Promise<FastifyReply> {
  const options = { root, cacheControl: false, dotfiles: 'ignore', index: false } as const;
  const pathname = request.url.split('?')[0] ?? '/';
  let answer = await send(request.raw, pathname, options);
  if (answer.type !== 'file') answer = await send(request.raw, '/index.html', options);
  return reply.code(answer.statusCode).headers(answer.headers).send(answer.stream);
}

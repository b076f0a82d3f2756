import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The session cookie set when the dashboard is opened with ?token=. */
export const SESSION_COOKIE = 'agent_os_session';

/** Hosts a request may name: the bound address and localhost forms, with the port. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([host, 'localhost', '127.0.0.1', '[::1]']);
  if (host === '::1') names.add('[::1]');
  const out = new Set<string>();
  for (const name of names) {
    out.add(`${name}:${port}`.toLowerCase());
    if (port === 80) out.add(name.toLowerCase());
  }
  return out;
}

/** Constant-time token comparison (hashing first makes the lengths equal). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer …`, or the dashboard's session cookie. */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = request.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * Refuses DNS-rebinding (a Host that is not ours) and cross-origin requests (an Origin that is not ours,
 * or a browser's Sec-Fetch-Site: cross-site). Returns true when the request was refused.
 */
export function refuseForeign(request: FastifyRequest, reply: FastifyReply, hosts: Set<string>): boolean {
  const host = (request.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) {
    void reply.code(421).send({ error: `Host "${host}" is not this server; use http://${[...hosts][0] ?? '127.0.0.1'}` });
    return true;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost = '';
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      originHost = '';
    }
    if (!hosts.has(originHost)) {
      void reply.code(403).send({ error: 'cross-origin requests are not allowed' });
      return true;
    }
  } else if (origin === 'null') {
    void reply.code(403).send({ error: 'cross-origin requests are not allowed' });
    return true;
  }
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    void reply.code(403).send({ error: 'cross-site requests are not allowed' });
    return true;
  }
  return false;
}

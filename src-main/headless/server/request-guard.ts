import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostCheck } from './host-check';

/** The session cookie set when the dashboard is opened with ?token=. */
export const SESSION_COOKIE = 'agent_os_session';

/** Constant-time token comparison (hashing first makes the lengths equal). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/**
 * The session cookie's value: derived from the token, not the token itself, so no answer ever carries the
 * token and a stolen cookie is no Bearer token (it still signs a browser in until the token changes).
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('agent-os dashboard session v1').digest('base64url');
}

/** Whether a request carries the token (`Authorization: Bearer …`) or the dashboard's session cookie. */
export function isAuthorized(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return tokenMatches(header.slice(7).trim(), token);
  const cookie = request.headers.cookie;
  if (!cookie) return false;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return tokenMatches(rest.join('='), sessionValue(token));
  }
  return false;
}

/**
 * Refuses DNS rebinding (a Host that is not ours: 421) and cross-origin requests (an Origin that is not
 * ours, or a browser's Sec-Fetch-Site: cross-site: 403). Behind a trusted proxy, X-Forwarded-Host must name
 * this server too. Returns true when the request was refused.
 */
export function refuseForeign(request: FastifyRequest, reply: FastifyReply, hosts: HostCheck, trustProxy: boolean): boolean {
  const host = (request.headers.host ?? '').toLowerCase();
  const forwarded = trustProxy ? String(request.headers['x-forwarded-host'] ?? '') : '';
  const foreign = [host, ...forwarded.split(',').filter((h) => h.trim() !== '')].find((h) => !hosts.accepts(h));
  if (foreign !== undefined) {
    const name = foreign.trim().slice(0, 100);
    const hint = hosts.suggestion ? `use http://${hosts.suggestion}` : 'add it to server.allowed_hosts if it should be';
    void reply.code(421).send({ error: `Host "${name}" is not a name of this server; ${hint}` });
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
    if (!hosts.accepts(originHost)) {
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

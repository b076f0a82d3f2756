import { isIPv4 } from 'node:net';

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIPv4(h) && h.startsWith('127.'));
}

/** 0.0.0.0 and :: (and an empty host) bind every interface, so the address names no host a browser could send. */
export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '' || h === '0.0.0.0' || /^[0:]*::?[0:]*$/.test(h);
}

/** The URL a client on this machine uses to reach a server bound to `host` (a wildcard is no address). */
export function localUrl(host: string, port: number): string {
  if (isWildcardHost(host)) return `http://${host.includes(':') ? '[::1]' : '127.0.0.1'}:${port}`;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

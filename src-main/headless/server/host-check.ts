import { isWildcardHost } from './bind-address';

/**
 * Which `Host` (and `Origin`) values name this server: the DNS-rebinding defence. A browser sends the name
 * it resolved, so a page on evil.example whose name was re-pointed at this machine sends Host: evil.example.
 * Accepted: the bound address and the localhost forms with the bound port (local clients, a container's
 * health check), plus `allowed_hosts` — with the port when one is written, else with any port.
 */
export class HostCheck {
  private readonly exact = new Set<string>();
  private readonly anyPort = new Set<string>();
  /** The address to suggest in a refusal, or null when refusals must not name it (hosted mode). */
  readonly suggestion: string | null;

  constructor(bound: string, port: number, allowed: readonly string[], hosted: boolean) {
    const boundName = bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound;
    const local = new Set(['localhost', '127.0.0.1', '[::1]']);
    // A wildcard address is not a name anybody can use, so it is no Host either.
    if (!isWildcardHost(bound)) local.add(boundName);
    for (const name of local) {
      this.exact.add(`${name}:${port}`.toLowerCase());
      if (port === 80) this.exact.add(name.toLowerCase());
    }
    for (const entry of allowed) {
      const name = entry.toLowerCase();
      if (/:\d+$/.test(name)) this.exact.add(name);
      else this.anyPort.add(name);
    }
    // Behind a proxy the public name is the one to use, and a stranger probing the address learns nothing.
    this.suggestion = hosted ? null : `${isWildcardHost(bound) ? '127.0.0.1' : boundName}:${port}`;
  }

  /** Whether a Host header (or an Origin's host part) names this server. */
  accepts(value: string): boolean {
    const host = value.trim().toLowerCase();
    if (this.exact.has(host)) return true;
    const name = host.replace(/:\d+$/, '');
    return this.anyPort.has(name);
  }
}

/**
 * A heartbeat ping found in a cron command: the usual `&& curl -fsS … https://host/ping/<key>` suffix
 * (healthchecks.io's documented pattern, which Agent OS accepts unchanged apart from the base URL).
 */
export interface PingLink {
  /** The ping key that links the entry to a heartbeat task. */
  key: string;
  url: string;
  host: string;
  /** `/ping/<key>` on any host (Agent OS, self-hosted healthchecks) or hc-ping.com's `/<key>`. */
  style: 'ping-path' | 'hc-ping';
  /** What the ping reports: success, start, fail, log or an exit status. */
  event: 'success' | 'start' | 'fail' | 'log' | 'exit-status';
  tool: 'curl' | 'wget';
}

const URL_PATTERN = /https?:\/\/[^\s'"`<>|;&()]+/g;
const TOOL_PATTERN = /(?:^|[\s;&|(`'"/])(curl|wget)(?=\s)/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every ping URL passed to curl or wget in `command`, in order of appearance. */
export function findPingLinks(command: string): PingLink[] {
  const links: PingLink[] = [];
  for (const match of command.matchAll(URL_PATTERN)) {
    const tool = lastTool(command.slice(0, match.index));
    if (!tool) continue;
    const link = readPingUrl(match[0], tool);
    if (link) links.push(link);
  }
  return links;
}

function lastTool(before: string): PingLink['tool'] | null {
  // The URL must belong to a curl/wget call in the same simple command, not to an earlier one.
  const segment = before.split(/&&|\|\||;|\|/).pop() ?? '';
  let tool: PingLink['tool'] | null = null;
  for (const m of segment.matchAll(TOOL_PATTERN)) tool = m[1] as PingLink['tool'];
  return tool;
}

function readPingUrl(raw: string, tool: PingLink['tool']): PingLink | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const at = segments.indexOf('ping');
  let keyParts: string[];
  let rest: string[];
  let style: PingLink['style'];
  if (at >= 0 && segments[at + 1]) {
    keyParts = [segments[at + 1] as string];
    rest = segments.slice(at + 2);
    style = 'ping-path';
  } else if (url.hostname === 'hc-ping.com' && segments[0]) {
    // hc-ping.com takes /<uuid>[/event] or /<project-ping-key>/<slug>[/event].
    const bySlug = !UUID.test(segments[0]) && segments[1] !== undefined && eventOf(segments[1]) === null;
    keyParts = segments.slice(0, bySlug ? 2 : 1);
    rest = segments.slice(keyParts.length);
    style = 'hc-ping';
  } else {
    return null;
  }
  return { key: keyParts.join('/'), url: raw, host: url.host, style, event: eventOf(rest[0]) ?? 'success', tool };
}

function eventOf(segment: string | undefined): PingLink['event'] | null {
  if (segment === undefined) return null;
  if (segment === 'start' || segment === 'fail' || segment === 'log') return segment;
  // `$?` is how scripts report their exit status: `curl …/ping/<key>/$?`.
  return /^\d{1,3}$/.test(segment) || segment.startsWith('$') ? 'exit-status' : null;
}

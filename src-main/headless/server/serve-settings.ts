import { z } from 'zod';
import type { ConfigError } from '../../common/models';
import { HOST_NAME, PUBLIC_URL, TRUST_PROXY, type Config } from '../../core/config/config-schema';
import { UserError } from '../../core/errors';
import type { HomePaths } from '../../core/home';
import { resolveApiToken, type TokenSource } from './api-token';
import { isLoopbackHost, isWildcardHost } from './bind-address';
import { STRONG_TOKEN_HINT, tokenWeakness } from './token-strength';

/** Fastify's `trustProxy`, as config.yml spells it. */
export type TrustProxy = z.output<typeof TRUST_PROXY>;

/** How `serve` (or the desktop app) serves HTTP, once every source is combined and checked. */
export interface ServeSettings {
  host: string;
  port: number;
  /** Reachable from elsewhere: bound beyond loopback, or named by public host names (behind a proxy). */
  hosted: boolean;
  /** Public names accepted in Host besides the bound address and localhost (public_url's host included). */
  allowedHosts: string[];
  trustProxy: TrustProxy;
  publicUrl: string | null;
  token: string;
  tokenSource: TokenSource;
  /** Things worth saying at start-up that do not stop it. */
  warnings: string[];
}

/** What the settings are made of: command-line flags > AGENT_OS_* variables > config.yml. */
export interface ServeInputs {
  flags: { host?: string; port?: number };
  env: NodeJS.ProcessEnv;
  server: Config['server'];
  configErrors: readonly ConfigError[];
  paths: HomePaths;
}

/**
 * Combines flags, environment and config.yml into the server's settings and refuses, with one sentence,
 * a combination that would expose the engine (README "Run it 24/7 on a server" lists the rules).
 */
export function resolveServeSettings(input: ServeInputs): ServeSettings {
  const { flags, env, server, paths } = input;
  const host = flags.host ?? server.host;
  const port = flags.port ?? server.port;
  const publicUrl = fromEnv('AGENT_OS_PUBLIC_URL', env, PUBLIC_URL) ?? server.public_url ?? null;
  const listed = fromEnv('AGENT_OS_ALLOWED_HOSTS', env, z.array(HOST_NAME), splitList) ?? server.allowed_hosts;
  const trustProxy = fromEnv('AGENT_OS_TRUST_PROXY', env, TRUST_PROXY, parseTrust) ?? server.trust_proxy;
  const allowedHosts = [...new Set([...listed, ...(publicUrl ? [new URL(publicUrl).host] : [])])];
  const hosted = !isLoopbackHost(host) || allowedHosts.length > 0;
  const token = resolveApiToken(paths, env);
  const warnings: string[] = [];
  if (hosted) {
    // Beyond loopback a bad server setting must stop the start: its default (say, no allowed_hosts) is
    // not what the user meant, and a silent fallback there is how an engine ends up exposed.
    const bad = input.configErrors.find((e) => e.path === '' || e.path === 'server' || e.path.startsWith('server.'));
    if (bad)
      throw new UserError(
        `config.yml ${bad.path ? `${bad.path}` : ''}${bad.line ? ` (line ${bad.line})` : ''}: ${bad.message.replace(/; using (the )?defaults?$/, '')}; fix it: serving beyond loopback does not fall back to defaults`,
      );
    const weakness = tokenWeakness(token.value);
    if (weakness)
      throw new UserError(
        `the token in ${paths.token} is too weak to serve beyond loopback: ${weakness}; delete the file to get a new random one, or set AGENT_OS_TOKEN (${STRONG_TOKEN_HINT.replace(/^use /, '')})`,
      );
    if (isWildcardHost(host) && allowedHosts.length === 0)
      throw new UserError(
        `serving on ${host} needs the public name(s) of this server, so the DNS-rebinding check knows which Host to accept: set server.allowed_hosts (e.g. [agent.example.com]), server.public_url or AGENT_OS_ALLOWED_HOSTS`,
      );
    if (publicUrl?.startsWith('https:') && trustProxy === false)
      throw new UserError(
        `server.public_url is ${publicUrl} but server.trust_proxy is off, so Agent OS cannot tell that requests came over HTTPS and would send its session cookie without Secure; set server.trust_proxy (1 for one proxy in front) or AGENT_OS_TRUST_PROXY`,
      );
    if (publicUrl?.startsWith('http:'))
      warnings.push(`server.public_url is ${publicUrl}: the token crosses the network in clear text; put Agent OS behind HTTPS.`);
    if (!publicUrl) warnings.push('server.public_url is not set: ping URLs and notification links name the bound address; set it to the address people use.');
  }
  return { host, port, hosted, allowedHosts, trustProxy, publicUrl, token: token.value, tokenSource: token.source, warnings };
}

/** A variable parsed with the same schema as its config.yml key; an unusable value stops the start. */
function fromEnv<T extends z.ZodType>(
  name: string,
  env: NodeJS.ProcessEnv,
  schema: T,
  parse: (raw: string) => unknown = (raw) => raw,
): z.output<T> | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const parsed = schema.safeParse(parse(raw));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserError(`${name} is not usable: ${issue?.message ?? 'unexpected value'}; fix or unset it`);
}

function splitList(raw: string): string[] {
  return raw.split(/[\s,]+/).filter(Boolean);
}

function parseTrust(raw: string): unknown {
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  return splitList(raw);
}

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import { UserError } from '../errors';
import type { PingInput } from '../monitor/heartbeat-monitor';

/** Who the engine is and what its token is called, for the one-line errors. */
export interface EngineClientOptions {
  /** E.g. "the Agent OS server at http://127.0.0.1:7317" or 'remote "prod" (https://…)'. */
  who: string;
  /** Where the token comes from, said when it is refused (e.g. "check AGENT_OS_REMOTE_PROD_TOKEN"). */
  tokenHint?: string;
  /** Per-call timeout; none for calls that wait on purpose (`runs.wait`). */
  timeoutMs?: number;
}

interface Answer {
  status: number;
  text: string;
  /** Where a redirect points. */
  location?: string;
}

/**
 * An engine's HTTP API (`POST /api/<command>`, `/ping/…`) with its token: the same handlers, over HTTP.
 * Over node:http rather than fetch: fetch's first call loads its whole HTTP stack (~25 ms), a third of what
 * a CLI command answered by a running server may take.
 */
export class EngineClient {
  constructor(
    readonly base: string,
    private readonly token: string,
    private readonly options: EngineClientOptions,
  ) {}

  async call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
    const headers = { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
    let answer: Answer;
    try {
      answer = await this.send('POST', `/api/${name}`, headers, Buffer.from(JSON.stringify(arg ?? {})), this.options.timeoutMs);
    } catch (error) {
      const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UserError(`${this.options.who} did not answer (${cause}); is it running?`, 'conflict');
    }
    const body = parse(answer.text) as { result?: HandlerResult<K>; error?: string };
    if (answer.status === 401)
      throw new UserError(`${this.options.who} refused the token (401)${this.options.tokenHint ? `; ${this.options.tokenHint}` : ''}`, 'conflict');
    // Not followed: a token is not sent on to another address; the user fixes the address instead.
    if (answer.status >= 300 && answer.status < 400 && answer.location)
      throw new UserError(`${this.options.who} redirects to ${answer.location}; use that address instead`, 'conflict');
    if (answer.status === 404 && body.error?.startsWith('no API command'))
      throw new UserError(`${this.options.who} does not offer this command: it may run an older Agent OS; update it`, 'conflict');
    if (answer.status < 200 || answer.status > 299) {
      const kind = answer.status === 404 ? 'not_found' : answer.status === 409 ? 'conflict' : 'invalid';
      throw new UserError(body.error ?? `${this.options.who} answered HTTP ${answer.status}`, kind);
    }
    return body.result as HandlerResult<K>;
  }

  async ping(key: string, input: PingInput): Promise<void> {
    const action = input.kind === 'success' ? '' : input.kind === 'exit' ? `/${String(input.exitStatus)}` : `/${input.kind}`;
    const query = input.rid ? `?rid=${encodeURIComponent(input.rid)}` : '';
    const answer = await this.send(input.body ? 'POST' : 'GET', `/ping/${key}${action}${query}`, {}, input.body ? Buffer.from(input.body) : undefined);
    if (answer.status < 200 || answer.status > 299) throw new UserError(`the ping was refused: ${answer.status} ${answer.text.trim()}`);
  }

  private send(method: string, path: string, headers: Record<string, string>, body?: Buffer, timeoutMs?: number): Promise<Answer> {
    const url = new URL(`${this.base}${path}`);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), location: res.headers.location }));
        res.on('error', reject);
      });
      if (timeoutMs)
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

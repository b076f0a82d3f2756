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

/** An engine's HTTP API (`POST /api/<command>`, `/ping/…`) with its token: the same handlers, over HTTP. */
export class EngineClient {
  constructor(
    readonly base: string,
    private readonly token: string,
    private readonly options: EngineClientOptions,
  ) {}

  async call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(arg ?? {}),
        ...(this.options.timeoutMs ? { signal: AbortSignal.timeout(this.options.timeoutMs) } : {}),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new UserError(`${this.options.who} did not answer (${cause}); is it running?`, 'conflict');
    }
    const body = (await response.json().catch(() => ({}))) as { result?: HandlerResult<K>; error?: string };
    if (response.status === 401)
      throw new UserError(`${this.options.who} refused the token (401)${this.options.tokenHint ? `; ${this.options.tokenHint}` : ''}`, 'conflict');
    if (!response.ok) {
      const kind = response.status === 404 ? 'not_found' : response.status === 409 ? 'conflict' : 'invalid';
      throw new UserError(body.error ?? `${this.options.who} answered ${response.status} to ${name}`, kind);
    }
    return body.result as HandlerResult<K>;
  }

  async ping(key: string, input: PingInput): Promise<void> {
    const action = input.kind === 'success' ? '' : input.kind === 'exit' ? `/${String(input.exitStatus)}` : `/${input.kind}`;
    const query = input.rid ? `?rid=${encodeURIComponent(input.rid)}` : '';
    const response = await fetch(`${this.base}/ping/${key}${action}${query}`, {
      method: input.body ? 'POST' : 'GET',
      body: input.body ? new Uint8Array(input.body) : undefined,
    });
    if (!response.ok) throw new UserError(`the ping was refused: ${response.status} ${(await response.text()).trim()}`);
  }
}

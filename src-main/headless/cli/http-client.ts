import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import { UserError } from '../../core/errors';
import type { PingInput } from '../../core/monitor/heartbeat-monitor';

/** Calls the running server's API (the same handlers, over HTTP) with the home's token. */
export class HttpClient {
  constructor(
    private readonly base: string,
    private readonly token: string,
    /** What to say instead of the server's words when it refuses the token (401). */
    private readonly unauthorizedHint?: string,
  ) {}

  async call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(arg ?? {}),
      });
    } catch (error) {
      throw new UserError(`the Agent OS server at ${this.base} did not answer (${(error as Error).message}); is it still running?`);
    }
    const body = (await response.json().catch(() => ({}))) as { result?: HandlerResult<K>; error?: string };
    if (response.status === 401 && this.unauthorizedHint) throw new UserError(this.unauthorizedHint);
    if (!response.ok) {
      const kind = response.status === 404 ? 'not_found' : response.status === 409 ? 'conflict' : 'invalid';
      throw new UserError(body.error ?? `the server answered ${response.status} to ${name}`, kind);
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

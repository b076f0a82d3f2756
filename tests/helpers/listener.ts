// A real webhook receiver for notification tests: a node:http server on 127.0.0.1 and an ephemeral port
// that records every request it gets and answers as the test programs it (a status sequence, or never).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../src-main/core';
import { manifest } from './engine';
import { waitFor, writeProject } from './fixtures';

/** How the listener answers one request: an HTTP status, or 'hang' (read it, keep the socket open, never answer). */
export type Answer = number | 'hang';

/** One request as the listener received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body text, exactly as it arrived. */
  raw: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Date.now() when the whole body had arrived. */
  receivedAt: number;
  /** What the listener answered ('hang' until released). */
  answer: Answer;
  /** True once the client closed the connection (e.g. it gave up on a hung answer). */
  closedByClient: boolean;
}

/** A running webhook receiver. */
export interface Listener {
  /** http://127.0.0.1:<port> */
  base: string;
  /** A webhook URL on this listener; `path` may hold a secret-looking token like real webhook URLs. */
  url(path: string): string;
  /** Every request so far, in arrival order. */
  requests: ReceivedRequest[];
  /** Requests still held open without an answer. */
  hanging(): ReceivedRequest[];
  /** Answers every hung request with `status` and answers later requests with `status` too. */
  release(status?: number): void;
  /** Polls until at least `n` requests (matching `match`, if given) have arrived; returns them. */
  waitForRequests(n: number, what: string, match?: (r: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** What the listener answers: `answers[i]` for the i-th request, `then` for every request after those. */
export interface ListenerOptions {
  answers?: readonly Answer[];
  then?: Answer;
  /** Body text sent with non-2xx answers (a provider's error message). */
  errorBody?: string;
}

/** Starts a listener on 127.0.0.1 and a free port. */
export async function startListener(options: ListenerOptions = {}): Promise<Listener> {
  const requests: ReceivedRequest[] = [];
  const held = new Map<ReceivedRequest, http.ServerResponse>();
  let then: Answer = options.then ?? 200;
  const answers = [...(options.answers ?? [])];

  const respond = (res: http.ServerResponse, status: number): void => {
    const ok = status >= 200 && status < 300;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(ok ? 'ok' : (options.errorBody ?? `listener answered ${status}`));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(raw) as unknown;
      } catch {
        json = undefined;
      }
      const answer = answers.length > 0 ? (answers.shift() as Answer) : then;
      const record: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        raw,
        json,
        receivedAt: Date.now(),
        answer,
        closedByClient: false,
      };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) record.closedByClient = true;
        held.delete(record);
      });
      if (answer === 'hang') held.set(record, res);
      else respond(res, answer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    base,
    url: (path) => `${base}${path.startsWith('/') ? path : `/${path}`}`,
    requests,
    hanging: () => [...held.keys()],
    release(status = 200) {
      then = status;
      answers.length = 0;
      for (const [record, res] of held) {
        record.answer = status;
        respond(res, status);
      }
      held.clear();
    },
    waitForRequests: (n, what, match = () => true, timeoutMs = 20_000) =>
      waitFor(
        what,
        () => {
          const found = requests.filter(match);
          return found.length >= n ? found : false;
        },
        { timeoutMs, intervalMs: 20 },
      ),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The generic JSON webhook body's fields a test reads (the channel sends the whole AlertMessage). */
export interface JsonWebhookBody {
  source: string;
  event: 'opened' | 'resolved' | 'reminder' | 'test' | 'digest';
  alert: { id: number; kind: string; subject: string; title: string; detail: string | null; run_id: number | null };
  headline: string;
  project: string | null;
  task: string | null;
  log_tail: string;
  url: string | null;
}

/** A JSON webhook body, checked to have the fields the tests read. */
export function jsonBody(r: ReceivedRequest): JsonWebhookBody {
  const body = r.json as Partial<JsonWebhookBody> | undefined;
  if (!body || typeof body.event !== 'string' || typeof body.alert !== 'object' || body.alert === null) {
    throw new Error(`not a JSON webhook body: ${r.raw.slice(0, 300)}`);
  }
  return body as JsonWebhookBody;
}

/** Requests of a JSON-webhook listener about one alert kind and event (e.g. failed/opened). */
export function jsonEvents(listener: Listener, kind: string, event: JsonWebhookBody['event']): JsonWebhookBody[] {
  return listener.requests.map(jsonBody).filter((b) => b.alert.kind === kind && b.event === event);
}

/** YAML lines of config.yml for webhook channels plus the given notify knobs. */
export function notifyConfig(
  webhooks: ReadonlyArray<{ kind: 'json' | 'discord' | 'slack'; url: string }>,
  knobs: Record<string, string | number> = {},
): string {
  const hooks = webhooks.map((w) => `    - kind: ${w.kind}\n      url: ${JSON.stringify(w.url)}`).join('\n');
  const rest = Object.entries(knobs).map(([k, v]) => `  ${k}: ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
  return ['notify:', `  webhooks:${webhooks.length ? `\n${hooks}` : ' []'}`, ...rest].join('\n') + '\n';
}

/** The id of the configured channel that sends to this listener (channels.list shows host/… as target). */
export function channelOf(core: Core, listener: Listener): string {
  const host = new URL(listener.base).host;
  const found = core.handlers['channels.list']().find((c) => c.target.startsWith(host));
  if (!found) throw new Error(`no channel sends to ${host}`);
  return found.id;
}

/** The default script of a toggle project's task: it fails (exit 2) while `fail.flag` exists in its folder. */
export const TOGGLE_SCRIPT =
  'echo "nightly: starting"; if [ -f fail.flag ]; then echo "nightly: the database refused the connection"; exit 2; fi; echo "nightly: all good"';

/** A project `<name>` whose task `nightly` fails or succeeds as the test switches it. */
export interface ToggleProject {
  dir: string;
  task: string;
  /** Makes the next runs fail (true) or succeed (false). */
  failing(on: boolean): void;
}

/** Writes a project with a `nightly` task (argv `sh -c script`) plus any extra tasks; it starts out failing. */
export function writeToggleProject(
  root: string,
  name: string,
  options: { script?: string; env?: Record<string, string>; extraTasks?: Record<string, readonly string[]> } = {},
): ToggleProject {
  const command = JSON.stringify(['sh', '-c', options.script ?? TOGGLE_SCRIPT]);
  const text = manifest(name, { nightly: [`command: ${command}`], ...(options.extraTasks ?? {}) });
  const dir = writeProject(root, name, options.env ? { manifest: text, env: options.env } : { manifest: text });
  const flag = join(dir, 'fail.flag');
  const failing = (on: boolean): void => (on ? writeFileSync(flag, '1\n') : rmSync(flag, { force: true }));
  failing(true);
  return { dir, task: `${name}/nightly`, failing };
}

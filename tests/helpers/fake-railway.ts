// A stand-in for Railway's public GraphQL API (backboard.railway.com/graphql/v2): ONE real node:http server on
// 127.0.0.1 and an ephemeral port, taking GraphQL over POST as Railway does: the executions of a cron service
// (`deploymentInstanceExecutions`, newest first, Relay pages with `pageInfo { hasNextPage endCursor }` and
// `after`), `serviceInstance(serviceId, environmentId) { id }`, and the `deploymentInstanceExecutionCreate`
// mutation. Like Railway it answers HTTP 200 with `errors: [{message: "Not Authorized"}]` for a refused token
// or ids it does not know; scripted 401/403, 429 with retry-after, and 5xx; and it records every request.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An execution as Railway's API returns it. */
export interface FakeExecution {
  id: string;
  deploymentId: string;
  status: 'CREATED' | 'INITIALIZING' | 'RUNNING' | 'RESTARTING' | 'EXITED' | 'CRASHED' | 'REMOVED' | 'STOPPED' | 'SKIPPED';
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

/** A cron service the token can see: its ids and its instance in the environment. */
export interface FakeService {
  service: string;
  environment: string;
  instance: string;
  deployment: string;
}

/** One request as the fake received it, and what it answered. */
export interface RailwayRequest {
  operation: 'executions' | 'serviceInstance' | 'create' | 'unknown';
  variables: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  status: number;
  /** When it arrived (epoch ms). */
  at: number;
  /** Executions: the page's `endCursor` as answered. */
  endCursor?: string | null;
}

export interface FakeRailway {
  /** `railway.api_url`. */
  apiUrl: string;
  requests: RailwayRequest[];
  /** Adds an execution of a service, created `minutesAgo` before now (or `at`, epoch ms); a finished one lasted 47 s. */
  addExecution(service: FakeService, execution: Partial<FakeExecution> & { minutesAgo?: number; at?: number }): FakeExecution;
  /** Changes an execution (e.g. ends it); `updatedAt` (and `completedAt` for an end) follow. */
  updateExecution(id: string, change: Partial<FakeExecution>): void;
  /** The next requests get these answers, in order, before the data again (`notAuthorized`: Railway's 200 with errors). */
  failNext(failures: ReadonlyArray<{ status: number; retryAfter?: number; message?: string } | 'notAuthorized'>): void;
  /** Executions started by the mutation, with the serviceInstanceId it was given. */
  creates: Array<{ serviceInstanceId: string; execution: FakeExecution }>;
  close(): Promise<void>;
}

/** A new service with fresh UUIDs, as Railway gives them. */
export function newService(): FakeService {
  return { service: randomUUID(), environment: randomUUID(), instance: randomUUID(), deployment: randomUUID() };
}

/** The root fields the fake serves, each with the operation name its requests are recorded under. */
const ROOT_FIELDS = [
  ['deploymentInstanceExecutionCreate', 'create'],
  ['deploymentInstanceExecutions', 'executions'],
  ['serviceInstance', 'serviceInstance'],
] as const;

/** The root field a GraphQL document asks for (the first known one called), or undefined. */
function rootField(query: string): (typeof ROOT_FIELDS)[number] | undefined {
  return ROOT_FIELDS.find(([name]) => new RegExp(`\\b${name}\\(`).test(query));
}

const ENDS = new Set(['EXITED', 'CRASHED', 'REMOVED', 'STOPPED', 'SKIPPED']);
const ISO = (ms: number): string => new Date(ms).toISOString();

export async function startFakeRailway(token: string, services: readonly FakeService[], pageCap = 50): Promise<FakeRailway> {
  const executions = new Map<string, FakeExecution[]>(); // service id -> executions, oldest first
  const failures: Array<{ status: number; retryAfter?: number; message?: string } | 'notAuthorized'> = [];
  const requests: RailwayRequest[] = [];
  let lastCursor: string | null | undefined;

  const fake: FakeRailway = {
    apiUrl: '',
    requests,
    creates: [],
    addExecution(service, partial) {
      const { minutesAgo = 0, at, ...fields } = partial;
      const created = at ?? Date.now() - minutesAgo * 60_000;
      const status = partial.status ?? 'EXITED';
      const ended = ENDS.has(status);
      const execution: FakeExecution = {
        id: randomUUID(),
        deploymentId: service.deployment,
        status,
        createdAt: ISO(created),
        updatedAt: ISO(created + (ended ? 47_000 : 2_000)),
        completedAt: ended ? ISO(created + 47_000) : null,
        ...fields,
      };
      executions.set(service.service, [...(executions.get(service.service) ?? []), execution]);
      return execution;
    },
    updateExecution(id, change) {
      for (const list of executions.values()) {
        const execution = list.find((e) => e.id === id);
        if (!execution) continue;
        const now = ISO(Date.now());
        Object.assign(execution, { updatedAt: now }, change.status && ENDS.has(change.status) ? { completedAt: now } : {}, change);
      }
    },
    failNext: (list) => void failures.push(...list),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-limit': '10000', 'x-ratelimit-remaining': '9987', ...headers });
    res.end(JSON.stringify(body));
    return status;
  };
  // Railway's answer to a token or ids it will not serve: HTTP 200, data null, the error in `errors`.
  const notAuthorized = (res: http.ServerResponse, field: string): number =>
    send(res, 200, {
      errors: [
        {
          message: 'Not Authorized',
          locations: [{ line: 2, column: 3 }],
          path: [field],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
          traceId: '4184271046185713305',
        },
      ],
      data: null,
    });

  const answer = (req: http.IncomingMessage, res: http.ServerResponse, body: { query?: string; variables?: Record<string, unknown> }): number => {
    const query = body.query ?? '';
    const vars = body.variables ?? {};
    const field = rootField(query)?.[0] ?? null;
    if (!field) return send(res, 400, { errors: [{ message: 'Cannot query field on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    const failure = failures.shift();
    if (failure === 'notAuthorized') return notAuthorized(res, field);
    if (failure?.retryAfter !== undefined)
      return send(
        res,
        failure.status,
        { errors: [{ message: failure.message ?? 'Too many requests. Please try again later.' }] },
        {
          'retry-after': String(failure.retryAfter),
          'x-ratelimit-remaining': '0',
        },
      );
    if (failure) return send(res, failure.status, { errors: [{ message: failure.message ?? 'Internal Server Error' }] });
    if (req.headers.authorization !== `Bearer ${token}`) return notAuthorized(res, field);

    if (field === 'deploymentInstanceExecutionCreate') {
      const input = vars.input as { serviceInstanceId?: string } | undefined;
      const service = services.find((s) => s.instance === input?.serviceInstanceId);
      if (!service) return notAuthorized(res, field);
      const execution = fake.addExecution(service, { status: 'CREATED' });
      fake.creates.push({ serviceInstanceId: service.instance, execution });
      return send(res, 200, { data: { deploymentInstanceExecutionCreate: true } });
    }
    if (field === 'serviceInstance') {
      const service = services.find((s) => s.service === vars.serviceId && s.environment === vars.environmentId);
      return service ? send(res, 200, { data: { serviceInstance: { id: service.instance } } }) : notAuthorized(res, field);
    }
    const input = vars.input as { serviceId?: string; environmentId?: string } | undefined;
    const service = services.find((s) => s.service === input?.serviceId && s.environment === input?.environmentId);
    if (!service) return notAuthorized(res, field);
    const list = [...(executions.get(service.service) ?? [])].reverse();
    const first = Math.min(typeof vars.first === 'number' ? vars.first : pageCap, pageCap);
    const from = typeof vars.after === 'string' ? Number(Buffer.from(vars.after, 'base64').toString('utf8').split(':')[1]) + 1 : 0;
    const page = list.slice(from, from + first);
    const cursor = (i: number): string => Buffer.from(`arrayconnection:${i}`).toString('base64');
    lastCursor = page.length ? cursor(from + page.length - 1) : null;
    return send(res, 200, {
      data: {
        deploymentInstanceExecutions: {
          pageInfo: { hasNextPage: from + first < list.length, endCursor: lastCursor },
          edges: page.map((node, i) => ({ node, cursor: cursor(from + i) })),
        },
      },
    });
  };

  const server = http.createServer((req, res) => {
    let text = '';
    const at = Date.now();
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      let body: { query?: string; variables?: Record<string, unknown> } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        body = {};
      }
      lastCursor = undefined;
      const status = req.method === 'POST' ? answer(req, res, body) : send(res, 405, { errors: [{ message: 'Method Not Allowed' }] });
      const operation = rootField(body.query ?? '')?.[1] ?? 'unknown';
      requests.push({
        operation,
        variables: body.variables ?? {},
        headers: req.headers,
        status,
        at,
        ...(lastCursor !== undefined ? { endCursor: lastCursor } : {}),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql/v2`;
  return fake;
}

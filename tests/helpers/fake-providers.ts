// A stand-in for both providers' admin APIs: ONE real node:http server on 127.0.0.1 and an ephemeral port
// that answers OpenAI's organization Costs API (+ projects list) and Anthropic's Admin cost_report (+
// workspaces list) in their real wire shapes, with pages the test programs, scripted failures (429 with
// retry-after, 5xx, 401) and a record of every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './fixtures';

/** Which provider API a request was for. */
export type ProviderApi = 'openai-costs' | 'openai-projects' | 'anthropic-costs' | 'anthropic-workspaces' | 'unknown';

/** One request as the fake received it, and what it answered. */
export interface ProviderRequest {
  api: ProviderApi;
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** Date.now() on arrival. */
  receivedAt: number;
  status: number;
}

/** A scripted failure: the status to answer, with `retryAfter` seconds for a 429. */
export interface Failure {
  status: number;
  retryAfter?: number;
}

/** One OpenAI result line: project id (null: no project), line item, USD. */
export type OpenAIResult = [projectId: string | null, lineItem: string | null, usd: number];
/** One Anthropic result line; `cents` is the decimal string the API sends. */
export interface AnthropicResult {
  workspace_id: string | null;
  description: string;
  model: string | null;
  cents: string;
  cost_type?: 'tokens' | 'web_search' | 'code_execution';
}
/** One daily bucket of either provider: a UTC day (YYYY-MM-DD) and its results. */
export interface Bucket<R> {
  day: string;
  results: R[];
}

/** The admin keys the fake accepts. */
export interface FakeProviderKeys {
  openai: string;
  anthropic: string;
}

/** A running fake of both providers. */
export interface FakeProviders {
  /** `costs.openai.base_url` (API root including /v1). */
  openaiBase: string;
  /** `costs.anthropic.base_url`. */
  anthropicBase: string;
  requests: ProviderRequest[];
  /** Sets the cost pages: page i is answered for the i-th cursor (page 0: no `page` parameter). */
  setOpenAIPages(pages: ReadonlyArray<ReadonlyArray<Bucket<OpenAIResult>>>): void;
  setAnthropicPages(pages: ReadonlyArray<ReadonlyArray<Bucket<AnthropicResult>>>): void;
  /** Project / workspace names the list endpoints return (id -> name). */
  setNames(provider: 'openai' | 'anthropic', names: Record<string, string>): void;
  /** The next cost requests to this provider get these answers, in order, before the data again. */
  failNext(provider: 'openai' | 'anthropic', failures: readonly Failure[]): void;
  /** Drops the scripted failures not yet answered. */
  clearFailures(provider: 'openai' | 'anthropic'): void;
  /** Cost requests of one provider so far. */
  costRequests(provider: 'openai' | 'anthropic'): ProviderRequest[];
  waitForRequests(n: number, api: ProviderApi): Promise<ProviderRequest[]>;
  close(): Promise<void>;
}

/** A UTC calendar day `offset` days from today (0: today, -1: yesterday). */
export function utcDay(offset: number, now = new Date()): string {
  return new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

const cursor = (api: string, index: number): string => `page_${Buffer.from(`${api}:${index}:${'x'.repeat(index)}`).toString('base64')}`;

function openaiError(status: number): { error: { message: string; type: string; param: null; code: string | null } } {
  if (status === 401)
    return {
      error: {
        message: 'Incorrect API key provided: sk-admin-****. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    };
  if (status === 429) return { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
  return { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } };
}

function anthropicError(status: number): { type: 'error'; error: { type: string; message: string } } {
  const [type, message] =
    status === 401
      ? ['authentication_error', 'invalid x-api-key']
      : status === 429
        ? ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit']
        : status === 529
          ? ['overloaded_error', 'Overloaded']
          : ['api_error', 'Internal server error'];
  return { type: 'error', error: { type, message } };
}

function apiOf(path: string): ProviderApi {
  if (path === '/v1/organization/costs') return 'openai-costs';
  if (path === '/v1/organization/projects') return 'openai-projects';
  if (path === '/v1/organizations/cost_report') return 'anthropic-costs';
  if (path === '/v1/organizations/workspaces') return 'anthropic-workspaces';
  return 'unknown';
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeProviders(keys: FakeProviderKeys): Promise<FakeProviders> {
  const requests: ProviderRequest[] = [];
  let openaiPages: ReadonlyArray<ReadonlyArray<Bucket<OpenAIResult>>> = [[]];
  let anthropicPages: ReadonlyArray<ReadonlyArray<Bucket<AnthropicResult>>> = [[]];
  const names: Record<'openai' | 'anthropic', Record<string, string>> = { openai: {}, anthropic: {} };
  const failures: Record<'openai' | 'anthropic', Failure[]> = { openai: [], anthropic: [] };

  const openaiPage = (index: number, since: number): unknown => ({
    object: 'page',
    data: (openaiPages[index] ?? [])
      .map((b) => ({ b, start: Date.parse(`${b.day}T00:00:00Z`) / 1000 }))
      .filter(({ start }) => start >= since)
      .map(({ b, start }) => ({
        object: 'bucket',
        start_time: start,
        end_time: start + 86_400,
        results: b.results.map(([project_id, line_item, usd]) => ({
          object: 'organization.costs.result',
          amount: { value: usd, currency: 'usd' },
          line_item,
          project_id,
        })),
      })),
    has_more: index + 1 < openaiPages.length,
    next_page: index + 1 < openaiPages.length ? cursor('openai', index + 1) : null,
  });

  const anthropicPage = (index: number, since: number): unknown => ({
    data: (anthropicPages[index] ?? [])
      .filter((b) => Date.parse(`${b.day}T00:00:00Z`) >= since)
      .map((b) => ({
        starting_at: `${b.day}T00:00:00Z`,
        ending_at: `${utcDay(1, new Date(`${b.day}T00:00:00Z`))}T00:00:00Z`,
        results: b.results.map((r) => ({
          currency: 'USD',
          amount: r.cents,
          workspace_id: r.workspace_id,
          description: r.description,
          cost_type: r.cost_type ?? 'tokens',
          context_window: (r.cost_type ?? 'tokens') === 'tokens' ? '0-200k' : null,
          model: r.model,
          service_tier: (r.cost_type ?? 'tokens') === 'tokens' ? 'standard' : null,
          token_type: null,
        })),
      })),
    has_more: index + 1 < anthropicPages.length,
    next_page: index + 1 < anthropicPages.length ? cursor('anthropic', index + 1) : null,
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = apiOf(url.pathname);
    const record: ProviderRequest = { api, url, headers: req.headers, receivedAt: Date.now(), status: 0 };
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const provider = api.startsWith('openai') ? 'openai' : api.startsWith('anthropic') ? 'anthropic' : null;
    if (req.method !== 'GET' || !provider)
      return send(404, { error: { message: `Invalid URL (${req.method ?? ''} ${url.pathname})`, type: 'invalid_request_error' } });
    const errorBody = provider === 'openai' ? openaiError : anthropicError;
    const authorized =
      provider === 'openai'
        ? req.headers.authorization === `Bearer ${keys.openai}`
        : req.headers['x-api-key'] === keys.anthropic && Boolean(req.headers['anthropic-version']);
    if (!authorized) return send(401, errorBody(401));
    if (api === 'openai-projects' || api === 'anthropic-workspaces') {
      const data = Object.entries(names[provider]).map(([id, name]) =>
        provider === 'openai'
          ? { id, object: 'organization.project', name, created_at: 1_711_471_533, archived_at: null, status: 'active' }
          : { id, type: 'workspace', name, created_at: '2025-02-03T10:11:12.345678Z', archived_at: null, display_color: '#6C5BB9' },
      );
      return send(
        200,
        provider === 'openai'
          ? { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false }
          : { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
      );
    }
    const failure = failures[provider].shift();
    if (failure) return send(failure.status, errorBody(failure.status), failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
    const page = url.searchParams.get('page');
    const pages = provider === 'openai' ? openaiPages.length : anthropicPages.length;
    const index = page === null ? 0 : Array.from({ length: pages }, (_, i) => cursor(provider, i)).indexOf(page);
    if (index < 0)
      return send(
        400,
        provider === 'openai'
          ? { error: { message: `Invalid page: ${page ?? ''}`, type: 'invalid_request_error', param: 'page', code: null } }
          : { type: 'error', error: { type: 'invalid_request_error', message: 'invalid page token' } },
      );
    if (provider === 'openai') {
      const since = Number(url.searchParams.get('start_time'));
      if (!Number.isInteger(since))
        return send(400, { error: { message: "Missing required parameter: 'start_time'.", type: 'invalid_request_error', param: 'start_time', code: null } });
      return send(200, openaiPage(index, since));
    }
    const since = Date.parse(url.searchParams.get('starting_at') ?? '');
    if (Number.isNaN(since)) return send(400, { type: 'error', error: { type: 'invalid_request_error', message: 'starting_at: Field required' } });
    return send(200, anthropicPage(index, since));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    openaiBase: `${base}/v1`,
    anthropicBase: `${base}/v1`,
    requests,
    setOpenAIPages: (pages) => (openaiPages = pages),
    setAnthropicPages: (pages) => (anthropicPages = pages),
    setNames: (provider, map) => (names[provider] = { ...map }),
    failNext: (provider, list) => failures[provider].push(...list),
    clearFailures: (provider) => (failures[provider].length = 0),
    costRequests: (provider) => requests.filter((r) => r.api === `${provider}-costs`),
    waitForRequests: (n, api) =>
      waitFor(`${n} request(s) to ${api}`, () => {
        const found = requests.filter((r) => r.api === api);
        return found.length >= n ? found : false;
      }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** config.yml lines pointing both fetchers at the fake, with mappings and a short retry backoff. */
export function costsConfig(
  fake: Pick<FakeProviders, 'openaiBase' | 'anthropicBase'>,
  options: { projects?: Record<string, string>; workspaces?: Record<string, string>; openaiBase?: string; anthropicBase?: string } = {},
): string {
  const map = (m: Record<string, string> = {}): string =>
    Object.keys(m).length
      ? `\n${Object.entries(m)
          .map(([k, v]) => `      ${k}: ${v}`)
          .join('\n')}`
      : ' {}';
  return [
    'costs:',
    '  openai:',
    `    base_url: ${JSON.stringify(options.openaiBase ?? fake.openaiBase)}`,
    `    projects:${map(options.projects)}`,
    '  anthropic:',
    `    base_url: ${JSON.stringify(options.anthropicBase ?? fake.anthropicBase)}`,
    `    workspaces:${map(options.workspaces)}`,
    '  window_days: 10',
    '  retry_base: 100ms',
    '',
  ].join('\n');
}

/** A base URL on which nothing listens (a port that was free a moment ago): the provider is unreachable. */
export async function closedBaseUrl(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

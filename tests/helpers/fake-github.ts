// A stand-in for GitHub's REST API (Actions): ONE real node:http server on 127.0.0.1 and an ephemeral port,
// answering in GitHub's wire format: workflow runs newest first with `Link` pagination and ETags (304 on
// If-None-Match), single runs, the repository (default_branch), workflow dispatches (204, or 200 with run
// details); 401 for a wrong token, 404 for a repository the token cannot see, scripted 403 rate limits
// (x-ratelimit-remaining: 0, x-ratelimit-reset) and 5xx; and a record of every request.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A workflow run as GitHub's API returns it (the fields real payloads carry, in their real shape). */
export interface FakeRun {
  id: number;
  name: string;
  node_id: string;
  head_branch: string;
  head_sha: string;
  path: string;
  display_title: string;
  run_number: number;
  event: 'schedule' | 'workflow_dispatch' | 'push';
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | 'timed_out' | 'skipped' | null;
  workflow_id: number;
  check_suite_id: number;
  url: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_attempt: number;
  run_started_at: string;
  jobs_url: string;
  logs_url: string;
  actor: { login: string; id: number; type: string };
  repository: { id: number; name: string; full_name: string; private: boolean };
}

/** One request as the fake received it, and what it answered. */
export interface GithubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export interface FakeGithub {
  /** `github.api_url`. */
  apiUrl: string;
  requests: GithubRequest[];
  /** Adds a run of `workflow` (file name) in `repo`; returns it. Times default to `minutesAgo` before now. */
  addRun(repo: string, workflow: string, run: Partial<FakeRun> & { minutesAgo?: number }): FakeRun;
  /** Changes a run (e.g. completes it). */
  updateRun(id: number, change: Partial<FakeRun>): void;
  /** Repositories the token may not see (answered 404, as GitHub does for private ones). */
  hide(repo: string): void;
  /** The next Actions requests get these answers, in order, before the data again. */
  failNext(failures: ReadonlyArray<{ status: number; rateLimitResetIn?: number; message?: string }>): void;
  /** How dispatches answer: 204 (GitHub's classic answer) or 200 with the new run's id. */
  dispatchAnswer: 204 | 200;
  /** Dispatches received: repo, workflow, body. */
  dispatches: Array<{ repo: string; workflow: string; body: { ref?: string }; runId: number }>;
  close(): Promise<void>;
}

const ISO = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function startFakeGithub(token: string, perPageCap = 100): Promise<FakeGithub> {
  const runs = new Map<string, FakeRun[]>(); // `${repo}|${workflow}` -> runs
  const hidden = new Set<string>();
  const failures: Array<{ status: number; rateLimitResetIn?: number; message?: string }> = [];
  let nextId = 7_000_000_000;
  const requests: GithubRequest[] = [];
  let origin = '';

  const fake: FakeGithub = {
    apiUrl: '',
    requests,
    dispatchAnswer: 204,
    dispatches: [],
    addRun(repo, workflow, partial) {
      const id = partial.id ?? nextId++;
      const key = `${repo}|${workflow}`;
      const list = runs.get(key) ?? [];
      const created = Date.now() - (partial.minutesAgo ?? 0) * 60_000;
      const status = partial.status ?? 'completed';
      const run: FakeRun = {
        id,
        name: partial.name ?? workflow.replace(/\.ya?ml$/, ''),
        node_id: `WFR_kwLO${Buffer.from(String(id)).toString('base64url')}`,
        head_branch: 'main',
        head_sha: createHash('sha1').update(String(id)).digest('hex'),
        path: `.github/workflows/${workflow}`,
        display_title: partial.display_title ?? partial.name ?? workflow,
        run_number: list.length + 1,
        event: 'schedule',
        status,
        conclusion: status === 'completed' ? 'success' : null,
        workflow_id: 100 + runs.size,
        check_suite_id: id + 11,
        url: `${origin}/repos/${repo}/actions/runs/${id}`,
        html_url: `https://github.com/${repo}/actions/runs/${id}`,
        created_at: ISO(created),
        updated_at: ISO(created + (status === 'completed' ? 4 * 60_000 + 12_000 : 5_000)),
        run_attempt: 1,
        run_started_at: ISO(created + 3_000),
        jobs_url: `${origin}/repos/${repo}/actions/runs/${id}/jobs`,
        logs_url: `${origin}/repos/${repo}/actions/runs/${id}/logs`,
        actor: { login: 'erik', id: 1_234_567, type: 'User' },
        repository: { id: 500_000 + runs.size, name: repo.split('/')[1] ?? repo, full_name: repo, private: true },
        ...partial,
      } as FakeRun;
      delete (run as Partial<FakeRun> & { minutesAgo?: number }).minutesAgo;
      list.push(run);
      runs.set(key, list);
      return run;
    },
    updateRun(id, change) {
      for (const list of runs.values()) {
        const run = list.find((r) => r.id === id);
        if (run) Object.assign(run, change, { updated_at: change.updated_at ?? ISO(Date.now()) });
      }
    },
    hide: (repo) => void hidden.add(repo),
    failNext: (list) => void failures.push(...list),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number => {
    const text = body === null ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4987',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3000),
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    res.end(text);
    return status;
  };

  const answer = (req: http.IncomingMessage, res: http.ServerResponse, body: string): number => {
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    const failure = failures.shift();
    if (failure?.rateLimitResetIn !== undefined)
      return send(
        res,
        403,
        {
          message: `API rate limit exceeded for user ID 1234567.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403',
        },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + failure.rateLimitResetIn) },
      );
    if (failure) return send(res, failure.status, { message: failure.message ?? 'Server Error' });
    const m = /^\/repos\/([^/]+\/[^/]+)(\/actions\/(workflows\/([^/]+)\/(runs|dispatches)|runs\/(\d+)))?$/.exec(url.pathname);
    const repo = m?.[1];
    if (!m || !repo || hidden.has(repo)) return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    if (!m[2]) return send(res, 200, { id: 500_000, name: repo.split('/')[1], full_name: repo, private: true, default_branch: 'main' });
    if (m[6]) {
      const run = [...runs.values()].flat().find((r) => r.id === Number(m[6]));
      return run ? send(res, 200, run) : send(res, 404, { message: 'Not Found' });
    }
    const workflow = decodeURIComponent(m[4] ?? '');
    const list = [...(runs.get(`${repo}|${workflow}`) ?? [])].sort((a, b) => b.id - a.id);
    if (m[5] === 'dispatches') {
      if (req.method !== 'POST') return send(res, 404, { message: 'Not Found' });
      const parsed = JSON.parse(body || '{}') as { ref?: string };
      const run = fake.addRun(repo, workflow, { event: 'workflow_dispatch', status: 'queued', conclusion: null });
      fake.dispatches.push({ repo, workflow, body: parsed, runId: run.id });
      if (fake.dispatchAnswer === 204) {
        res.writeHead(204);
        res.end();
        return 204;
      }
      return send(res, 200, { workflow_run_id: run.id, run_url: run.url, html_url: run.html_url });
    }
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), perPageCap);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = list.slice((page - 1) * perPage, page * perPage);
    const etag = `W/"${createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 40)}"`;
    if (page === 1 && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return 304;
    }
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const link = (p: number, rel: string): string => `<${origin}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    return send(res, 200, { total_count: list.length, workflow_runs: slice }, { etag, ...(links.length ? { link: links.join(', ') } : {}) });
  };

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const status = answer(req, res, body);
      const url = new URL(req.url ?? '/', origin);
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.apiUrl = origin;
  return fake;
}

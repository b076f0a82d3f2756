// GitHub's REST API for Actions, as Agent OS reads it with the user's read-only token: the runs of one
// workflow (newest first, pages by the Link header, conditional on the last ETag), a workflow dispatch, and
// the repository's default branch. Every failure comes back as a GithubFailure saying what to do.
import { ApiFailure, fetchOrOffline, retryAtOf, saidBy } from '../shared/api-failure';

/** One workflow run as GitHub reports it (the fields Agent OS uses). */
export interface GithubRun {
  id: number;
  run_number: number;
  run_attempt?: number;
  event: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  run_started_at?: string | null;
  html_url: string;
  head_branch: string | null;
  head_sha: string;
  display_title?: string;
}

/** Where and how to call the API. */
export interface GithubTarget {
  apiUrl: string;
  token: string;
  /** "owner/repo". */
  repo: string;
  signal?: AbortSignal;
}

/** A failed call, with a sentence a user can act on (never the token). */
export class GithubFailure extends ApiFailure {
  override name = 'GithubFailure';
}

function headers(token: string, etag?: string | null): Record<string, string> {
  return {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'agent-os',
    ...(etag ? { 'if-none-match': etag } : {}),
  };
}

/** One request; non-2xx answers (but 304) become GithubFailures. */
async function call(url: string, init: RequestInit & { what: string; repo: string; signal?: AbortSignal }): Promise<Response> {
  const response = await fetchOrOffline(
    url,
    { ...init, redirect: 'follow' },
    (cause) => `GitHub could not be reached (${cause}); check the network or github.api_url`,
  );
  if (response.ok || response.status === 304) return response;
  const said = await saidBy(response);
  const remaining = response.headers.get('x-ratelimit-remaining');
  if ((response.status === 403 || response.status === 429) && (remaining === '0' || Number(response.headers.get('retry-after')) > 0)) {
    const at = retryAtOf(response.headers);
    throw new GithubFailure('rate_limited', `GitHub's rate limit is reached (${said || response.status}); Agent OS looks again after ${at.toISOString()}`, at);
  }
  if (response.status === 401)
    throw new GithubFailure('unauthorized', `GitHub refused the token (401 ${said || 'Bad credentials'}); check AGENT_OS_GITHUB_TOKEN`);
  if (response.status === 403)
    throw new GithubFailure('forbidden', `GitHub refused ${init.what} for ${init.repo} (403 ${said}); give the token access to this repository's Actions`);
  if (response.status === 404)
    throw new GithubFailure(
      'not_found',
      `GitHub answers 404 for ${init.what} of ${init.repo}: the token cannot see this repository (private? give the token access to it) or the workflow is not on its default branch`,
    );
  if (response.status >= 500) throw new GithubFailure('server', `GitHub answered ${response.status} for ${init.what}; Agent OS tries again later`);
  throw new GithubFailure('invalid', `GitHub answered ${response.status} for ${init.what} of ${init.repo}: ${said}`);
}

/** The `rel="next"` URL of a Link header, if any. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** What one look at a workflow's runs found. */
export interface RunsPage {
  /** Runs newer than `afterId`, newest first; empty when nothing changed (304). */
  runs: GithubRun[];
  /** The first page's ETag, for the next look. */
  etag: string | null;
  notModified: boolean;
}

/**
 * The runs of one workflow newer than `afterId` (all of the first `maxPages` pages on a first look):
 * newest first, following Link rel="next" while every run on the page is new.
 */
export async function workflowRuns(
  target: GithubTarget,
  workflowFile: string,
  options: { afterId: number | null; etag: string | null; maxPages: number; perPage: number },
): Promise<RunsPage> {
  const base = `${target.apiUrl.replace(/\/$/, '')}/repos/${target.repo}/actions/workflows/${encodeURIComponent(workflowFile)}/runs?per_page=${options.perPage}`;
  const runs: GithubRun[] = [];
  let url: string | null = base;
  let etag: string | null = null;
  for (let page = 0; url && page < options.maxPages; page++) {
    const response = await call(url, {
      headers: headers(target.token, page === 0 ? options.etag : null),
      what: `the runs of ${workflowFile}`,
      repo: target.repo,
      signal: target.signal,
    });
    if (page === 0) {
      etag = response.headers.get('etag');
      if (response.status === 304) return { runs: [], etag: options.etag, notModified: true };
    }
    const body = (await response.json().catch(() => null)) as { workflow_runs?: unknown } | null;
    if (!body || !Array.isArray(body.workflow_runs))
      throw new GithubFailure('invalid', `GitHub answered without a workflow_runs list for ${workflowFile} of ${target.repo}`);
    const fresh = (body.workflow_runs as GithubRun[]).filter((r) => typeof r?.id === 'number' && (options.afterId === null || r.id > options.afterId));
    runs.push(...fresh);
    if (fresh.length < body.workflow_runs.length) break; // reached runs already seen
    url = nextLink(response.headers.get('link'));
  }
  return { runs, etag, notModified: false };
}

/** The runs still in progress among `ids` (a run seen running is looked up until it completes). */
export async function workflowRun(target: GithubTarget, id: number): Promise<GithubRun> {
  const response = await call(`${target.apiUrl.replace(/\/$/, '')}/repos/${target.repo}/actions/runs/${id}`, {
    headers: headers(target.token),
    what: `run ${id}`,
    repo: target.repo,
    signal: target.signal,
  });
  return (await response.json()) as GithubRun;
}

/** The repository's default branch (what a dispatch runs on). */
export async function defaultBranch(target: GithubTarget): Promise<string> {
  const response = await call(`${target.apiUrl.replace(/\/$/, '')}/repos/${target.repo}`, {
    headers: headers(target.token),
    what: 'the repository',
    repo: target.repo,
    signal: target.signal,
  });
  const body = (await response.json().catch(() => null)) as { default_branch?: unknown } | null;
  if (typeof body?.default_branch !== 'string') throw new GithubFailure('invalid', `GitHub answered without a default_branch for ${target.repo}`);
  return body.default_branch;
}

/** Starts a workflow that has `workflow_dispatch` (POST …/dispatches); returns the run id when GitHub says it. */
export async function dispatchWorkflow(target: GithubTarget, workflowFile: string, ref: string): Promise<number | null> {
  const response = await call(`${target.apiUrl.replace(/\/$/, '')}/repos/${target.repo}/actions/workflows/${encodeURIComponent(workflowFile)}/dispatches`, {
    method: 'POST',
    headers: { ...headers(target.token), 'content-type': 'application/json' },
    body: JSON.stringify({ ref, return_run_details: true }),
    what: `a dispatch of ${workflowFile}`,
    repo: target.repo,
    signal: target.signal,
  });
  if (response.status === 204) return null;
  const body = (await response.json().catch(() => null)) as { workflow_run_id?: unknown } | null;
  return typeof body?.workflow_run_id === 'number' ? body.workflow_run_id : null;
}

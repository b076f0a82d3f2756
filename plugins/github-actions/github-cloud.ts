import { basename } from 'node:path';
import type { RunStatus } from '../../src-main/common/models';
import type { CloudProviderPlugin, ObservedCloudTask, ProviderRun } from '../../src-main/common/plugins';
import { folderRepo } from './git-remote';
import { defaultBranch, dispatchWorkflow, workflowRuns, workflowRun, type GithubRun, type GithubTarget } from './github-api';

/** What GitHub Actions needs from config and the host. */
export interface GithubSettings {
  apiUrl: string;
  pollMs: number;
  /** Explicit "owner/repo" per project, for folders whose git remote does not say it. */
  repos: Record<string, string>;
  token: string | undefined;
}

/** Per task: what was last seen, so each look asks only for what is new. */
interface Seen {
  lastId: number | null;
  etag: string | null;
  /** GitHub run id -> our run id, for runs seen while still in progress. */
  open: Record<string, number>;
}

const FIRST_LOOK_PAGES = 3;
const PER_PAGE = 30;

/**
 * GitHub Actions as a cloud source (SPEC §6): with the user's token, the runs of every scheduled workflow become
 * `external` runs, and Run now dispatches a workflow that has `workflow_dispatch`. Reads GitHub's REST API;
 * the core's CloudObserver polls and records. One per observer: it remembers each folder's repository.
 */
export function githubCloud(): CloudProviderPlugin<GithubSettings> {
  const repos = new Map<string, Promise<string | null>>();
  const target = async (task: ObservedCloudTask, settings: GithubSettings): Promise<GithubTarget> => {
    const { apiUrl, token } = settings;
    if (!token) throw new Error('Agent OS has no GitHub token; set AGENT_OS_GITHUB_TOKEN');
    let repo: string | null = settings.repos[task.project] ?? null;
    if (!repo) {
      if (!repos.has(task.dir)) repos.set(task.dir, folderRepo(task.dir));
      repo = await repos.get(task.dir)!;
    }
    if (!repo)
      throw new Error(`no GitHub repository for ${task.dir}: it has no git remote "origin"; set github.repos.${task.project}: owner/repo in config.yml`);
    return { apiUrl, token, repo };
  };
  return {
    provider: 'github_actions',
    key: 'github',
    label: 'GitHub Actions',
    refused: 'could not dispatch',
    async lookAt(task, look) {
      const at = await target(task, look.settings);
      const seen = look.seen<Seen>({ lastId: null, etag: null, open: {} });
      const workflow = basename(task.file);
      const page = await workflowRuns(at, workflow, {
        afterId: seen.lastId,
        etag: seen.etag,
        maxPages: seen.lastId === null ? FIRST_LOOK_PAGES : 10,
        perPage: PER_PAGE,
      });
      // Runs seen in progress earlier are looked up one by one until they complete.
      const updates: GithubRun[] = [];
      for (const id of Object.keys(seen.open)) if (!page.runs.some((r) => r.id === Number(id))) updates.push(await workflowRun(at, Number(id)));
      const next: Seen = { lastId: seen.lastId, etag: page.etag, open: { ...seen.open } };
      for (const run of [...page.runs].reverse().concat(updates)) {
        look.record(asProviderRun(run), next.open);
        next.lastId = Math.max(next.lastId ?? 0, run.id);
      }
      look.saveSeen(next);
    },
    // Run now: the workflow is dispatched on the repository's default branch; GitHub's run is then observed.
    async dispatch(task, settings) {
      const at = await target(task, settings);
      const ghId = await dispatchWorkflow(at, basename(task.file), await defaultBranch(at));
      return ghId === null ? null : `github:${ghId}`;
    },
  };
}

/** One GitHub run as the observer records it, with its log: what it was, and the link to its jobs and logs. */
function asProviderRun(gh: GithubRun): ProviderRun {
  const started = gh.run_started_at ?? gh.created_at;
  return {
    key: String(gh.id),
    rid: `github:${gh.id}`,
    createdAt: gh.created_at,
    startedAt: started,
    end: gh.status === 'completed' ? { ...outcome(gh), finishedAt: gh.updated_at } : null,
    mayBeManual: gh.event === 'workflow_dispatch',
    log: [
      `GitHub Actions run #${gh.run_number}${gh.run_attempt && gh.run_attempt > 1 ? ` (attempt ${gh.run_attempt})` : ''}: ${gh.display_title ?? ''}`.trimEnd(),
      `event: ${gh.event}; branch: ${gh.head_branch ?? '?'}; commit: ${gh.head_sha.slice(0, 12)}`,
      `status: ${gh.status}${gh.conclusion ? `; conclusion: ${gh.conclusion}` : ''}`,
      `started: ${started}; updated: ${gh.updated_at}`,
      `logs and jobs: ${gh.html_url}`,
    ],
  };
}

/** Our status for a completed GitHub run, and the sentence for one that did not succeed. */
function outcome(gh: GithubRun): { status: RunStatus; error: string | null } {
  const what = `GitHub Actions run #${gh.run_number} (${gh.event})`;
  switch (gh.conclusion) {
    case 'success':
      return { status: 'success', error: null };
    case 'cancelled':
      return { status: 'cancelled', error: `${what} was cancelled` };
    case 'skipped':
    case 'neutral':
    case 'stale':
      return { status: 'skipped', error: `${what} ended ${gh.conclusion}` };
    case 'timed_out':
      return { status: 'timeout', error: `${what} timed out: ${gh.html_url}` };
    default:
      return { status: 'failed', error: `${what} failed (conclusion: ${gh.conclusion ?? 'none'}): ${gh.html_url}` };
  }
}

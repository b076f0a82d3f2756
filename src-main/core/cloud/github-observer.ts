import { basename } from 'node:path';
import { defaultBranch, dispatchWorkflow, workflowRuns, workflowRun, type GithubRun, type GithubTarget } from '../../../plugins/github-actions/github-api';
import { folderRepo } from '../../../plugins/github-actions/git-remote';
import type { Run, RunStatus } from '../../common/models';
import { UserError } from '../errors';
import { CloudObserver, type CloudObserverDeps, type ObservedTask, type ProviderRun } from './cloud-observer';

/** What the observer needs from config and the host. */
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
 * GitHub Actions as a source (SPEC §6): with the user's token, the runs of every scheduled workflow become
 * `external` runs, and Run now dispatches a workflow that has `workflow_dispatch`. The poll loop, notes and
 * recording are CloudObserver's; this reads GitHub's REST API.
 */
export class GithubObserver extends CloudObserver<GithubSettings> {
  private readonly repos = new Map<string, Promise<string | null>>();

  constructor(deps: CloudObserverDeps, settings: () => GithubSettings) {
    super(deps, 'github_actions', 'github', settings);
  }

  private async target(project: string, dir: string): Promise<GithubTarget> {
    const { apiUrl, token, repos } = this.settings();
    if (!token) throw new UserError('Agent OS has no GitHub token; set AGENT_OS_GITHUB_TOKEN');
    const explicit = repos[project];
    let repo: string | null = explicit ?? null;
    if (!repo) {
      if (!this.repos.has(dir)) this.repos.set(dir, folderRepo(dir));
      repo = await this.repos.get(dir)!;
    }
    if (!repo) throw new UserError(`no GitHub repository for ${dir}: it has no git remote "origin"; set github.repos.${project}: owner/repo in config.yml`);
    return { apiUrl, token, repo };
  }

  protected async lookAt(task: ObservedTask): Promise<void> {
    const target = await this.target(task.project, task.dir);
    const seen = this.seen<Seen>(task.id, { lastId: null, etag: null, open: {} });
    const workflow = basename(task.cloud.file);
    const page = await workflowRuns(target, workflow, {
      afterId: seen.lastId,
      etag: seen.etag,
      maxPages: seen.lastId === null ? FIRST_LOOK_PAGES : 10,
      perPage: PER_PAGE,
    });
    // Runs seen in progress earlier are looked up one by one until they complete.
    const updates: GithubRun[] = [];
    for (const id of Object.keys(seen.open)) if (!page.runs.some((r) => r.id === Number(id))) updates.push(await workflowRun(target, Number(id)));
    const next: Seen = { lastId: seen.lastId, etag: page.etag, open: { ...seen.open } };
    for (const run of [...page.runs].reverse().concat(updates)) {
      this.record(task.id, task.project, asProviderRun(run), next.open);
      next.lastId = Math.max(next.lastId ?? 0, run.id);
    }
    this.saveSeen(task.id, next);
  }

  /**
   * Run now: records a manual run at once and dispatches the workflow on the repository's default branch;
   * GitHub's run is then observed into it. A refused dispatch ends the run as failed with GitHub's words.
   */
  dispatch(taskId: string): Run {
    const [project = '', name = ''] = taskId.split('/');
    const loaded = this.deps.registry.get(project);
    const cloud = loaded?.manifest?.tasks[name]?.cloud;
    if (!loaded || cloud?.provider !== 'github_actions') throw new UserError(`${taskId} is not a GitHub Actions task`, 'not_found');
    return this.startManual(taskId, project, 'could not dispatch', async (run) => {
      const target = await this.target(project, loaded.dir);
      const ghId = await dispatchWorkflow(target, basename(cloud.file), await defaultBranch(target));
      if (ghId !== null) this.deps.store.runs.setRid(run.id, `github:${ghId}`);
    });
  }
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

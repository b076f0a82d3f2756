import type { CloudTaskInfo } from '../../common/models';
import type { CloudTask } from './cloud-tasks';

/** Why Run now cannot start a cloud task, or null when it can. */
export function notRunnableReason(cloud: CloudTask): string | null {
  if (cloud.provider === 'railway') return 'Railway starts it on its schedule; run it from the Railway dashboard';
  if (!cloud.dispatchable) return `its workflow has no workflow_dispatch trigger; add \`workflow_dispatch:\` under \`on:\` in ${cloud.file}`;
  if (!cloud.observed) return 'Agent OS needs a GitHub token for that: set AGENT_OS_GITHUB_TOKEN (Actions: read and write)';
  return null;
}

/** The cloud block of a task's status. */
export function cloudInfo(cloud: CloudTask): CloudTaskInfo {
  const reason = notRunnableReason(cloud);
  return {
    provider: cloud.provider,
    file: cloud.file,
    title: cloud.title,
    crons: cloud.crons,
    jobs: cloud.jobs,
    runnable: reason === null,
    not_runnable_reason: reason,
    observed: cloud.observed,
  };
}

/**
 * The command that pings this task from the job itself (healthchecks style), reporting the outcome: a
 * GitHub step's status, or a Railway command's exit status.
 */
export function pingHint(cloud: CloudTask, pingUrl: string): string {
  const curl = 'curl -fsS -m 10 --retry 5 -o /dev/null';
  if (cloud.provider === 'github_actions') return `${curl} "${pingUrl}/\${{ job.status == 'success' && '0' || '1' }}"`;
  return cloud.command ? `sh -c '${cloud.command.replace(/'/g, `'\\''`)}; ${curl} ${pingUrl}/$?'` : `${curl} ${pingUrl}`;
}

/** What the user should know about a cloud task whose runs Agent OS cannot see yet. */
export function unseenNote(cloud: CloudTask): string {
  return cloud.provider === 'github_actions'
    ? "Its runs are not visible yet: set AGENT_OS_GITHUB_TOKEN (read access to Actions), or add this as the workflow's last step, with `if: always()`"
    : 'Its runs are not visible yet: make its start command ping Agent OS as below (the ping URL must be reachable from Railway: see "Run it 24/7 on a server" in the README)';
}

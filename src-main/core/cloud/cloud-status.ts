import type { CloudTaskInfo } from '../../common/models';
import type { CloudTask } from './cloud-job';

/** The railway.services line a Railway task needs in config.yml, and where its ids are found. */
function railwayServiceLine(taskId: string): string {
  return `add \`railway.services: {"${taskId}": {service: <service id>, environment: <environment id>}}\` to config.yml (\`railway status --json\` in the service's folder prints both ids)`;
}

/** The note of a Railway task whose service Agent OS does not know. */
export function missingRailwayIds(taskId: string): string {
  return `Agent OS does not know which Railway service ${taskId} is: ${railwayServiceLine(taskId)}`;
}

/** Why Run now cannot start a cloud task (and what would make it runnable), or null when it can. */
export function notRunnableReason(cloud: CloudTask): string | null {
  if (cloud.provider === 'railway') {
    if (cloud.lacks === 'token')
      return 'Railway starts it on its schedule; to start it from Agent OS, set AGENT_OS_RAILWAY_TOKEN and name its service under railway.services in config.yml';
    return cloud.lacks === 'ids' ? `Agent OS needs to know which Railway service it is: ${railwayServiceLine(cloud.id)}` : null;
  }
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
    crons: cloud.schedules.map((s) => s.cron),
    timezones: cloud.schedules.map((s) => s.timezone),
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

/**
 * The note on a cloud task: while its runs cannot be seen and it never pinged, how to connect it; a Railway
 * task with a token but no ids, what to add to config.yml; else what the observer's last look said, if wrong.
 */
export function cloudNote(cloud: CloudTask, pinged: boolean, observerNote: string | null): string | null {
  const note = cloudNoteAlone(cloud, pinged, observerNote);
  return cloud.note ? (note ? `${cloud.note}. ${note}` : cloud.note) : note;
}

function cloudNoteAlone(cloud: CloudTask, pinged: boolean, observerNote: string | null): string | null {
  if (cloud.lacks === 'ids') return missingRailwayIds(cloud.id);
  if (cloud.observed || pinged) return observerNote;
  return cloud.provider === 'github_actions'
    ? "Its runs are not visible yet: set AGENT_OS_GITHUB_TOKEN (read access to Actions), or add this as the workflow's last step, with `if: always()`"
    : 'Its runs are not visible yet: set AGENT_OS_RAILWAY_TOKEN (and its service under railway.services in config.yml), or make its start command ping Agent OS as below (the ping URL must be reachable from Railway: see "Run it 24/7 on a server" in the README)';
}

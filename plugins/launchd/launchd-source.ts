import { basename } from 'node:path';
import type { TaskState } from '../../src-main/common/models';
import type { ExternalJob, ExternalSourceOptions, ExternalSourcePlugin, ExternalSourceScan } from '../../src-main/common/plugins';
import { keepAliveText } from './keep-alive';
import { scanLaunchAgents, type LaunchAgent } from './launch-agent';
import { kickstart, launchctlList, launchctlPrint } from './launchctl-client';
import type { LaunchctlPrintInfo } from './launchctl-parse';
import { launchdNextRuns } from './next-runs';

/** launchd as a source of jobs: the plists of the job folders, with what launchctl says of each. Never throws. */
async function scanLaunchd(options: ExternalSourceOptions): Promise<ExternalSourceScan> {
  const notes: string[] = [];
  const env = options.env as NodeJS.ProcessEnv;
  const [agents, list] = await Promise.all([scanLaunchAgents(options.launchdDirs), launchctlList({ env })]);
  const jobs: ExternalSourceScan['jobs'] = [];
  const launchctlActive = list.active;
  // A source that is simply not there (no launchctl on Linux) is no news; its failures are.
  if (list.active && list.error) notes.push(`launchd: ${list.error}`);
  const listed = new Map(list.active ? list.entries.map((e) => [e.label, e]) : []);
  for (const entry of agents) {
    if (entry.kind === 'error') {
      jobs.push({
        kind: 'launchd',
        title: entry.label ?? basename(entry.file, '.plist'),
        schedule: null,
        nextRun: null,
        state: 'unknown',
        note: entry.error,
        logPaths: [],
        pid: null,
        lastExit: null,
        lastSignal: null,
        runs: null,
        label: entry.label ?? undefined,
      });
      continue;
    }
    const agent = entry.agent;
    const print = launchctlActive ? await launchctlPrint(agent.label, { env }) : null;
    const info = print && print.active ? print.info : null;
    const row = listed.get(agent.label);
    jobs.push(launchdJob(agent, info, row ? { pid: row.pid, exitCode: row.exitCode, signal: row.signal } : null, launchctlActive, options.now));
  }
  return { jobs, notes };
}

/** launchd, one line in plugins/registry.ts: scans the job folders; Run now is `launchctl kickstart -k`. */
export const launchdSource: ExternalSourcePlugin = {
  kind: 'launchd',
  scan: scanLaunchd,
  async start(job: ExternalJob, env): Promise<void> {
    if (!job.label) throw new Error('it has no launchd label; is it loaded (launchctl list)?');
    const result = await kickstart(job.label, { env: env as NodeJS.ProcessEnv });
    if (!result.active) throw new Error(result.reason);
    if (!result.ok) throw new Error(`launchctl kickstart failed for ${job.label}: ${result.error ?? 'unknown error'}`);
  },
};

function launchdJob(
  agent: LaunchAgent,
  info: LaunchctlPrintInfo | null,
  listed: { pid: number | null; exitCode: number | null; signal: number | null } | null,
  launchctlActive: boolean,
  now: Date,
): Omit<ExternalJob, 'taskId'> {
  const { calendar, interval } = agent.schedule;
  const next = calendar || interval ? launchdNextRuns(agent.schedule, now, 1) : [];
  const pid = info?.pid ?? listed?.pid ?? null;
  // `print` saying "(never exited)" wins over `list`'s 0, which launchd also shows for a job never run.
  const lastExit = info?.neverExited ? null : (info?.lastExitCode ?? listed?.exitCode ?? null);
  const lastSignal = info?.lastSignal ?? listed?.signal ?? null;
  let state: TaskState;
  let note: string | null = agent.warnings.length ? agent.warnings.join('; ') : null;
  if (!launchctlActive) {
    state = 'unknown';
    note = 'launchctl is not on PATH: this job is listed from its plist, its state cannot be read';
  } else if (info && info.state === 'unknown' && !listed) {
    state = 'unknown';
    note = info.note ?? 'launchctl gave no readable state for this job';
  } else if (pid !== null) state = 'running';
  else if (info?.neverExited || (lastExit === null && lastSignal === null)) state = 'never';
  else state = lastExit === 0 && !lastSignal ? 'ok' : 'failing';
  // Unknown stays unknown: a disabled job whose state cannot be read is not claimed to be paused.
  if (agent.disabled && state !== 'running' && state !== 'unknown') state = 'paused';
  return {
    kind: 'launchd',
    title: agent.label,
    schedule: describeLaunchdSchedule(agent),
    nextRun: next[0]?.toISOString() ?? null,
    state,
    note,
    logPaths: [agent.stdoutPath, agent.stderrPath].filter((p): p is string => Boolean(p)).filter((p, i, a) => a.indexOf(p) === i),
    pid,
    lastExit,
    lastSignal,
    runs: info?.runs ?? null,
    label: agent.label,
    upcoming: (after, count, until) => (calendar || interval ? launchdNextRuns(agent.schedule, after, count).filter((d) => d <= until) : []),
  };
}

function describeLaunchdSchedule(agent: LaunchAgent): string | null {
  const { calendar, interval, runAtLoad, keepAlive, keepAliveConditions, sockets } = agent.schedule;
  const parts: string[] = [];
  if (interval) parts.push(`every ${interval}s`);
  for (const c of calendar ?? [])
    parts.push(
      Object.entries(c)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ') || 'every minute',
    );
  if (runAtLoad) parts.push('at load');
  const conditions = keepAliveConditions ? keepAliveText(keepAliveConditions) : [];
  if (conditions.length > 0) parts.push(...conditions);
  else if (keepAlive) parts.push('kept alive');
  if (sockets) parts.push('on demand (socket)');
  return parts.length ? parts.join('; ') : null;
}

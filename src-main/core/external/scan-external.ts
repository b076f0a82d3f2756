import { cronNextRuns, readCronDir, readCrontab, type CronEntry, type CrontabLine } from '../../../plugins/cron';
import {
  keepAliveText,
  launchctlList,
  launchctlPrint,
  launchdNextRuns,
  scanLaunchAgents,
  type LaunchAgent,
  type LaunchctlPrintInfo,
} from '../../../plugins/launchd';
import { basename } from 'node:path';
import type { TaskState } from '../../common/models';
import type { ExternalJob } from './external-job';

/** What scanning the machine found, before claims. */
export interface ExternalScan {
  launchd: Array<Omit<ExternalJob, 'taskId'>>;
  cron: Array<Omit<ExternalJob, 'taskId'> & { entry: CronEntry }>;
  /** Sources that are not there (no launchctl on this machine) or failed, in words. */
  notes: string[];
}

/** Reads launchd job folders + launchctl, and crontab -l + /etc/cron.d. Never throws. */
export async function scanExternal(options: { launchdDirs: string[]; env: NodeJS.ProcessEnv; now: Date; cronDirs: string[] }): Promise<ExternalScan> {
  const notes: string[] = [];
  const [agents, list, crontab, cronDir] = await Promise.all([
    scanLaunchAgents(options.launchdDirs),
    launchctlList({ env: options.env }),
    readCrontab({ env: options.env }),
    Promise.all(options.cronDirs.map((dir) => readCronDir(dir))),
  ]);
  const launchd: ExternalScan['launchd'] = [];
  const launchctlActive = list.active;
  // A source that is simply not there (no launchctl on Linux, no crontab) is no news; its failures are.
  if (list.active && list.error) notes.push(`launchd: ${list.error}`);
  const listed = new Map(list.active ? list.entries.map((e) => [e.label, e]) : []);
  for (const entry of agents) {
    if (entry.kind === 'error') {
      launchd.push({
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
    const print = launchctlActive ? await launchctlPrint(agent.label, { env: options.env }) : null;
    const info = print && print.active ? print.info : null;
    const row = listed.get(agent.label);
    launchd.push(launchdJob(agent, info, row ? { pid: row.pid, exitCode: row.exitCode, signal: row.signal } : null, launchctlActive, options.now));
  }
  const cron: ExternalScan['cron'] = [];
  const lines: CrontabLine[] = [];
  if (crontab.active) {
    if (crontab.error) notes.push(`cron: ${crontab.error}`);
    lines.push(...crontab.entries);
  }
  for (const dir of cronDir) lines.push(...dir.entries);
  for (const line of lines) {
    if (line.kind === 'error') {
      notes.push(`cron: ${line.source} line ${line.line}: ${line.error}`);
      continue;
    }
    let next: Date[] | null = null;
    let note = line.note;
    try {
      next = cronNextRuns(line.schedule, options.now, 1, line.timezone ?? undefined);
    } catch (error) {
      note = (error as Error).message;
    }
    cron.push({
      kind: 'cron',
      title: line.command,
      schedule: line.schedule,
      nextRun: next?.[0]?.toISOString() ?? null,
      state: 'never',
      note,
      logPaths: [],
      pid: null,
      lastExit: null,
      lastSignal: null,
      runs: null,
      command: line.command,
      env: line.env,
      pingKey: line.pingKey,
      upcoming: (after, count, until) => {
        try {
          return cronNextRuns(line.schedule, after, count, line.timezone ?? undefined, until) ?? [];
        } catch {
          return [];
        }
      },
      entry: line,
    });
  }
  return { launchd, cron, notes };
}

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

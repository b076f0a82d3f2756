import cronstrue from 'cronstrue';
import type { Run, TaskKind } from '../../../src-main/common/models';

/** Who runs a task's schedule, in words. */
export const OWNER: Record<TaskKind, string> = {
  command: 'Agent OS',
  launchd: 'launchd',
  cron: 'crontab',
  heartbeat: 'runs elsewhere, pings Agent OS',
  github_actions: 'GitHub Actions',
  railway: 'Railway',
};

const COUNTED = new Set(['success', 'failed', 'timeout', 'interrupted']);

/** Success rate, average and 95th-percentile duration over the runs that ended in success or failure. */
export function runStats(runs: readonly Run[]): { counted: number; successRate: number | null; avgMs: number | null; p95Ms: number | null } {
  const ended = runs.filter((r) => COUNTED.has(r.status));
  const durations = ended
    .map((r) => r.duration_ms)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  const ok = ended.filter((r) => r.status === 'success').length;
  const p95 = durations.length ? (durations[Math.min(durations.length - 1, Math.ceil(durations.length * 0.95) - 1)] ?? null) : null;
  return {
    counted: ended.length,
    successRate: ended.length ? ok / ended.length : null,
    avgMs: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
    p95Ms: p95,
  };
}

/** A schedule in words: cron through cronstrue ("At 02:00 AM"), `every 15m` as is. */
export function scheduleInWords(schedule: string | null): string | null {
  if (!schedule) return null;
  if (!/^\S+(\s+\S+){4,5}$/.test(schedule.trim())) return null;
  try {
    return cronstrue.toString(schedule, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return null;
  }
}

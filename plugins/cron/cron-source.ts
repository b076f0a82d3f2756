import type { ExternalSourceOptions, ExternalSourcePlugin, ExternalSourceScan } from '../../src-main/common/plugins';
import { CRON_MACROS, cronNextRuns } from './cron-schedule';
import type { CrontabLine } from './crontab-parse';
import { readCronDir, readCrontab } from './crontab-read';

/** crontab as a source of jobs: `crontab -l` and the cron.d-style folders. Never throws. */
async function scanCron(options: ExternalSourceOptions): Promise<ExternalSourceScan> {
  const notes: string[] = [];
  const [crontab, cronDir] = await Promise.all([
    readCrontab({ env: options.env as NodeJS.ProcessEnv }),
    Promise.all(options.cronDirs.map((dir) => readCronDir(dir))),
  ]);
  const jobs: ExternalSourceScan['jobs'] = [];
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
    jobs.push({
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
      ...(next ? { cronSpec: cronSpecOf(line.schedule, line.timezone) } : {}),
      upcoming: (after, count, until) => {
        try {
          return cronNextRuns(line.schedule, after, count, line.timezone ?? undefined, until) ?? [];
        } catch {
          return [];
        }
      },
      origin: { source: line.source, schedule: line.schedule, command: line.command, pingKey: line.pingKey },
    });
  }
  return { jobs, notes };
}

/** crontab, one line in plugins/registry.ts: Agent OS runs a Run now of a crontab line itself. */
export const cronSource: ExternalSourcePlugin = { kind: 'cron', scan: scanCron };

/** A crontab schedule as an expression to count from (a macro expanded), with its CRON_TZ. */
function cronSpecOf(schedule: string, timezone: string | null | undefined): { expression: string; timezone?: string } | undefined {
  const text = schedule.trim();
  const expression = text.startsWith('@') ? CRON_MACROS[text.toLowerCase()] : text;
  if (!expression) return undefined;
  return timezone ? { expression, timezone } : { expression };
}

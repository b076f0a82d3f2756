import { EXTERNAL_SOURCES } from '../../../plugins/registry';
import type { CronOrigin, ExternalJob, ExternalSourceOptions } from '../../common/plugins';

/** What scanning the machine found, before claims. */
export interface ExternalScan {
  launchd: Array<Omit<ExternalJob, 'taskId'>>;
  cron: Array<Omit<ExternalJob, 'taskId'> & { entry: CronOrigin }>;
  /** Sources that are not there (no launchctl on this machine) or failed, in words. */
  notes: string[];
}

/** Asks every external source plugin (launchd, crontab) what it schedules. Never throws. */
export async function scanExternal(options: ExternalSourceOptions): Promise<ExternalScan> {
  const scans = await Promise.all(EXTERNAL_SOURCES.map((source) => source.scan(options)));
  const found: ExternalScan = { launchd: [], cron: [], notes: scans.flatMap((s) => s.notes) };
  for (const { origin, ...job } of scans.flatMap((s) => s.jobs)) {
    if (job.kind === 'cron' && origin) found.cron.push({ ...job, entry: origin });
    else if (job.kind === 'launchd') found.launchd.push(job);
  }
  return found;
}

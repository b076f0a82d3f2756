import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
// The tool runner lives with the launchd plugin for now; both plugins call system tools the same way.
import { oneLine, runTool, type ToolOptions } from '../launchd/run-tool';
import { parseCrontab, type CrontabLine } from './crontab-parse';

/** The cron source on a machine without a `crontab` binary: inactive, not failing. */
export interface CronInactive {
  active: false;
  reason: string;
}

export interface CrontabRead {
  active: true;
  entries: CrontabLine[];
  /** Why the crontab could not be read (other than "no crontab for user"), else null. */
  error: string | null;
}

export interface CronDirRead {
  entries: CrontabLine[];
  /** Files cron would read that we could not (permissions, dangling links, folders). */
  skipped: { file: string; reason: string }[];
}

export const CRONTAB_SOURCE = 'crontab -l';

/**
 * The user's crontab via `crontab -l` (found on PATH). A user who never made one gets exit 1 and
 * "no crontab for <user>": that is an empty crontab, not an error.
 */
export async function readCrontab(options: ToolOptions = {}): Promise<CronInactive | CrontabRead> {
  const out = await runTool('crontab', ['-l'], options);
  if (!out.found) return { active: false, reason: 'crontab not found on PATH' };
  if (out.code === 0) return { active: true, entries: parseCrontab(out.stdout, CRONTAB_SOURCE), error: null };
  if (/no crontab for/i.test(out.stderr)) return { active: true, entries: [], error: null };
  const said = out.error ?? (oneLine(out.stderr) || `exit ${out.code ?? out.signal}`);
  return { active: true, entries: [], error: `crontab -l failed: ${said}` };
}

// cron (run-parts rules) ignores cron.d files whose names hold anything but letters, digits, _ and -,
// which is how package managers park old copies (`foo.dpkg-old`) without them running.
const RUN_PARTS_NAME = /^[A-Za-z0-9_-]+$/;

/** System jobs in /etc/cron.d format (a user column after the schedule). Unreadable files are skipped. */
export async function readCronDir(dir = '/etc/cron.d'): Promise<CronDirRead> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => RUN_PARTS_NAME.test(name)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { entries: [], skipped: code === 'ENOENT' ? [] : [{ file: dir, reason: `folder cannot be read (${code ?? String(error)})` }] };
  }
  const result: CronDirRead = { entries: [], skipped: [] };
  for (const name of names) {
    const file = join(dir, name);
    try {
      result.entries.push(...parseCrontab(await readFile(file, 'utf8'), file, { withUser: true }));
    } catch (error) {
      result.skipped.push({ file, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
    }
  }
  return result;
}

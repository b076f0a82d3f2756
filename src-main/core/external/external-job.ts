import type { TaskState } from '../../common/models';

/** A job scheduled outside Agent OS (launchd or crontab), as observed now. */
export interface ExternalJob {
  /** "project/task" when a manifest claims it, else "unassigned/<slug>". */
  taskId: string;
  kind: 'launchd' | 'cron';
  /** The launchd label, or the crontab line's command. */
  title: string;
  /** Human schedule: "StartInterval 300s", "Hour 3", "0 2 * * *", "@daily"; null when launchd only starts it on demand. */
  schedule: string | null;
  nextRun: string | null;
  state: TaskState;
  /** A readable note: why the state is unknown, a launchctl error, a line cron rejects. */
  note: string | null;
  /** Where its output goes (launchd StandardOutPath/StandardErrorPath). */
  logPaths: string[];
  pid: number | null;
  lastExit: number | null;
  lastSignal: number | null;
  runs: number | null;
  /** launchd: the label kickstart needs. */
  label?: string;
  /** cron: what Run now executes, with the crontab's environment lines. */
  command?: string;
  env?: Record<string, string>;
  /** cron: a heartbeat ping key found in the command (links the entry to that heartbeat task). */
  pingKey?: string | null;
  /** What computes later fire times (schedule view). */
  upcoming?: (after: Date, count: number, until: Date) => Date[];
}

/** A slug for task ids built from labels and commands ([a-z0-9_-], starting with a letter or digit). */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 60);
  return s || 'job';
}

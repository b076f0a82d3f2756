import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { slug } from './external-job';

// Words that start or wrap a command rather than name what runs.
const WRAPPERS = new Set([
  'sudo',
  'env',
  'nice',
  'ionice',
  'nohup',
  'timeout',
  'flock',
  'chronic',
  'exec',
  'time',
  'sh',
  'bash',
  'zsh',
  '-c',
  'test',
  '[',
  ']',
  '!',
]);

/** What a crontab command runs, in a word: the last file-like argument of its last segment, else its program. */
export function cronJobName(command: string): string {
  // The last segment of `a && b; c` is what the line is for (`[ -x … ] && run-parts /etc/cron.daily`).
  const segments = command
    .split(/&&|\|\||;|\|/)
    .map((s) => s.replace(/(^|\s)[{}()](?=\s|$)/g, ' ').trim())
    .filter(Boolean);
  const last = segments[segments.length - 1] ?? command;
  const tokens = last
    .split(/\s+/)
    .filter((t, i, all) => !/^\d*[<>]/.test(t) && !/^\d*[<>]+$/.test(all[i - 1] ?? '')) // redirections and their targets
    .map((t) => t.replace(/^["']|["']$/g, ''));
  const words = tokens.filter((t) => !WRAPPERS.has(t) && !/^-/.test(t) && !/^\w+=/.test(t));
  const program = words[0] ?? tokens[0] ?? 'job';
  const files = words.slice(1).filter((t) => /[./]/.test(t) && !/^[a-z]+:\/\//i.test(t));
  return basename(files[files.length - 1] ?? program) || 'job';
}

/**
 * A crontab line's task id (issue 23): named for what runs, made unique by a short hash of where the line
 * is, its schedule and its command, so adding a comment or another line above it does not change it (the
 * line number did, detaching its run history). Two identical lines in one file get `-2`, `-3`.
 */
export function cronTaskId(source: string, schedule: string, command: string, taken: ReadonlySet<string>): string {
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ');
  const hash = createHash('sha256')
    .update(`${source}\u0000${norm(schedule)}\u0000${norm(command)}`)
    .digest('hex')
    .slice(0, 6);
  const base = `cron-${slug(cronJobName(command)).slice(0, 40)}-${hash}`;
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return id;
}

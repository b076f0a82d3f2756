import { cronScheduleError } from './cron-schedule';
import { findPingLinks, type PingLink } from './ping-link';

/** One job line of a crontab, with everything cron would apply to it. */
export interface CronEntry {
  kind: 'job';
  /** Where it came from: `crontab -l` or a file path. */
  source: string;
  /** 1-based line number in the source. */
  line: number;
  text: string;
  /** Five fields (single-spaced) or a macro such as `@daily`. */
  schedule: string;
  /** The user column of /etc/cron.d and /etc/crontab lines; null in a user's crontab. */
  user: string | null;
  /** What cron runs: up to the first unescaped `%`, with `\%` turned back into `%`. */
  command: string;
  /** Text cron feeds to the command's stdin (after the first unescaped `%`; later ones become newlines). */
  stdin: string | null;
  /** The environment assignments in effect at this line (SHELL, PATH, MAILTO, CRON_TZ, …). */
  env: Record<string, string>;
  /** The shell cron runs the command with: SHELL, else /bin/sh. */
  shell: string;
  /** CRON_TZ in effect (cronie); null means the machine's local time. */
  timezone: string | null;
  /** The comment lines directly above the entry, without the `#`. */
  comment: string | null;
  /** Heartbeat pings in the command; pingKey is the first one's key. */
  pings: PingLink[];
  pingKey: string | null;
  /** Something the user should know about how cron reads this line. */
  note: string | null;
}

/** A line cron would reject; kept so the user sees it instead of the job silently vanishing. */
export interface CronLineError {
  kind: 'error';
  source: string;
  line: number;
  text: string;
  error: string;
}

export type CrontabLine = CronEntry | CronLineError;

export interface ParseCrontabOptions {
  /** System format (/etc/cron.d, /etc/crontab): a user name follows the schedule. */
  withUser?: boolean;
}

const ENV_LINE = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** Parses crontab text line by line. Never throws: a bad line becomes a CronLineError. */
export function parseCrontab(text: string, source: string, options: ParseCrontabOptions = {}): CrontabLine[] {
  const out: CrontabLine[] = [];
  const env: Record<string, string> = {};
  let comment: string[] = [];
  String(text ?? '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '') {
        comment = [];
        return;
      }
      if (line.startsWith('#')) {
        comment.push(line.replace(/^#\s?/, ''));
        return;
      }
      const assignment = ENV_LINE.exec(line);
      if (assignment) {
        env[assignment[1] as string] = unquote((assignment[2] as string).trim());
        comment = [];
        return;
      }
      const parsed = parseJobLine(line, options.withUser === true);
      const base = { source, line: index + 1, text: raw };
      if ('error' in parsed) out.push({ kind: 'error', ...base, error: parsed.error });
      else out.push(entryFor(base, parsed, { ...env }, comment));
      comment = [];
    });
  return out;
}

type JobParts = { schedule: string; user: string | null; rawCommand: string };

function parseJobLine(line: string, withUser: boolean): JobParts | { error: string } {
  const tokens = line.split(/\s+/);
  const scheduleLength = line.startsWith('@') ? 1 : 5;
  if (tokens.length < scheduleLength) {
    return { error: `${JSON.stringify(line)} is not a crontab line: expected 5 time fields (minute hour day month weekday) and a command; cron skips it.` };
  }
  const schedule = tokens.slice(0, scheduleLength).join(' ');
  const scheduleProblem = cronScheduleError(schedule);
  if (scheduleProblem) return { error: `${scheduleProblem}; cron skips this line.` };
  const needed = scheduleLength + (withUser ? 1 : 0) + 1;
  if (tokens.length < needed) {
    const missing = withUser && tokens.length < needed - 1 ? 'user and command' : 'command';
    return {
      error: `${JSON.stringify(schedule)} has no ${missing} after it${withUser ? ' (cron.d lines are: schedule, user, command)' : ''}; cron skips this line.`,
    };
  }
  // Re-split with a regex so the command keeps its own spacing and quoting.
  const head = withUser ? scheduleLength + 1 : scheduleLength;
  const match = new RegExp(`^(?:\\S+\\s+){${head}}(.*)$`).exec(line);
  return { schedule, user: withUser ? (tokens[scheduleLength] as string) : null, rawCommand: (match?.[1] ?? '').trim() };
}

function entryFor(base: { source: string; line: number; text: string }, parts: JobParts, env: Record<string, string>, comment: string[]): CronEntry {
  const { command, stdin } = splitPercent(parts.rawCommand);
  // Expand the crontab's own variables so `curl "$PING_URL"` still links to its heartbeat.
  const expanded = command.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => env[name] ?? m);
  const pings = findPingLinks(expanded);
  const timezone = env.CRON_TZ ?? null;
  const notes = [
    stdin !== null ? 'cron passes the text after the first unescaped % to the command on stdin (write \\% for a literal %).' : null,
    timezone !== null && !isTimeZone(timezone) ? `CRON_TZ=${timezone} is not a known time zone; next runs use local time.` : null,
    userColumnNote(parts),
  ].filter((n): n is string => n !== null);
  return {
    kind: 'job',
    ...base,
    schedule: parts.schedule.startsWith('@') ? parts.schedule.toLowerCase() : parts.schedule,
    user: parts.user,
    command,
    stdin,
    env,
    shell: env.SHELL || '/bin/sh',
    timezone: timezone !== null && isTimeZone(timezone) ? timezone : null,
    comment: comment.length > 0 ? comment.join('\n') : null,
    pings,
    pingKey: pings[0]?.key ?? null,
    note: notes.length > 0 ? notes.join(' ') : null,
  };
}

/** crontab(5): an unescaped % ends the command; the rest is stdin with each further % a newline. */
export function splitPercent(raw: string): { command: string; stdin: string | null } {
  const at = firstUnescaped(raw);
  if (at < 0) return { command: unescapePercent(raw), stdin: null };
  const input = raw.slice(at + 1);
  let stdin = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (ch === '\\' && input[i + 1] === '%') {
      stdin += '%';
      i++;
    } else stdin += ch === '%' ? '\n' : ch;
  }
  return { command: unescapePercent(raw.slice(0, at)).trimEnd(), stdin };
}

function firstUnescaped(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '%') return i;
  }
  return -1;
}

function unescapePercent(text: string): string {
  return text.replace(/\\%/g, '%');
}

function unquote(value: string): string {
  const q = value[0];
  return value.length >= 2 && (q === '"' || q === "'") && value.endsWith(q) ? value.slice(1, -1) : value;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A user's crontab has no user column: `@reboot root bash …` copied from /etc/crontab runs a program named
 * `root` there, which fails every time (issue 23). Said when the first word is a system account's name.
 */
function userColumnNote(parts: JobParts): string | null {
  if (parts.user !== null) return null;
  const first = parts.rawCommand.split(/\s+/)[0] ?? '';
  if (!SYSTEM_USERS.has(first)) return null;
  return `"${first}" looks like the user column of a system crontab (/etc/crontab, /etc/cron.d); a user's crontab has none, so cron runs "${first}" as the command: remove it or move the line to /etc/cron.d.`;
}

const SYSTEM_USERS = new Set(['root', 'daemon', 'nobody', 'www-data', 'postgres', 'mysql', 'backup', 'ubuntu', 'admin']);

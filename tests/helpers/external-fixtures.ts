import type { StatusDoc } from './cli';
// The launchd/cron fixtures and their fake tools (tests/fixtures), a writable copy of the fake launchctl
// whose replayed output a test can change between two refreshes, and a wall-clock oracle for next runs.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

/** The fake `launchctl` and `crontab` executables. */
export const FIXTURE_BIN = fixture('bin');
/** Real plists written by plistlib: XML and binary, calendar dict/array, interval, keep-alive, broken ones. */
export const LAUNCH_AGENTS = fixture('launchd/LaunchAgents');
const LAUNCHD_DATA = fixture('launchd');
/** Plain system folders: the fakes' shell scripts need cat and grep, and nothing here is a launchctl or crontab. */
export const SYSTEM_PATH = '/usr/bin:/bin';
/** The gui/<uid> domain the CLI (same user as this test) kicks. */
export const UID = typeof process.getuid === 'function' ? process.getuid() : 501;

/** True when this machine has a real launchctl or crontab where SYSTEM_PATH would find it. */
export function systemHasTool(name: 'launchctl' | 'crontab'): boolean {
  return SYSTEM_PATH.split(':').some((dir) => existsSync(join(dir, name)));
}

/** config.yml lines pointing `launchd.dirs` at folders (SPEC §10). */
export function launchdDirsYaml(...dirs: string[]): string {
  return `launchd:\n  dirs: [${dirs.map((d) => JSON.stringify(d)).join(', ')}]\n`;
}

/** A copy of the fake launchctl and its replayed output, in a folder the test may rewrite. */
export interface FakeLaunchctl {
  /** Put this first on PATH. */
  bin: string;
  /** FAKE_LAUNCHCTL_LOG: one line per call, arguments tab-separated. */
  log: string;
  /** Replaces the `launchctl print gui/<uid>/<label>` block of a job. */
  setPrint(label: string, text: string): void;
  /** Rewrites a job's print block by replacing text in it. */
  editPrint(label: string, from: string | RegExp, to: string): void;
  /** Replaces the `launchctl list` output. */
  setList(text: string): void;
  list(): string;
  /** The calls made so far, each as its argument list. */
  calls(): string[][];
}

/** Copies tests/fixtures/bin/launchctl and the output it replays into `root`, so a test can change them. */
export function copyFakeLaunchctl(root: string): FakeLaunchctl {
  const dir = join(root, 'fake-launchctl');
  const bin = join(dir, 'bin');
  const data = join(dir, 'launchd');
  mkdirSync(bin, { recursive: true });
  cpSync(join(FIXTURE_BIN, 'launchctl'), join(bin, 'launchctl'));
  chmodSync(join(bin, 'launchctl'), 0o755);
  cpSync(join(LAUNCHD_DATA, 'print'), join(data, 'print'), { recursive: true });
  cpSync(join(LAUNCHD_DATA, 'launchctl-list.txt'), join(data, 'launchctl-list.txt'));
  const printFile = (label: string): string => join(data, 'print', `${label}.txt`);
  const log = join(dir, 'calls.log');
  return {
    bin,
    log,
    setPrint: (label, text) => writeFileSync(printFile(label), text),
    editPrint(label, from, to) {
      const before = readFileSync(printFile(label), 'utf8');
      const after = before.replace(from, to);
      if (after === before) throw new Error(`the print block of ${label} has no ${String(from)}`);
      writeFileSync(printFile(label), after);
    },
    setList: (text) => writeFileSync(join(data, 'launchctl-list.txt'), text),
    list: () => readFileSync(join(data, 'launchctl-list.txt'), 'utf8'),
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => l.split('\t'))
        : [],
  };
}

/** A launchctl print block in the real format, for a job that is loaded but has never run. */
export function neverRanPrint(label: string): string {
  return `gui/501/${label} = {
\tactive count = 0
\tpath = /Users/erik/Library/LaunchAgents/${label}.plist
\ttype = LaunchAgent
\tstate = not running

\tprogram = /usr/local/bin/report
\tdomain = gui/501 [100008]
\tminimum runtime = 10
\texit timeout = 5
\truns = 0
\tlast exit code = (never exited)

\tspawn type = daemon (3)
\tproperties = inferred program
}
`;
}

/** The wall clock of an instant in a zone. weekday: 0 = Sunday. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const formats = new Map<string, Intl.DateTimeFormat>();

export function wallClock(at: Date | string, timeZone: string): WallClock {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/**
 * The first whole minute strictly after `after` whose wall clock in `timeZone` satisfies `matches`,
 * found by walking real minutes one by one: an oracle that shares no code with the product.
 */
export function nextMatchingMinute(after: Date | string, timeZone: string, matches: (w: WallClock) => boolean, maxDays = 40): string {
  const start = Math.floor(new Date(after).getTime() / 60_000) * 60_000 + 60_000;
  for (let t = start; t < start + maxDays * 86_400_000; t += 60_000) if (matches(wallClock(new Date(t), timeZone))) return new Date(t).toISOString();
  throw new Error(`no matching minute within ${maxDays} days after ${String(after)}`);
}

/** A task row of `status --json` with the fields external jobs add. */
export type ExternalTaskRow = StatusDoc['projects'][number]['tasks'][number] & {
  schedule?: string | null;
  note?: string | null;
  ping_url?: string;
  linked?: string;
  log_paths?: string[];
};

/** Every task of a status document. */
export const tasksOf = (doc: StatusDoc): ExternalTaskRow[] => doc.projects.flatMap((p) => p.tasks as ExternalTaskRow[]);

/** One task of a status document; the error lists the tasks there are. */
export function taskIn(doc: StatusDoc, id: string): ExternalTaskRow {
  const found = tasksOf(doc).find((t) => t.id === id);
  if (!found)
    throw new Error(
      `status --json has no task ${id}; it has ${tasksOf(doc)
        .map((t) => t.id)
        .join(', ')}`,
    );
  return found;
}

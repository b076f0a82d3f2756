import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeValue, isPlistDict, messageOf, readPlistFile, toInteger, type PlistDict, type PlistValue } from './plist-file';
import { readCalendar, type CalendarInterval } from './calendar-interval';

/** When launchd starts a job on its own. */
export interface LaunchdSchedule {
  /** StartCalendarInterval, always as a list (launchd accepts one dict or an array: a union). */
  calendar: CalendarInterval[] | null;
  /** StartInterval in seconds. */
  interval: number | null;
  runAtLoad: boolean;
  /** True when KeepAlive is true or a dict of conditions (see keepAliveConditions). */
  keepAlive: boolean;
  keepAliveConditions: Record<string, unknown> | null;
  /** True when the job has Sockets: launchd starts it when a connection arrives (socket activation). */
  sockets?: boolean;
}

/** One job file as launchd would read it. Environment variables are deliberately not carried over. */
export interface LaunchAgent {
  file: string;
  label: string;
  /** The executable: Program, else ProgramArguments[0]. */
  program: string;
  /** The full argv launchd passes (ProgramArguments, else [Program]). */
  arguments: string[];
  schedule: LaunchdSchedule;
  stdoutPath: string | null;
  stderrPath: string | null;
  workingDirectory: string | null;
  disabled: boolean;
  /** Things launchd would ignore but a user probably did not mean (e.g. a misspelt calendar key). */
  warnings: string[];
}

/** A directory-scan result: a job, or a file that could not be read as one. */
export type LaunchAgentEntry = { kind: 'agent'; file: string; agent: LaunchAgent } | { kind: 'error'; file: string; label: string | null; error: string };

/**
 * Reads one job plist. Throws an Error naming the file and every problem found at once.
 * EnvironmentVariables are never read: they often hold the project's own keys (SPEC section 1).
 */
export async function readLaunchAgent(file: string): Promise<LaunchAgent> {
  return agentFromPlist(file, await readPlistFile(file));
}

/** Builds a LaunchAgent from an already-decoded plist; exported for callers that hold the bytes. */
export function agentFromPlist(file: string, root: PlistValue): LaunchAgent {
  if (!isPlistDict(root)) throw new Error(`${file}: expected a <dict> at the top of the plist, found ${describeValue(root)}.`);
  const errors: string[] = [];
  const warnings: string[] = [];

  const label = root.Label;
  if (typeof label !== 'string' || label.trim() === '') errors.push(`Label must be a non-empty string, found ${describeValue(label)}`);

  const program = optionalString(root, 'Program', errors);
  const argv = root.ProgramArguments;
  let args: string[] | null = null;
  if (argv !== undefined) {
    if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) args = argv as string[];
    else errors.push(`ProgramArguments must be an array of strings, found ${describeValue(argv)}`);
  }
  if (program === null && (args === null || args.length === 0)) errors.push('one of Program or ProgramArguments is required');

  const calendar = root.StartCalendarInterval === undefined ? null : readCalendar(root.StartCalendarInterval, errors, warnings);
  const interval = root.StartInterval === undefined ? null : toInteger(root.StartInterval);
  if (interval !== null && interval <= 0) errors.push(`StartInterval must be a positive number of seconds, found ${describeValue(root.StartInterval)}`);
  if (root.StartInterval !== undefined && interval === null)
    errors.push(`StartInterval must be a whole number of seconds, found ${describeValue(root.StartInterval)}`);

  const keepAlive = root.KeepAlive;
  if (keepAlive !== undefined && typeof keepAlive !== 'boolean' && !isPlistDict(keepAlive)) {
    errors.push(`KeepAlive must be a boolean or a dict, found ${describeValue(keepAlive)}`);
  }
  const runAtLoad = optionalBoolean(root, 'RunAtLoad', errors);
  const disabled = optionalBoolean(root, 'Disabled', errors);
  const stdoutPath = optionalString(root, 'StandardOutPath', errors);
  const stderrPath = optionalString(root, 'StandardErrorPath', errors);
  const workingDirectory = optionalString(root, 'WorkingDirectory', errors);

  if (errors.length > 0) throw new Error(`${file}: ${errors.join('; ')}.`);
  const argvOut = args && args.length > 0 ? args : [program as string];
  return {
    file,
    label: label as string,
    program: program ?? (argvOut[0] as string),
    arguments: argvOut,
    schedule: {
      calendar,
      interval,
      runAtLoad,
      keepAlive: keepAlive === true || (isPlistDict(keepAlive) && Object.keys(keepAlive).length > 0),
      keepAliveConditions: isPlistDict(keepAlive) ? { ...keepAlive } : null,
      sockets: isPlistDict(root.Sockets) && Object.keys(root.Sockets).length > 0,
    },
    stdoutPath,
    stderrPath,
    workingDirectory,
    disabled,
    warnings,
  };
}

/**
 * Reads every `*.plist` in the given folders. Never throws: a broken file becomes an error entry so
 * one bad plist cannot hide the others. A folder that does not exist (any Linux box) is skipped.
 */
export async function scanLaunchAgents(dirs: string[]): Promise<LaunchAgentEntry[]> {
  const entries: LaunchAgentEntry[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith('.plist')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        entries.push({ kind: 'error', file: dir, label: null, error: `${dir}: folder cannot be read (${messageOf(error)}).` });
      }
      continue;
    }
    for (const name of names) {
      const file = join(dir, name);
      let root: PlistValue;
      try {
        root = await readPlistFile(file);
      } catch (error) {
        entries.push({ kind: 'error', file, label: null, error: messageOf(error) });
        continue;
      }
      try {
        entries.push({ kind: 'agent', file, agent: agentFromPlist(file, root) });
      } catch (error) {
        const label = isPlistDict(root) && typeof root.Label === 'string' ? root.Label : null;
        entries.push({ kind: 'error', file, label, error: messageOf(error) });
      }
    }
  }
  return entries;
}

function optionalString(dict: PlistDict, key: string, errors: string[]): string | null {
  const value = dict[key];
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  errors.push(`${key} must be a string, found ${describeValue(value)}`);
  return null;
}

function optionalBoolean(dict: PlistDict, key: string, errors: string[]): boolean {
  const value = dict[key];
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  errors.push(`${key} must be true or false, found ${describeValue(value)}`);
  return false;
}

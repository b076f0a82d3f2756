// launchctl's output is for humans and changes between macOS releases (launchctl(1) says so), so
// both parsers keep what they recognise, skip what they do not, and never throw.

/** One row of `launchctl list`. */
export interface LaunchctlListEntry {
  label: string;
  /** Running pid, or null for `-`. */
  pid: number | null;
  /** The Status column as printed: an exit code, or minus the signal that killed the job. */
  lastExitStatus: number | null;
  exitCode: number | null;
  signal: number | null;
}

/** What `launchctl print gui/<uid>/<label>` says about one job. */
export interface LaunchctlPrintInfo {
  /** Normalised: launchd's other states (`waiting`, `spawn scheduled`, …) count as not running. */
  state: 'running' | 'not running' | 'unknown';
  /** The state exactly as printed, when there was one. */
  rawState: string | null;
  pid: number | null;
  runs: number | null;
  lastExitCode: number | null;
  /** The text after the code (`Function not implemented`), or `(never exited)`. */
  lastExitDetail: string | null;
  neverExited: boolean;
  lastSignal: number | null;
  /** e.g. `Killed` for `last terminating signal = Killed: 9`. */
  lastSignalName: string | null;
  program: string | null;
  arguments: string[];
  stdoutPath: string | null;
  stderrPath: string | null;
  plistPath: string | null;
  /** Why the state is unknown or partial, in words a user can act on. */
  note: string | null;
}

const INT = /^-?\d+$/;

export function parseLaunchctlList(text: string): LaunchctlListEntry[] {
  const entries: LaunchctlListEntry[] = [];
  for (const line of String(text ?? '').split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 3) continue;
    const [pidText, statusText, ...rest] = cols as [string, string, ...string[]];
    const label = rest.join(' ').trim();
    if (!(pidText === '-' || /^\d+$/.test(pidText)) || !(statusText === '-' || INT.test(statusText)) || label === '') continue;
    const status = statusText === '-' ? null : Number(statusText);
    entries.push({
      label,
      pid: pidText === '-' ? null : Number(pidText),
      lastExitStatus: status,
      exitCode: status !== null && status >= 0 ? status : null,
      signal: status !== null && status < 0 ? -status : null,
    });
  }
  return entries;
}

function emptyInfo(): LaunchctlPrintInfo {
  return {
    state: 'unknown',
    rawState: null,
    pid: null,
    runs: null,
    lastExitCode: null,
    lastExitDetail: null,
    neverExited: false,
    lastSignal: null,
    lastSignalName: null,
    program: null,
    arguments: [],
    stdoutPath: null,
    stderrPath: null,
    plistPath: null,
    note: null,
  };
}

/** Reads the top level of a `launchctl print` service block; nested blocks are skipped except `arguments`. */
export function parseLaunchctlPrint(text: string): LaunchctlPrintInfo {
  const info = emptyInfo();
  const lines = String(text ?? '').split(/\r?\n/);
  let depth = 0;
  let inArguments = false;
  let recognised = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('}')) {
      depth = Math.max(0, depth - 1);
      inArguments = false;
      continue;
    }
    if (inArguments && depth === 2) {
      info.arguments.push(line);
      continue;
    }
    const opens = line.endsWith('{');
    const match = /^([a-z][a-z ()]*?)\s+=\s+(.*)$/.exec(line);
    if (depth === 1 && match) {
      const key = match[1] as string;
      const value = (match[2] as string).trim();
      if (key === 'arguments' && opens) inArguments = true;
      else if (readField(info, key, value)) recognised++;
    }
    if (opens) depth++;
  }
  if (info.rawState === null) {
    const first = lines.find((l) => l.trim() !== '')?.trim() ?? '';
    info.state = 'unknown';
    info.note =
      recognised === 0
        ? `launchctl print output was not understood (first line: ${JSON.stringify(first.slice(0, 80))}); the job's state is unknown.`
        : "launchctl print output has no 'state' line; the job's state is unknown.";
  }
  return info;
}

function readField(info: LaunchctlPrintInfo, key: string, value: string): boolean {
  switch (key) {
    case 'state':
      info.rawState = value;
      info.state = value === 'running' ? 'running' : 'not running';
      return true;
    case 'pid':
      info.pid = INT.test(value) ? Number(value) : null;
      return true;
    case 'runs':
      info.runs = INT.test(value) ? Number(value) : null;
      return true;
    case 'last exit code': {
      const m = /^(-?\d+)(?::\s*(.*))?$/.exec(value);
      info.lastExitCode = m ? Number(m[1]) : null;
      info.lastExitDetail = m ? m[2]?.trim() || null : value;
      info.neverExited = /never exited/i.test(value);
      return true;
    }
    case 'last terminating signal': {
      const m = /^(.*?):?\s*(\d+)$/.exec(value);
      info.lastSignal = m ? Number(m[2]) : null;
      info.lastSignalName = m ? m[1]?.trim() || null : value;
      return true;
    }
    case 'program':
      info.program = value;
      return true;
    case 'stdout path':
      info.stdoutPath = value;
      return true;
    case 'stderr path':
      info.stderrPath = value;
      return true;
    case 'path':
      info.plistPath = value;
      return true;
    default:
      return false;
  }
}

import { execFile } from 'node:child_process';

/** How a system tool (launchctl, crontab) is called: which environment decides PATH, and how long to wait. */
export interface ToolOptions {
  /** Environment for the lookup and the child; PATH in it decides which executable runs. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default 5 s: these tools answer instantly, and a hung one must not stall a refresh. */
  timeoutMs?: number;
}

/** The outcome of one call; `found: false` means the executable is not on PATH. */
export type ToolOutcome =
  { found: false } | { found: true; code: number | null; signal: string | null; stdout: string; stderr: string; timedOut: boolean; error: string | null };

/**
 * Runs a tool without a shell. A missing binary is reported, not thrown: on Linux there is no
 * launchctl, and that makes the source inactive rather than failing (SPEC section 6).
 */
export function runTool(name: string, args: string[], options: ToolOptions = {}): Promise<ToolOutcome> {
  const timeout = options.timeoutMs ?? 5_000;
  return new Promise((resolve) => {
    execFile(name, args, { env: options.env ?? process.env, timeout, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ found: true, code: 0, signal: null, stdout, stderr, timedOut: false, error: null });
        return;
      }
      const err = error as NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals | null; killed?: boolean };
      if (err.code === 'ENOENT') {
        resolve({ found: false });
        return;
      }
      const timedOut = err.killed === true && err.signal !== null && err.signal !== undefined;
      resolve({
        found: true,
        code: typeof err.code === 'number' ? err.code : null,
        signal: err.signal ?? null,
        stdout: String(stdout ?? ''),
        stderr: String(stderr ?? ''),
        timedOut,
        error: timedOut ? `${name} did not answer within ${timeout} ms` : typeof err.code === 'string' ? `${name} could not be started (${err.code})` : null,
      });
    });
  });
}

/** A tool's complaint as one line (launchctl puts "Bad request." first and the reason second). */
export function oneLine(text: string, max = 240): string {
  const joined = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  return joined.length > max ? `${joined.slice(0, max - 1)}…` : joined;
}

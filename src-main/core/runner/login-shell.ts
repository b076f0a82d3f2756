import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { basename } from 'node:path';

/** How long the login shell may take to print its environment before Agent OS goes on without it. */
export const LOGIN_SHELL_TIMEOUT_MS = 5000;
// An rc file that prints a novel does not get to fill the engine's memory.
const MAX_OUTPUT = 1024 * 1024;

/** What the user's login shell said its PATH is, or why it said nothing. */
export interface LoginShellResult {
  /** The shell that was asked; null when the user has none (then there is nothing to warn about). */
  shell: string | null;
  /** The PATH it printed; null when it printed none. */
  path: string | null;
  /** One sentence on why there is no PATH from it; null when it answered. */
  warning: string | null;
  /** Turned off with AGENT_OS_LOGIN_SHELL=off. */
  off?: boolean;
}

/** Shells that read their rc files (where nvm, pyenv, Homebrew's shellenv live) only when interactive. */
const INTERACTIVE_SHELLS = new Set(['bash', 'zsh', 'fish', 'ksh', 'mksh']);

/**
 * Asks the user's login shell for its environment, the way the shell-env package does (a login +
 * interactive `$SHELL -ilc` that prints `env` between markers), written here because shell-env is
 * ESM-only on execa and has no timeout: a `.zprofile` that waits for input would hang the engine's start.
 * The markers are random per call, so whatever the rc files print before or after (banners, `fortune`,
 * job-control complaints of a shell without a terminal) is ignored. The shell runs in its own session
 * without a terminal, and on timeout its whole process group is killed.
 */
export function readLoginShellPath(env: NodeJS.ProcessEnv, timeoutMs = LOGIN_SHELL_TIMEOUT_MS, signal?: AbortSignal): Promise<LoginShellResult> {
  // AGENT_OS_LOGIN_SHELL: `off` asks no shell (tasks get the engine's PATH and Homebrew's), a path asks that one.
  const setting = env.AGENT_OS_LOGIN_SHELL?.trim();
  if (setting === 'off') return Promise.resolve({ shell: null, path: null, warning: null, off: true });
  const shell = setting || env.SHELL || defaultShell();
  if (!shell || process.platform === 'win32') return Promise.resolve({ shell: null, path: null, warning: null });
  const marker = `_AGENT_OS_ENV_${randomBytes(8).toString('hex')}_`;
  const script = `printf '%s' '${marker}'; env; printf '%s' '${marker}'; exit`;
  const flags = INTERACTIVE_SHELLS.has(basename(shell)) ? '-ilc' : '-lc';
  const fail = (why: string): LoginShellResult => ({
    shell,
    path: null,
    warning: `could not read the PATH of your login shell (${shell} ${flags}): ${why}; tasks get Agent OS's own PATH plus /opt/homebrew/bin and /usr/local/bin`,
  });
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const done = (result: LoginShellResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(shell, [flags, script], {
      env: { ...env, DISABLE_AUTO_UPDATE: 'true' },
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
    });
    let exited = false;
    const timer = setTimeout(() => {
      hangUp(child.pid, () => exited);
      done(
        fail(
          `it did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} (a profile or rc file that waits or runs long?)`,
        ),
      );
    }, timeoutMs);
    // The engine stops meanwhile: no shell of ours outlives it.
    signal?.addEventListener('abort', () => {
      if (!settled) hangUp(child.pid, () => exited);
      done({ shell, path: null, warning: null });
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out.length < MAX_OUTPUT) out += chunk;
      // Answered: no need to wait for the shell's exit (a background job it started may hold stdout open).
      const path = pathBetween(out, marker);
      if (path !== null) done({ shell, path, warning: null });
    });
    child.on('error', (error) => done(fail(`it could not be started (${error.message})`)));
    child.on('exit', () => (exited = true));
    child.on('close', (code, signal) => {
      const path = pathBetween(out, marker);
      if (path !== null) done({ shell, path, warning: null });
      else done(fail(`it printed no environment (${signal ? `killed by ${signal}` : `exit code ${String(code)}`})`));
    });
  });
}

function pathBetween(output: string, marker: string): string | null {
  const start = output.indexOf(marker);
  const end = start < 0 ? -1 : output.indexOf(marker, start + marker.length);
  if (end < 0) return null;
  const line = output
    .slice(start + marker.length, end)
    .split('\n')
    .find((l) => l.startsWith('PATH='));
  return line === undefined ? null : line.slice('PATH='.length);
}

function defaultShell(): string | null {
  try {
    return userInfo().shell || (process.platform === 'darwin' ? '/bin/zsh' : null);
  } catch {
    return null;
  }
}

// How long a hung-up shell gets to run its exit traps before it is killed.
const HANG_UP_GRACE_MS = 1000;

/**
 * Ends the shell's process group the way closing a terminal does: SIGHUP first, so what the rc files
 * started runs its exit traps (pyenv's rehash lock, left behind by a SIGKILL, makes every later login
 * shell wait a minute), then SIGKILL for whatever ignored it.
 */
function hangUp(pid: number | undefined, exited: () => boolean): void {
  if (!pid) return;
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGHUP');
  setTimeout(() => {
    if (!exited()) signal('SIGKILL');
  }, HANG_UP_GRACE_MS).unref();
}

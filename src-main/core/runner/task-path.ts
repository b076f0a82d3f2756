import type { TaskPathStatus } from '../../common/models';
import type { Logger } from '../app-log';
import { readLoginShellPath, type LoginShellResult } from './login-shell';

/** Where Homebrew (Apple silicon, then Intel) puts its tools: on a task's PATH even when no shell says so. */
export const EXTRA_PATH_DIRS = ['/opt/homebrew/bin', '/usr/local/bin'] as const;

/**
 * A task's PATH (SPEC §12 Task environment): the engine's own PATH, then the login shell's entries it
 * lacks, then /opt/homebrew/bin and /usr/local/bin. Order is kept and each folder appears once.
 */
export function taskPath(enginePath: string, loginPath: string | null): string {
  const entries: string[] = [];
  for (const dir of [...enginePath.split(':'), ...(loginPath ?? '').split(':'), ...EXTRA_PATH_DIRS]) {
    if (dir && !entries.includes(dir)) entries.push(dir);
  }
  return entries.join(':');
}

/**
 * The user's login-shell PATH, resolved once per engine start and config reload, asynchronously: the
 * engine's thread never waits for the shell. A run that starts meanwhile waits for the answer (at most
 * the shell's timeout); a shell that fails or hangs costs one warning line in app.log and the run goes on
 * with the fallback.
 */
export class LoginShellPath {
  private pending: Promise<LoginShellResult> | null = null;
  private last: LoginShellResult | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly env: () => NodeJS.ProcessEnv,
    private readonly log: Logger,
    private readonly timeoutMs?: number,
  ) {}

  /** Asks the shell again (engine start, config reload). */
  refresh(): void {
    this.abort?.abort();
    this.abort = new AbortController();
    const asked = readLoginShellPath(this.env(), this.timeoutMs, this.abort.signal).then((result) => {
      if (this.pending === asked) this.last = result;
      if (result.warning && this.pending === asked) this.log.warn({ shell: result.shell }, result.warning);
      return result;
    });
    this.pending = asked;
  }

  /** The login shell's PATH for a run about to start; asks the shell first if nobody has yet. */
  async path(): Promise<string | null> {
    if (!this.pending) this.refresh();
    return (await this.pending)?.path ?? null;
  }

  /** Ends a shell still being asked (the engine stops). */
  stop(): void {
    this.abort?.abort();
  }

  /** What the dashboard's Settings and `status --json` show. */
  status(): TaskPathStatus {
    const last = this.last;
    if (!last) return { login_shell: 'resolving', shell: null, warning: null };
    if (!last.shell) return { login_shell: last.off ? 'off' : 'no-shell', shell: null, warning: null };
    return { login_shell: last.warning ? 'failed' : 'resolved', shell: last.shell, warning: last.warning };
  }
}

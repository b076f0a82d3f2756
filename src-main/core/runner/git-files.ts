import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';

/** What git says about one file. `repo: false` covers "no git installed" and "not inside a work tree". */
export type GitFileState = { repo: false } | { repo: true; tracked: boolean; ignored: boolean | null };

// A git that hangs (a network filesystem, a lock held by an editor) must not hang the audit.
const GIT_TIMEOUT_MS = 5_000;

interface GitAnswer {
  code: number | null;
  stdout: string;
}

/**
 * Runs git in `cwd` without a shell. GIT_* variables are dropped so that a caller running inside a git hook
 * (GIT_DIR, GIT_INDEX_FILE set) does not make us answer about the wrong repository.
 */
function git(cwd: string, args: readonly string[]): Promise<GitAnswer> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('GIT_')) env[name] = value;
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env, timeout: GIT_TIMEOUT_MS, windowsHide: true, maxBuffer: 64 * 1024 }, (error, stdout) => {
      if (!error) return resolve({ code: 0, stdout: String(stdout) });
      // A numeric code is git's own exit status; ENOENT (no git, no folder) or a kill has none.
      const code = typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout: String(stdout) });
    });
  });
}

/**
 * Whether git tracks a file and whether its ignore rules cover it. Asked from the file's own folder, so a
 * file is judged by the repository it lives in. Never throws: a missing git, a missing folder or a folder
 * outside any work tree is `{ repo: false }`.
 */
export async function gitFileState(file: string): Promise<GitFileState> {
  const cwd = dirname(file);
  const name = basename(file);
  const inside = await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') return { repo: false };
  const tracked = await git(cwd, ['ls-files', '--error-unmatch', '--', name]);
  // --no-index: judge the ignore rules themselves, also for a file that is tracked (git skips those otherwise).
  const ignore = await git(cwd, ['check-ignore', '--quiet', '--no-index', '--', name]);
  return { repo: true, tracked: tracked.code === 0, ignored: ignore.code === 0 ? true : ignore.code === 1 ? false : null };
}

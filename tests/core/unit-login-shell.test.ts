// The login shell's PATH (issue 21 §1): read between random markers so rc-file noise never counts, with a
// timeout that ends the shell's whole process group, and merged into a task's PATH after the engine's own.
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLoginShellPath } from '../../src-main/core/runner/login-shell';
import { taskPath } from '../../src-main/core/runner/task-path';
import { buildTaskEnv } from '../../src-main/core/runner/task-env';
import { createSandbox, isProcessGone, readPid, waitFor, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
beforeEach(() => (box = createSandbox()));
afterEach(() => box.cleanup());

/** A fake login shell: a real executable that runs `body`, then the script Agent OS passes it (`-ilc <script>`). */
function fakeShell(name: string, body: string): string {
  const file = join(box.root, name);
  writeFileSync(file, `#!/bin/sh\n${body}\nshift\nexec /bin/sh -c "$1"\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('readLoginShellPath', () => {
  it('reads the PATH the shell prints between its markers, ignoring what rc files print around them', async () => {
    const shell = fakeShell('bash', 'echo "PATH=/noise/before"; export PATH=/from/profile:/usr/bin:/bin; printf "\\033[1mbanner\\033[0m"');
    const result = await readLoginShellPath({ SHELL: shell, PATH: '/usr/bin:/bin' });
    expect(result).toEqual({ shell, path: '/from/profile:/usr/bin:/bin', warning: null });
  });

  it('warns, naming the shell, when it exits without printing its environment', async () => {
    const shell = fakeShell('zsh', 'echo "zsh: bad option"; exit 7');
    const result = await readLoginShellPath({ SHELL: shell });
    expect(result.path).toBeNull();
    expect(result.warning).toBe(
      `could not read the PATH of your login shell (${shell} -ilc): it printed no environment (exit code 7); tasks get Agent OS's own PATH plus /opt/homebrew/bin and /usr/local/bin`,
    );
  });

  it('asks no shell with AGENT_OS_LOGIN_SHELL=off, and the shell it names otherwise', async () => {
    expect(await readLoginShellPath({ SHELL: '/bin/bash', AGENT_OS_LOGIN_SHELL: 'off' })).toEqual({ shell: null, path: null, warning: null, off: true });
    const shell = fakeShell('fish', 'export PATH=/from/fish:/usr/bin:/bin');
    expect((await readLoginShellPath({ SHELL: '/bin/false', AGENT_OS_LOGIN_SHELL: shell })).path).toBe('/from/fish:/usr/bin:/bin');
  });

  it('warns when the shell cannot be started', async () => {
    const result = await readLoginShellPath({ SHELL: join(box.root, 'no-such-shell') });
    expect(result.warning).toMatch(/it could not be started \(spawn .*no-such-shell ENOENT\)/);
  });

  it('hangs up on a profile that times out, so its exit traps still clean up (a lock file, as pyenv keeps)', async () => {
    const lock = join(box.root, 'rehash.lock');
    // Like `pyenv init` in a .bashrc: a child script that holds a lock and removes it in its EXIT trap.
    const shell = fakeShell('bash', `bash -c 'trap "rm -f ${lock}" EXIT; touch ${lock}; sleep 600'`);
    const result = await readLoginShellPath({ SHELL: shell }, 500);
    expect(result.warning).toMatch(/it did not answer within 500 ms/);
    await waitFor('the lock to be removed by its exit trap', () => !existsSync(lock));
  });

  it('gives up after the timeout and kills what the hanging profile started', async () => {
    const pidFile = join(box.root, 'sleeper.pid');
    const shell = fakeShell('sh', `sleep 600 & echo $! > ${pidFile}; wait`);
    const result = await readLoginShellPath({ SHELL: shell }, 300);
    expect(result.warning).toMatch(/\(.* -lc\): it did not answer within 300 ms/);
    const sleeper = readPid(pidFile) as number;
    await waitFor('the profile’s sleep to be killed', () => isProcessGone(sleeper));
  });
});

describe('a task’s PATH', () => {
  it('is the engine’s PATH, then the login shell’s folders it lacks, then Homebrew’s, each once', () => {
    expect(taskPath('/usr/bin:/bin', '/Users/me/.local/bin:/usr/bin:/opt/homebrew/bin:/bin')).toBe(
      '/usr/bin:/bin:/Users/me/.local/bin:/opt/homebrew/bin:/usr/local/bin',
    );
    expect(taskPath('/usr/bin::/bin', null)).toBe('/usr/bin:/bin:/opt/homebrew/bin:/usr/local/bin');
  });

  it('is replaced by a project’s or task’s own env: PATH', () => {
    const env = buildTaskEnv({
      host: { PATH: '/usr/bin' },
      loginPath: '/x/bin',
      project: {},
      task: { PATH: '/mine' },
      runId: 1,
      outputPath: '/o',
      triggerPath: null,
    });
    expect(env.PATH).toBe('/mine');
  });
});

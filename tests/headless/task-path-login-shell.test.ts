// Acceptance (issue 21 §1): tasks find the user's tools wherever the engine was started. launchd starts a
// GUI app (and a login item) with a bare PATH; the engine asks the login shell once for the user's PATH, so
// a tool that only the user's .bash_profile puts on PATH is found. A profile that hangs costs one warning
// (app.log, the status the dashboard's Settings shows) and tasks still run.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunWithLog } from '../../src-main/common/models';
import { CLI_BIN, REPO_ROOT, assertCliBuilt } from '../helpers/cli';
import { ANY_PORT, ENGINE_RUNNING, manifest, trackServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { callApi, servedAt } from '../helpers/http';

/** launchd's PATH for GUI apps. */
const LAUNCHD_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

let box: Sandbox;
let userHome: string;
let serve: ServeProcess | null = null;

beforeEach(() => {
  box = createSandbox();
  userHome = join(box.root, 'user');
  // A tool in a folder only the user's profile knows (like ~/.local/bin, nvm's or Homebrew's).
  const tools = join(userHome, 'tools', 'bin');
  mkdirSync(tools, { recursive: true });
  writeFileSync(join(tools, 'mytool'), '#!/bin/sh\necho "mytool ran with $1"\n');
  chmodSync(join(tools, 'mytool'), 0o755);
  const dir = writeProject(box.root, 'p', {
    manifest: manifest('p', { tool: ['command: ["mytool", "hello"]'], plain: ['command: ["sh", "-c", "echo plain ran; echo PATH=$PATH"]'] }),
  });
  writeConfig(box.home, [dir], ANY_PORT);
});

afterEach(async () => {
  await serve?.stop(3000);
  serve = null;
  box.cleanup();
});

/** `agent-os serve` with exactly a launchd-like environment: `env -i HOME=… SHELL=/bin/bash PATH=<launchd's>`. */
async function serveLikeLaunchd(): Promise<{ url: string; token: string }> {
  assertCliBuilt();
  const env = [`HOME=${userHome}`, 'SHELL=/bin/bash', `PATH=${LAUNCHD_PATH}`, `AGENT_OS_HOME=${box.home}`, 'NO_COLOR=1'];
  serve = trackServe(spawn('env', ['-i', ...env, process.execPath, CLI_BIN, 'serve'], { cwd: REPO_ROOT }));
  const running = serve;
  await waitFor('serve to print "engine running"', () => ENGINE_RUNNING.test(running.stdout()) || (running.child.exitCode !== null && 'exited'), {
    timeoutMs: 20_000,
  });
  expect(running.child.exitCode, running.stderr()).toBeNull();
  return servedAt(running.stdout());
}

const pathOf = (log: string): string[] => (/^PATH=(.*)$/m.exec(log)?.[1] ?? '').split(':');

async function runToEnd(at: { url: string; token: string }, task: string): Promise<RunWithLog> {
  const run = await callApi(at.url, at.token, 'runs.start', { task });
  return waitFor(
    `run ${run.id} of ${task} to end`,
    async () => {
      const now = await callApi(at.url, at.token, 'runs.get', { id: run.id });
      return !['queued', 'waiting', 'running'].includes(now.run.status) && now;
    },
    { timeoutMs: 20_000 },
  );
}

describe('tasks started by an engine with launchd’s bare environment', () => {
  it('find a tool that only the user’s .bash_profile puts on PATH, whatever the profile prints', async () => {
    writeFileSync(join(userHome, '.bash_profile'), 'echo "Welcome back!"\nexport PATH="$HOME/tools/bin:$PATH"\n[ -f ~/.bashrc ] && . ~/.bashrc\n');
    writeFileSync(join(userHome, '.bashrc'), 'echo "PATH=/from/noise"\nprintf "\\033[1mfancy prompt\\033[0m\\n"\n');
    const at = await serveLikeLaunchd();

    const run = await runToEnd(at, 'p/tool');
    expect(run.run.status, run.log).toBe('success');
    expect(run.log).toContain('mytool ran with hello');

    const plain = await runToEnd(at, 'p/plain');
    // The engine's PATH first, then the login shell's folders it lacks (the profile's first; this
    // machine's /etc/profile may add more), then Homebrew's; each folder once.
    const path = pathOf(plain.log);
    expect(path.slice(0, 5)).toEqual([...LAUNCHD_PATH.split(':'), `${userHome}/tools/bin`]);
    expect(path).toContain('/opt/homebrew/bin');
    expect(path).toContain('/usr/local/bin');
    expect(new Set(path).size).toBe(path.length);
    const status = await callApi(at.url, at.token, 'status.get', {});
    expect(status.task_path).toEqual({ login_shell: 'resolved', shell: '/bin/bash', warning: null });
  }, 40_000);

  it('still run, with the fallback PATH, when the profile hangs; one warning in app.log and the status', async () => {
    writeFileSync(join(userHome, '.bash_profile'), 'export PATH="$HOME/tools/bin:$PATH"\nsleep 600\n');
    const at = await serveLikeLaunchd();

    const plain = await runToEnd(at, 'p/plain');
    expect(plain.run.status, plain.log).toBe('success');
    expect(pathOf(plain.log)).toEqual([...LAUNCHD_PATH.split(':'), '/opt/homebrew/bin', '/usr/local/bin']);
    const status = await callApi(at.url, at.token, 'status.get', {});
    expect(status.task_path?.login_shell).toBe('failed');
    expect(status.task_path?.warning).toMatch(/^could not read the PATH of your login shell \(\/bin\/bash -ilc\): it did not answer within 5 s/);
    const warnings = readFileSync(join(box.home, 'logs', 'app.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('login shell'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] as string)).toMatchObject({ level: 40, shell: '/bin/bash' });
  }, 40_000);
});

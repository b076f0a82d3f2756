// The built desktop shell (dist/electron/main.cjs, the file a packaged app runs) in a child process, with the
// Electron stand-in resolved in place of `electron`, and the test's hand on it over the fork() channel.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { CommandMessage, StandInCommand, StandInConfig, StandInMessage, StandInPlatform, StandInSnapshot } from './stand-in/wire';

const MAIN = fileURLToPath(new URL('../../../dist/electron/main.cjs', import.meta.url));
const STAND_IN = fileURLToPath(new URL('./stand-in/index.ts', import.meta.url));
const LOADER = fileURLToPath(new URL('./stand-in/loader.cjs', import.meta.url));

/** A snapshot plus the promise rejections nobody handled in the shell. */
export type ShellSnapshot = StandInSnapshot & { unhandledRejections: string[] };

let bundled: Promise<string> | null = null;

/** The stand-in bundled for the child (once per test process; esbuild takes a few tens of ms). */
function standInBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'agent-os-stand-in-')), 'electron.cjs');
    await build({ entryPoints: [STAND_IN], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
    return outfile;
  })();
  return bundled;
}

export interface ShellOptions {
  home: string;
  platform?: StandInPlatform;
  /** app.getPath('userData'): shells sharing it share the single-instance lock. Default: a new folder. */
  userData?: string;
  env?: Record<string, string>;
  /**
   * The environment the app is started with, exactly (as launchd starts a GUI app or a login item),
   * instead of the test runner's; `env` and the stand-in's own variables come on top.
   */
  launchEnv?: Record<string, string>;
  /**
   * A libfaketime timestamp file: the shell's wall clock follows it (e.g. "+3600"), its monotonic clock
   * does not, as across a laptop's sleep, where timers do not notice the hour that passed.
   */
  wallClockFile?: string;
  /** The script the process runs, when not dist/electron/main.cjs (a staged app, the desktop smoke test's bootstrap). */
  main?: string;
}

/** Debian's libfaketime (package faketime), which .ci/run installs. */
export function faketimeLibrary(): string {
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const lib = `/usr/lib/${arch}-linux-gnu/faketime/libfaketimeMT.so.1`;
  if (!existsSync(lib)) throw new Error(`libfaketime is missing (${lib}): apt-get install -y faketime (.ci/run does)`);
  return lib;
}

function clockEnv(file: string | undefined): Record<string, string> {
  if (!file) return {};
  return { LD_PRELOAD: faketimeLibrary(), FAKETIME_TIMESTAMP_FILE: file, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
}

/** A running shell. */
export interface ShellProcess {
  pid: number;
  /** Everything it printed (stdout and stderr). */
  output(): string;
  send<T = unknown>(command: StandInCommand): Promise<T>;
  snapshot(): Promise<ShellSnapshot>;
  /** Resolves with check's first truthy answer, asking every 25 ms; throws after timeoutMs naming `what`. */
  waitFor<T>(what: string, check: (snapshot: ShellSnapshot) => T | null | undefined | false, timeoutMs?: number): Promise<T>;
  /** Messages the stand-in sends by itself (webContents.send, loadURL). */
  onMessage(listener: (message: StandInMessage) => void): () => void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still alive (test clean-up). */
  kill(): Promise<void>;
}

export async function startShell(options: ShellOptions): Promise<ShellProcess> {
  const main = options.main ?? MAIN;
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build:main\` first (\`npm test\` does)`);
  const config: StandInConfig = {
    bundle: await standInBundle(),
    platform: options.platform ?? 'darwin',
    userData: options.userData ?? mkdtempSync(join(tmpdir(), 'agent-os-user-data-')),
  };
  // Nothing of the test runner's own Agent OS set-up leaks in.
  const env: NodeJS.ProcessEnv = { ...options.launchEnv };
  // Which login shell tasks' PATH comes from (the test configs turn it off) is kept.
  if (!options.launchEnv) for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AGENT_OS_') || k === 'AGENT_OS_LOGIN_SHELL') env[k] = v;
  const child: ChildProcess = fork(main, [], {
    // Electron's own defaults: unhandled rejections warn; --expose-gc lets the stand-in collect garbage.
    execArgv: ['--expose-gc', '--unhandled-rejections=warn', '--require', LOADER],
    env: { ...env, ...options.env, ...clockEnv(options.wallClockFile), AGENT_OS_HOME: options.home, AGENT_OS_STAND_IN: JSON.stringify(config), NO_COLOR: '1' },
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Set<(message: StandInMessage) => void>();
  child.on('message', (message: StandInMessage) => {
    if (message.type === 'reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.error));
      return;
    }
    for (const listener of listeners) listener(message);
  });
  void exited.then(({ code, signal }) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the shell exited (${String(code ?? signal)}) before answering:\n${output}`));
    pending.clear();
  });
  let nextId = 1;
  const send = <T>(command: StandInCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`the shell is not running (it printed:\n${output})`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const message: CommandMessage = { type: 'command', id, command };
      child.send(message);
    });
  const snapshot = (): Promise<ShellSnapshot> => send<ShellSnapshot>({ name: 'snapshot' });
  return {
    pid: child.pid ?? -1,
    output: () => output,
    send,
    snapshot,
    async waitFor(what, check, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last: ShellSnapshot | null = null;
      for (;;) {
        last = await snapshot();
        const answer = check(last);
        if (answer) return answer;
        if (Date.now() > deadline)
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; tray: ${JSON.stringify(last.tray)}\nshell output:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { commandArgv, supervise, type OutputSink, type RunningProcess, type SpawnSpec } from './spawn-process';

/**
 * A task's process forked ahead of its scheduled time and held before exec: a /bin/sh that waits for one
 * line on stdin (the run id), exports it as AGENT_OS_RUN_ID and execs the task's command in place, so the
 * pid, the process group and the environment are the task's own. Forking a large process costs ~1.5 ms
 * of the engine's thread; a held process is released by a write, so many tasks due in the same second
 * all start on time. If the engine goes away, stdin closes and the shell exits without running anything.
 */
export interface HeldProcess {
  readonly pid: number | null;
  /** False once the held shell ended (discarded, killed, or it could not start). */
  readonly alive: boolean;
  /** Execs the task now; output goes to `onOutput` and the timeout counts from here. */
  release(runId: number, onOutput: OutputSink): RunningProcess;
  /** Ends the held shell without running the task. */
  discard(): void;
}

/** Variables a shell sets by itself; unset again before the exec unless the task's environment has them. */
const SHELL_OWN = ['PWD', 'OLDPWD', 'SHLVL'];

/** The held shell's script: wait for the run id, then exec the task with exactly its own environment. */
export function holdScript(env: Record<string, string>): string {
  const unset = SHELL_OWN.filter((name) => !(name in env));
  // bash (macOS's /bin/sh) puts SHLVL back into the environment of what it execs: env(1) takes it out.
  const viaEnv = 'SHLVL' in env ? '' : ' [ -z "${BASH_VERSION:-}" ] || exec /usr/bin/env -u SHLVL -- "$@" </dev/null;';
  return `IFS= read -r AGENT_OS_RUN_ID || exit 0; export AGENT_OS_RUN_ID;${unset.length ? ` unset ${unset.join(' ')};` : ''}${viaEnv} exec "$@" </dev/null`;
}

/**
 * Whether `command` can be held: its program and its cwd exist now. Otherwise the run starts the usual
 * way at its time and reports "command not found" as any run does.
 */
export function canHold(command: string | readonly string[], cwd: string, env: Record<string, string>): boolean {
  try {
    if (!statSync(cwd).isDirectory()) return false;
  } catch {
    return false;
  }
  const [file] = commandArgv(command);
  if (!file) return false;
  const candidates = file.includes('/')
    ? [isAbsolute(file) ? file : resolve(cwd, file)]
    : (env.PATH ?? '').split(delimiter).map((dir) => join(resolve(cwd, dir || '.'), file));
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

/** Forks the held shell for `spec` (its env without AGENT_OS_RUN_ID, which the release supplies). */
export function spawnHeld(spec: Omit<SpawnSpec, 'onOutput'>): HeldProcess {
  const [file, args] = commandArgv(spec.command);
  const child = spawn('/bin/sh', ['-c', holdScript(spec.env), 'agent-os-task', file, ...args], {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Nothing should be printed before the release; whatever is goes to the run's log once it has one.
  const early: Array<[string, 'stdout' | 'stderr']> = [];
  let sink: OutputSink = (text, stream) => early.push([text, stream]);
  const supervised = supervise(child, file, spec, () => sink);
  let ended = child.pid === undefined;
  void supervised.running.done.then(() => (ended = true));
  child.stdin.on('error', () => undefined); // EPIPE when the shell is already gone; its outcome says so.
  let released = false;
  return {
    pid: child.pid ?? null,
    get alive() {
      return !ended && !released;
    },
    release(runId, onOutput) {
      released = true;
      sink = onOutput;
      for (const [text, stream] of early.splice(0)) onOutput(text, stream);
      child.stdin.end(`${runId}\n`);
      supervised.startClock();
      return supervised.running;
    },
    discard() {
      if (released) return;
      released = true;
      child.stdin.destroy();
      supervised.running.cancel('shutdown');
    },
  };
}

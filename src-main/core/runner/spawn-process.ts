import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { processAlive } from './process-alive';
import { descendantsOf } from './process-tree';
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';

/** Decoded output of one stream of a task's process. */
export type OutputSink = (text: string, stream: 'stdout' | 'stderr') => void;

/** How to start a task's process. */
export interface SpawnSpec {
  /** argv (no shell) or a string for /bin/sh -c. */
  command: string | readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL to the process group. */
  killGraceMs: number;
  /** Decoded output of each stream as it arrives. */
  onOutput: OutputSink;
  onSpawn?: (pid: number) => void;
}

/** How the process ended. */
export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Why the process was stopped early: a user's cancel, or Agent OS shutting down. */
  cancelled: false | 'user' | 'shutdown';
  /** Set when the process could not start at all (e.g. command not found). */
  spawnError: string | null;
}

/** A started process: its outcome, and a way to stop it with its whole tree. */
export interface RunningProcess {
  pid: number | null;
  done: Promise<ProcessOutcome>;
  cancel(reason?: 'user' | 'shutdown'): void;
}

// After the main process exits, grandchildren may still hold stdout open; stop waiting for them after this.
const STREAM_DRAIN_MS = 2000;

type Child = ChildProcessByStdio<Writable | null, Readable, Readable>;

/** The argv a command runs as: a string goes to /bin/sh -c. */
export function commandArgv(command: string | readonly string[]): [string, string[]] {
  return typeof command === 'string' ? ['/bin/sh', ['-c', command]] : [command[0] ?? '', command.slice(1)];
}

/**
 * Starts a task in its own process group, so a timeout or cancel kills the whole tree
 * (TERM to the group, then KILL after the grace period).
 */
export function spawnProcess(spec: SpawnSpec): RunningProcess {
  const [file, args] = commandArgv(spec.command);
  const child = spawn(file, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const supervised = supervise(child, file, spec, () => spec.onOutput);
  supervised.startClock();
  return supervised.running;
}

/**
 * Watches a child in its own process group: output decoded to the sink `sink()` returns at the time,
 * the timeout (from `startClock()`), cancel with TERM then KILL to the group, and the outcome.
 */
export function supervise(
  child: Child,
  file: string,
  spec: Pick<SpawnSpec, 'timeoutMs' | 'killGraceMs' | 'onSpawn'>,
  sink: () => OutputSink,
): { running: RunningProcess; startClock(): void } {
  let timedOut = false;
  let cancelled: ProcessOutcome['cancelled'] = false;
  let killTimer: NodeJS.Timeout | undefined;
  let timeout: NodeJS.Timeout | undefined;

  // Descendants that left the group (setsid): found by parent chain when the kill starts, killed with it.
  let strays: number[] = [];
  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
    for (const pid of strays) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  const groupAlive = (): boolean => {
    if (child.pid === undefined) return false;
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = (): void => {
    if (child.pid !== undefined && !killTimer) strays = descendantsOf(child.pid);
    killGroup('SIGTERM');
    killTimer ??= setTimeout(() => killGroup('SIGKILL'), spec.killGraceMs);
  };

  const decoders = { out: new StringDecoder('utf8'), err: new StringDecoder('utf8') };
  child.stdout.on('data', (chunk: Buffer) => sink()(decoders.out.write(chunk), 'stdout'));
  child.stderr.on('data', (chunk: Buffer) => sink()(decoders.err.write(chunk), 'stderr'));

  const done = new Promise<ProcessOutcome>((resolve) => {
    let spawnError: string | null = null;
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError =
        error.code === 'ENOENT' ? `command not found: ${file} (check \`command\` and \`cwd\` in agent-os.yml)` : `could not start ${file}: ${error.message}`;
      if (child.pid === undefined) finish(null, null);
    });
    child.on('spawn', () => {
      if (child.pid !== undefined) spec.onSpawn?.(child.pid);
    });
    let finished = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timeout);
      // Keep the KILL timer only while members of the group are still there (they ignored TERM).
      if (killTimer && (!(timedOut || cancelled) || (!groupAlive() && !strays.some(processAlive)))) clearTimeout(killTimer);
      sink()(decoders.out.end(), 'stdout');
      sink()(decoders.err.end(), 'stderr');
      resolve({ exitCode, signal, timedOut, cancelled, spawnError });
    };
    child.on('exit', (code, signal) => {
      const streamsClosed = new Promise<void>((r) => child.on('close', () => r()));
      const drainLimit = new Promise<void>((r) => setTimeout(r, STREAM_DRAIN_MS).unref());
      void Promise.race([streamsClosed, drainLimit]).then(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      });
    });
  });

  return {
    running: {
      pid: child.pid ?? null,
      done,
      cancel(reason: 'user' | 'shutdown' = 'user'): void {
        cancelled = reason;
        stop();
      },
    },
    startClock(): void {
      timeout ??= setTimeout(() => {
        timedOut = true;
        stop();
      }, spec.timeoutMs);
    },
  };
}

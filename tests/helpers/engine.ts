// Helpers for scheduler and `agent-os serve` tests: an adjustable clock, a long-running engine in process
// or as a real `serve` child, and run rows read straight from the home's SQLite file.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ProjectInfo, Run, RunStatus, RunTrigger } from '../../src-main/common/models';
import { createCore, type Core } from '../../src-main/core';
import type { Clock } from '../../src-main/core/clock';
import { spawnCli } from './cli';
import { withDatabase } from './db';
import { afterEach, beforeEach } from 'vitest';
import { createSandbox, waitFor, type Sandbox } from './fixtures';

export { createClock, type TestClock } from './clock';

/** A test's sandbox and the engine it started in it (if any). */
export interface EngineSandbox {
  box: Sandbox;
  core: Core | null;
}

/** Per test: a fresh sandbox; after the test, the engine the test put in `core` is stopped and the sandbox removed. */
export function useEngineSandbox(): EngineSandbox {
  const t = { core: null } as EngineSandbox;
  beforeEach(() => {
    t.box = createSandbox();
  });
  afterEach(async () => {
    await t.core?.stop();
    t.core = null;
    t.box.cleanup();
  });
  return t;
}

/** One project as `projects.list` shows it; throws when there is none of that name. */
export function projectOf(core: Core, name: string): ProjectInfo {
  const found = core.handlers['projects.list']().find((p) => p.name === name);
  if (!found) throw new Error(`no project ${name}`);
  return found;
}

/** Creates a core for `home` and starts it with the engine (scheduler, watcher) on. */
export async function startEngine(home: string, clock?: Clock): Promise<Core> {
  const core = createCore(clock ? { home, clock } : { home });
  await core.start({ engine: true });
  return core;
}

/** A run row as stored, with the columns the scheduler fills in. */
export interface StoredRun {
  id: number;
  task_id: string;
  status: RunStatus;
  trigger: RunTrigger;
  scheduled_for: string | null;
  started_at: string | null;
  finished_at: string | null;
  pid: number | null;
  error: string | null;
}

/** Every run of a home (optionally of one task), oldest first, read from the SQLite file itself. */
export function storedRuns(home: string, task?: string): StoredRun[] {
  const columns = 'id, task_id, status, trigger, scheduled_for, started_at, finished_at, pid, error';
  return withDatabase(home, (db) =>
    task === undefined
      ? (db.prepare(`SELECT ${columns} FROM runs ORDER BY id`).all() as StoredRun[])
      : (db.prepare(`SELECT ${columns} FROM runs WHERE task_id = ? ORDER BY id`).all(task) as StoredRun[]),
  );
}

/** The runs of one task as the core lists them, oldest first. */
export function coreRuns(core: Core, task: string): Run[] {
  return core.handlers['runs.list']({ task, limit: 10_000 }).reverse();
}

/** A time span of a run that really ran. */
interface Span {
  id: number;
  started_at: string | null;
  finished_at: string | null;
}

/**
 * Pairs of runs whose [started_at, finished_at] intervals intersect. A run still going counts as going
 * on forever. Empty when the runs ran strictly one after the other.
 */
export function overlappingPairs(runs: readonly Span[]): Array<[number, number]> {
  const spans = runs
    .filter((r) => r.started_at !== null)
    .map((r) => ({ id: r.id, start: Date.parse(r.started_at ?? ''), end: r.finished_at === null ? Infinity : Date.parse(r.finished_at) }))
    .sort((a, b) => a.start - b.start);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i];
      const b = spans[j];
      if (a && b && b.start < a.end) pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}

/** Values that occur more than once. */
export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** A running `agent-os serve` child with its output so far. */
export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM and waits for the exit; SIGKILLs it if it takes longer than `timeoutMs`. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** config.yml lines that let `serve` bind any free port, so serve processes of parallel tests never collide. */
export const ANY_PORT = 'server:\n  port: 0\n';

/** The line `serve` prints once the engine is up. */
export const ENGINE_RUNNING = /engine running for /;

/** Follows a started serve-like process: collects its output, and stop() sends SIGTERM (SIGKILL when late). */
export function trackServe(child: ChildProcessWithoutNullStreams): ServeProcess {
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(timeoutMs = 15_000) {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Starts `agent-os serve` for `home`; resolves once it prints that the engine runs. */
export async function startServe(home: string, env?: Record<string, string>): Promise<ServeProcess> {
  const serve = trackServe(spawnCli(['serve'], { home, env }));
  try {
    const running = (): boolean => {
      if (ENGINE_RUNNING.test(serve.stdout())) return true;
      if (serve.child.exitCode !== null || serve.child.signalCode !== null)
        throw new Error(`agent-os serve exited before the engine ran: ${serve.stderr().trim()}`);
      return false;
    };
    await waitFor('serve to print "engine running"', running, { timeoutMs: 20_000, intervalMs: 25 });
  } catch (error) {
    await serve.stop(1000);
    throw error;
  }
  return serve;
}

/** A manifest for one project with the given tasks, each written as YAML lines under its id. */
export function manifest(name: string, tasks: Record<string, readonly string[]>): string {
  const blocks = Object.entries(tasks).map(([id, lines]) => `  ${id}:\n${lines.map((l) => `    ${l}`).join('\n')}`);
  return `name: ${name}\ntasks:\n${blocks.join('\n')}\n`;
}

// Runs the built CLI (`node bin/agent-os.js …`) as a real child process, the way a user or script does.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConfigError, RunStatus } from '../../src-main/common/models';

/** The checkout this test suite belongs to. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI entry point of package.json `bin`. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/agent-os.js', import.meta.url));
const CLI_BUNDLE = fileURLToPath(new URL('../../dist/headless/cli.mjs', import.meta.url));

/** How a CLI invocation ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options for one CLI invocation. */
export interface CliOptions {
  home: string;
  /** Extra variables for the CLI's own environment. */
  env?: Record<string, string>;
  /** Kill the CLI and fail after this long. */
  timeoutMs?: number;
}

/** The CLI's environment: this process's, minus any Agent OS settings, plus the test home. */
export function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Which login shell tasks' PATH comes from (the test configs turn it off) is kept.
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AGENT_OS_') || name === 'AGENT_OS_LOGIN_SHELL') env[name] = value;
  return { ...env, NO_COLOR: '1', AGENT_OS_HOME: home, ...extra };
}

/** Fails early with a readable message when `npm run build:main` has not been run. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`the CLI is not built (${CLI_BUNDLE} is missing): run \`npm run build:main\` first`);
}

/** Starts the CLI and returns the live process (stdout/stderr piped). */
export function spawnCli(args: readonly string[], options: CliOptions): ChildProcessWithoutNullStreams {
  assertCliBuilt();
  return spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env: cliEnv(options.home, options.env) });
}

/** Collects a started CLI's output until it exits. */
export function collect(child: ChildProcessWithoutNullStreams, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`agent-os ${child.spawnargs.slice(2).join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Runs `agent-os <args>` to its end. */
export async function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  // `npm run build:main` deletes and rewrites dist/headless; ride out a rebuild happening meanwhile.
  for (let waited = 0; !existsSync(CLI_BUNDLE) && waited < 20_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
  return collect(spawnCli(args, options), options.timeoutMs);
}

/** Runs a `--json` command that must succeed and parses its stdout. */
export async function cliJson<T>(args: readonly string[], options: CliOptions): Promise<T> {
  const result = await runCli(args, options);
  if (result.code !== 0) throw new Error(`agent-os ${args.join(' ')} exited ${String(result.code)}: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as T;
}

/** A row of `agent-os runs --json` (SPEC §10). */
export interface RunRow {
  id: number;
  task: string;
  status: RunStatus;
  trigger: string;
  started_at: string | null;
  finished_at: string | null;
  exit_code: number | null;
  error: string | null;
}

/** A row of `agent-os results <task> --json` (SPEC §10). */
export interface ResultRow {
  key: string | null;
  run_id: number;
  data: Record<string, unknown>;
  recorded_at: string;
}

/** A row of `agent-os projects --json` (SPEC §10). */
export interface ProjectRow {
  name: string;
  path: string;
  state: 'ok' | 'invalid';
  errors: ConfigError[];
  tasks: string[];
}

/** The `agent-os status --json` document (SPEC §10). */
export interface StatusDoc {
  projects: Array<{
    name: string;
    state: 'ok' | 'invalid';
    errors: ConfigError[];
    tasks: Array<{ id: string; kind: string; state: string; last_run: RunRow | null; next_run: string | null }>;
  }>;
}

/** The runs of a home, newest first, as `runs --json` prints them. */
export function listRuns(home: string, extraArgs: readonly string[] = []): Promise<RunRow[]> {
  return cliJson<RunRow[]>(['runs', '--json', '--limit', '100', ...extraArgs], { home });
}

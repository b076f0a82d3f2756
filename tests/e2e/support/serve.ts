// A real `agent-os serve` child process on a free port, and the check that nothing it started outlives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/agent-os.js', import.meta.url));
const DASHBOARD = /Dashboard: (http:\/\/\S+)/;

/** A running `agent-os serve`. */
export interface ServeProcess {
  /** The printed dashboard link, with `?token=…`. */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  token: string;
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then waits for it to exit; resolves to its exit code (or the signal name). */
  stop(): Promise<number | string | null>;
}

/** Starts `node bin/agent-os.js serve --port <port>` (default 0: any free one) for `home` and waits for the dashboard link. */
export async function startServe(home: string, timeoutMs = 30_000, extraEnv: Record<string, string> = {}, port = 0): Promise<ServeProcess> {
  if (!existsSync(fileURLToPath(new URL('../../../dist/renderer/index.html', import.meta.url)))) {
    throw new Error('the dashboard is not built: run `npm run build` first (`npm test` does)');
  }
  // Nothing of this process's own Agent OS set-up (admin keys, another home) leaks into the server.
  const env: NodeJS.ProcessEnv = {};
  // Which login shell tasks' PATH comes from (the test configs turn it off) is kept.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AGENT_OS_') || k === 'AGENT_OS_LOGIN_SHELL') env[k] = v;
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
    env: { ...env, ...extraEnv, AGENT_OS_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`agent-os serve printed no dashboard link within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (): void => {
      const match = DASHBOARD.exec(output);
      if (match?.[1]) done(() => resolve(match[1] as string));
    };
    const onExit = (code: number | null): void => fail(new Error(`agent-os serve exited with ${String(code)} before printing its link:\n${output}`));
    const done = (settle: () => void): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const fail = (error: Error): void => done(() => reject(error));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Live processes whose working folder, environment or command line mentions `marker` (a temp folder): the
 * server (its AGENT_OS_HOME) and every task it started (they run in their project folder, and their children
 * inherit it). Linux /proc only.
 */
export function processesMentioning(marker: string): Array<{ pid: number; cmdline: string }> {
  if (!existsSync('/proc/self/environ')) return [];
  const found: Array<{ pid: number; cmdline: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      // A zombie has an empty command line: it is gone, only not yet reaped by its parent.
      if (cmdline && (cwd.includes(marker) || environ.includes(marker) || cmdline.includes(marker))) found.push({ pid: Number(entry), cmdline });
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return found;
}

/** Sends a typed-enough API call with the token (for set-up and measurements, not for what the UI proves). */
export async function api<T>(serve: Pick<ServeProcess, 'origin' | 'token'>, name: string, arg: unknown = {}): Promise<T> {
  const response = await fetch(`${serve.origin}/api/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(arg),
  });
  const body = (await response.json()) as { result?: T; error?: string };
  if (!response.ok) throw new Error(`POST /api/${name} answered ${response.status}: ${body.error ?? ''}`);
  return body.result as T;
}

/** Resolves once `check` holds, checking every 50 ms; throws after `timeoutMs` saying what it waited for. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

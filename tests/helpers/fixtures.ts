// Shared set-up for tests that need a real Agent OS home and real project folders on disk.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away folder tree: `root` holds the Agent OS `home` and any project folders. */
export interface Sandbox {
  root: string;
  home: string;
  cleanup(): void;
}

/** Makes a fresh temp folder with an (empty) Agent OS home inside it. */
export function createSandbox(prefix = 'agent-os-test-'): Sandbox {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  return { root, home, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** What a project folder holds: its manifest text and, optionally, its `.env` file. */
export interface ProjectSpec {
  manifest: string;
  env?: Record<string, string>;
}

/** Writes `<root>/<folder>/agent-os.yml` (and `.env`) and returns the folder. */
export function writeProject(root: string, folder: string, spec: ProjectSpec): string {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'agent-os.yml'), spec.manifest);
  if (spec.env) {
    const lines = Object.entries(spec.env).map(([name, value]) => `${name}=${value}`);
    writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);
  }
  return dir;
}

/** A sandbox's config.yml scanning one root folder, `<sandbox>/projects` (not created: tests add to it); returns it. */
export function writeRootConfig(box: Sandbox): string {
  const root = join(box.root, 'projects');
  writeConfig(box.home, [], `roots:\n  - ${JSON.stringify(root)}\n`);
  return root;
}

/** Writes `<home>/config.yml` listing the project folders, plus any extra YAML lines. */
export function writeConfig(home: string, projects: readonly string[], extra = ''): void {
  const list = projects.map((p) => `  - ${JSON.stringify(p)}`).join('\n');
  // The machine's own /etc/cron.d would add an `unassigned` project to every status: tests opt in to it.
  const cron = /^cron:/m.test(extra) ? '' : 'cron:\n  dirs: []\n';
  writeFileSync(join(home, 'config.yml'), `projects:${projects.length ? `\n${list}` : ' []'}\n${cron}${extra}`);
}

/** Every regular file below a folder, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Files below `dir` whose bytes contain `needle` anywhere (binary-safe: the DB, -wal, -shm too). */
export function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return filesUnder(dir).filter((file) => readFileSync(file).includes(bytes));
}

/**
 * Whether a process has ended. A killed process whose parent is gone may stay a zombie until init reaps
 * it (this machine's init does not reap promptly); a zombie runs nothing, so it counts as ended.
 */
export function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true; // it vanished between the two looks
  }
}

/** Whether the pid is still taken at all (a zombie still takes it), i.e. not yet reaped. */
export function pidTaken(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Options for polling. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns something other than undefined/false, and returns that; throws with
 * `what` in the message after the deadline. Tests wait with this, never with fixed sleeps.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const interval = options.intervalMs ?? 100;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Reads a pid a task wrote to a file, once the file holds one. */
export function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** NAME=value lines printed by `env`, as a map. */
export function parseEnv(log: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of log.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) vars.set(line.slice(0, at), line.slice(at + 1));
  }
  return vars;
}

/** The variable names `env` printed, sorted. */
export const envNames = (log: string): string[] => [...parseEnv(log).keys()].sort();

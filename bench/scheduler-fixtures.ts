// Set-up for bench/scheduler.ts: homes with many scheduled tasks, realistic project trees under many roots,
// and a real `agent-os serve` child whose /proc figures can be read.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../bin/agent-os.js', import.meta.url));
const CLI_BUNDLE = fileURLToPath(new URL('../dist/headless/cli.mjs', import.meta.url));
/** Clock ticks per second for /proc/<pid>/stat times. */
export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** A temp folder holding an Agent OS home; `remove()` deletes it all. */
export interface BenchHome {
  root: string;
  home: string;
  remove(): void;
}

/** A fresh home whose config.yml holds `configYaml` (a free port, so no run collides with another serve). */
export function makeBenchHome(prefix: string, configYaml: string): BenchHome {
  const root = mkdtempSync(join(tmpdir(), `agent-os-bench-${prefix}-`));
  const home = join(root, 'home');
  mkdirSync(home);
  writeFileSync(join(home, 'config.yml'), `server:\n  port: 0\ncron:\n  dirs: []\n${configYaml}`);
  return { root, home, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes a project folder `<parent>/<name>` with the given task blocks (YAML lines under each id). */
export function writeBenchProject(parent: string, name: string, tasks: ReadonlyArray<[string, readonly string[]]>): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  const blocks = tasks.map(([id, lines]) => `  ${id}:\n${lines.map((l) => `    ${l}`).join('\n')}`);
  writeFileSync(join(dir, 'agent-os.yml'), `name: ${name}\ntasks:\n${blocks.join('\n')}\n`);
  return dir;
}

/** config.yml lines listing project folders. */
export function projectsYaml(dirs: readonly string[]): string {
  return `projects:\n${dirs.map((d) => `  - ${JSON.stringify(d)}`).join('\n')}\n`;
}

/** config.yml lines listing roots. */
export function rootsYaml(dirs: readonly string[]): string {
  return `roots:\n${dirs.map((d) => `  - ${JSON.stringify(d)}`).join('\n')}\n`;
}

/** Writes `count` small files spread over `dirs` sub-folders of `base`. */
function fill(base: string, dirs: number, count: number, ext: string): number {
  for (let d = 0; d < dirs; d++) mkdirSync(join(base, `d${d}`), { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(base, `d${i % dirs}`, `f${i}.${ext}`), `// ${i}\n`);
  return count;
}

/** Writes `count` files as npm packages (35 files each, in nested lib folders) under `<base>/node_modules`. */
function fillModules(base: string, count: number): number {
  const packages = Math.max(1, Math.ceil(count / 35));
  let written = 0;
  for (let p = 0; p < packages; p++) written += fill(join(base, 'node_modules', `pkg-${p}`, 'lib'), 3, Math.min(35, count - written), 'js');
  return written;
}

/**
 * One root as a developer's code folder looks: a project (manifest, .env, src/, node_modules/, .git/), an
 * app that is not a project (its own src/ and node_modules/) and a notes folder. Returns the files written.
 */
export function writeRealisticRoot(root: string, index: number, filesPerRoot: number): number {
  const project = writeBenchProject(root, `proj-${index}`, [['nightly', ['command: ["true"]', `schedule: "${index % 60} 3 * * *"`]]]);
  writeFileSync(join(project, '.env'), 'LOG_LEVEL=info\n');
  const share = (f: number): number => Math.floor(filesPerRoot * f);
  let written = 2;
  written += fillModules(project, share(0.35));
  written += fill(join(project, 'src'), 8, share(0.15), 'ts');
  written += fill(join(project, '.git', 'objects'), 16, share(0.05), 'obj');
  written += fillModules(join(root, 'webapp'), share(0.3));
  written += fill(join(root, 'webapp', 'src'), 6, share(0.1), 'tsx');
  written += fill(join(root, 'notes'), 4, filesPerRoot - written, 'md');
  return written;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size in MB (VmRSS of /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? Number.NaN) / 1024;
}

/** A running `agent-os serve`. */
export interface Serve {
  child: ChildProcessWithoutNullStreams;
  pid: number;
  /** Milliseconds from spawning the process to its "engine running" line. */
  startupMs: number;
  /** Throws, with what serve printed on stderr, if it is no longer running. */
  assertAlive(): void;
  stop(): Promise<void>;
}

/** Starts `agent-os serve [args]` for `home` (with `env` added) and resolves once it says the engine runs. */
export function startServe(home: string, args: readonly string[] = [], extraEnv: Record<string, string> = {}): Promise<Serve> {
  if (!existsSync(CLI_BUNDLE)) throw new Error('the CLI is not built: run `npm run build:main` first (npm run bench does)');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AGENT_OS_')) env[k] = v;
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { ...env, ...extraEnv, NO_COLOR: '1', AGENT_OS_HOME: home } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      const had = out.includes('engine running');
      out += chunk.toString('utf8');
      const assertAlive = (): void => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`agent-os serve ended early (${String(child.exitCode ?? child.signalCode)}): ${err.trim()}`);
      };
      if (!had && out.includes('engine running')) resolve({ child, pid: child.pid ?? -1, startupMs: performance.now() - t0, assertAlive, stop });
    });
    child.once('exit', (code) => reject(new Error(`agent-os serve exited (${String(code)}) before the engine ran: ${err.trim()}`)));
    setTimeout(() => {
      void stop();
      reject(new Error(`agent-os serve did not start within 120 s: ${err.trim()}`));
    }, 120_000).unref();
  });
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

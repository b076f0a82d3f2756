// The image's start, as far as it runs without a container engine: the Dockerfile's ENTRYPOINT + CMD with
// its ENV, as its USER, the checkout standing in for /app and a temp folder for the /data volume; the
// variables a platform sets (PORT, AGENT_OS_TOKEN, …) come on top, as `docker run -e` or Railway would.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chownSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { REPO_ROOT, assertCliBuilt } from './cli';
import { trackServe, type ServeProcess } from './engine';
import { waitFor } from './fixtures';
import { request } from './http';
import { readImageSpec, type ImageSpec } from './image-spec';

/** The node image's PATH (its ENV), plus wherever this machine's node is. */
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** How the container is started: as the Dockerfile's USER (docker run), or as root (Railway with RAILWAY_RUN_UID=0). */
export type StartAs = 'image-user' | 'root';

/** A running container-style server. */
export interface ContainerProcess extends ServeProcess {
  /** http://127.0.0.1:<PORT> */
  url: string;
  port: number;
  /** The environment it was started with (the image's ENV mapped to this machine, plus the platform's). */
  env: Record<string, string>;
}

/** The USER line as numbers: the image names its user numerically so this needs no passwd entry. */
export function imageUser(spec: ImageSpec = readImageSpec()): { uid: number; gid: number } {
  const [uid, gid] = (spec.user ?? '').split(':').map(Number);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`the Dockerfile's USER "${spec.user}" is not numeric uid:gid`);
  return { uid: uid as number, gid: gid as number };
}

/** Whether this test process can start a process as another user (it is root, with setpriv). */
export const canSwitchUser = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

/** Replaces the image's /app and /data with the checkout and the stand-in folder. */
export function mapPaths(value: string, data: string): string {
  return value.replace(/(^|[\s=:'"])\/app(?=\/|$)/g, `$1${REPO_ROOT.replace(/\/$/, '')}`).replace(/(^|[\s=:'"])\/data(?=\/|$)/g, `$1${data}`);
}

/** A free TCP port on loopback (what a platform's PORT would be). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Gives a folder tree to the image's user, as the image's `chown agentos /data` does for a fresh volume. */
export function giveToImageUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = imageUser();
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) giveToImageUser(path);
    else chownSync(path, uid, gid);
  }
}

/** The image's environment on this machine: its ENV (paths mapped) and what Docker adds (PATH, HOME). */
export function imageEnv(data: string, platform: Record<string, string>): Record<string, string> {
  const spec = readImageSpec();
  const env: Record<string, string> = { PATH: `${IMAGE_PATH}:${dirname(process.execPath)}`, HOME: data, LANG: 'C.UTF-8' };
  for (const [name, value] of Object.entries(spec.env)) env[name] = mapPaths(value, data);
  return { ...env, ...platform };
}

/** How to start it: the /data stand-in, the platform's variables, and as whom. */
export interface ContainerOptions {
  data: string;
  env?: Record<string, string>;
  as?: StartAs;
}

/** Starts the image's ENTRYPOINT + CMD; resolves once /healthz answers 200, as the platform waits. */
export async function startContainer(options: ContainerOptions): Promise<ContainerProcess> {
  const launched = await launchContainer(options);
  try {
    await waitFor(
      'the container-style server to answer /healthz',
      async () => {
        if (launched.child.exitCode !== null || launched.child.signalCode !== null)
          throw new Error(`the container exited before it was healthy: ${launched.stderr().trim() || launched.stdout().trim()}`);
        return (await request(launched.url, '/healthz').catch(() => ({ status: 0 }))).status === 200;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
  } catch (error) {
    await launched.stop(1000);
    throw error;
  }
  return launched;
}

/** Starts the image's ENTRYPOINT + CMD without waiting for it to become healthy (it may refuse to start). */
export async function launchContainer(options: ContainerOptions): Promise<ContainerProcess> {
  assertCliBuilt();
  const spec = readImageSpec();
  if (!existsSync(spec.entrypoint[0] ?? '')) throw new Error(`${spec.entrypoint[0]} is missing: install tini (apt-get install -y tini; .ci/run does)`);
  const port = Number(options.env?.PORT ?? (await freePort()));
  const env = imageEnv(options.data, { PORT: String(port), ...options.env });
  const argv = [...spec.entrypoint, ...spec.cmd].map((arg) => mapPaths(arg, options.data));
  const as = options.as ?? 'image-user';
  if (as === 'root' && process.getuid?.() !== 0) throw new Error('a root start needs the tests to run as root');
  const { uid, gid } = imageUser(spec);
  // Docker starts the entrypoint as USER; here setpriv does, when this process is root.
  const prefix = as === 'image-user' && canSwitchUser ? ['/usr/bin/setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'] : [];
  const [command, ...args] = [...prefix, ...argv];
  const child = spawn(command as string, args, { cwd: '/', env }) as ChildProcessWithoutNullStreams;
  return { ...trackServe(child), url: `http://127.0.0.1:${port}`, port, env };
}

/** Runs the image's HEALTHCHECK command with the container's environment; its exit code. */
export function runHealthcheck(env: Record<string, string>): number | null {
  const check = readImageSpec().healthcheck;
  if (!check?.cmd.length) throw new Error('the Dockerfile has no HEALTHCHECK CMD');
  const [command, ...args] = check.cmd;
  return spawnSync(command as string, args, { env, timeout: 10_000 }).status;
}

/** The uid a process runs as, from /proc. */
export function processUid(pid: number): number {
  const status = readFileText(`/proc/${pid}/status`);
  return Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
}

/** The parent pid and command name of a process, from /proc. */
export function processParent(pid: number): { ppid: number; parentName: string } {
  const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileText(`/proc/${pid}/status`))?.[1] ?? NaN);
  return { ppid, parentName: readFileText(`/proc/${ppid}/comm`).trim() };
}

/** Owner uid of a file. */
export function ownerOf(path: string): number {
  return statSync(path).uid;
}

function readFileText(path: string): string {
  return readFileSync(path, 'utf8');
}

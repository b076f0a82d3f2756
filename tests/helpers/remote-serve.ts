// A second Agent OS home served by a real `agent-os serve` child on a port of the test's choosing, standing in
// for an engine hosted elsewhere: it can be stopped and started again on the same port (a remote that goes
// away and comes back).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { spawnCli } from './cli';
import { waitFor } from './fixtures';

/** A free TCP port on loopback (taken and released; the test binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A running remote engine. */
export interface RemoteServe {
  url: string;
  /** Its home's API token (what the local engine's token_env holds). */
  token: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `agent-os serve --port <port> [args]` for `home` and waits until its API answers. */
export async function startRemoteServe(home: string, port: number, args: readonly string[] = [], env: Record<string, string> = {}): Promise<RemoteServe> {
  const child = spawnCli(['serve', '--port', String(port), ...args], { home, env });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(
    'the remote serve to print its dashboard link',
    () => {
      if (gone) throw new Error(`agent-os serve exited:\n${out}`);
      return /Dashboard: /.test(out);
    },
    { timeoutMs: 20_000 },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    token: env.AGENT_OS_TOKEN ?? readFileSync(join(home, 'token'), 'utf8').trim(),
    pid: child.pid ?? -1,
    output: () => out,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}

// `agent-os status|runs|logs|run --remote NAME` against a real remote `agent-os serve` (hosted mode, another
// home and port), and the local serve showing that remote beside its own projects.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRow, StatusDoc } from '../helpers/cli';
import { runCli } from '../helpers/cli';
import { manifest, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { freePort, startRemoteServe, type RemoteServe } from '../helpers/remote-serve';

let box: Sandbox;
let remoteHome = '';
let remote: RemoteServe;
let port = 0;
let env: Record<string, string> = {};

beforeAll(async () => {
  box = createSandbox('agent-os-cli-remote-');
  remoteHome = join(box.root, 'remote-home');
  mkdirSync(remoteHome);
  const shop = writeProject(box.root, 'shop', {
    manifest: manifest('shop', { sync: ['command: ["echo", "synced 42 orders"]'], broken: ['command: ["sh", "-c", "echo no database; exit 4"]'] }),
  });
  writeConfig(remoteHome, [shop]);
  port = await freePort();
  remote = await startRemoteServe(remoteHome, port, ['--host', '0.0.0.0'], { AGENT_OS_ALLOWED_HOSTS: 'agent.example.test' });
  const laptop = writeProject(box.root, 'laptop', { manifest: manifest('laptop', { notes: ['command: ["true"]'] }) });
  writeConfig(box.home, [laptop], `server:\n  port: 0\nremotes:\n  - name: prod\n    url: http://127.0.0.1:${port}\n`);
  env = { AGENT_OS_REMOTE_PROD_TOKEN: remote.token };
});

afterAll(async () => {
  await remote?.stop();
  box?.cleanup();
});

const cli = (args: string[], extra: Record<string, string> = env) => runCli(args, { home: box.home, env: extra });

describe('the CLI with --remote', () => {
  it('shows the remote engine’s status, not this machine’s', async () => {
    const result = await cli(['status', '--remote', 'prod', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as StatusDoc).projects.map((p) => p.name)).toEqual(['shop']);
  });

  it('runs a task there, waits with its log and exit code, and finds the run and its log there', async () => {
    const ok = await cli(['run', 'shop/sync', '--remote', 'prod', '--wait']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('synced 42 orders');
    const failed = await cli(['run', 'shop/broken', '--remote', 'prod', '--wait']);
    expect(failed.code).toBe(4);
    const runs = JSON.parse((await cli(['runs', '--remote', 'prod', '--json'])).stdout) as RunRow[];
    expect(runs.map((r) => [r.task, r.status])).toEqual([
      ['shop/broken', 'failed'],
      ['shop/sync', 'success'],
    ]);
    const log = await cli(['logs', String(runs[1]!.id), '--remote', 'prod']);
    expect(log.stdout).toBe('synced 42 orders\n');
    // Nothing ran on this machine.
    expect(JSON.parse((await cli(['runs', '--json'])).stdout)).toEqual([]);
  });

  it('says in one line what is wrong: an unknown remote, no token, a wrong token', async () => {
    const unknown = await cli(['status', '--remote', 'staging']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(`agent-os: no remote "staging" in ${join(box.home, 'config.yml')}; it lists prod (add one under \`remotes:\`)`);
    const noToken = await cli(['status', '--remote', 'prod'], {});
    expect(noToken.stderr.trim()).toBe('agent-os: remote "prod" needs its API token in AGENT_OS_REMOTE_PROD_TOKEN; set it in this shell');
    const wrong = await cli(['runs', '--remote', 'prod'], { AGENT_OS_REMOTE_PROD_TOKEN: 'f'.repeat(64) });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe(`agent-os: remote "prod" (http://127.0.0.1:${port}) refused the token (401); check AGENT_OS_REMOTE_PROD_TOKEN`);
  });
});

describe('the local serve with a remote', () => {
  let serve: ServeProcess | null = null;
  afterAll(async () => {
    await serve?.stop();
  });

  it('shows the remote and its projects after its own, and says when it is unreachable', async () => {
    serve = await startServe(box.home, env);
    const status = await waitFor(
      'the remote in status',
      async () => {
        const doc = JSON.parse((await cli(['status', '--json'])).stdout) as StatusDoc & {
          remotes?: Array<{ name: string; state: string; projects: unknown[] }>;
        };
        return doc.remotes?.[0]?.state === 'connected' && doc;
      },
      { timeoutMs: 15_000 },
    );
    expect(status.projects.map((p) => p.name)).toEqual(['laptop']);
    expect(status.remotes?.[0]).toMatchObject({ name: 'prod', url: `http://127.0.0.1:${port}` });
    const human = await cli(['status']);
    expect(human.stdout).toMatch(new RegExp(`▸ remote prod  http://127\\.0\\.0\\.1:${port}  connected\\n  shop  `));

    await remote.stop();
    const down = await cli(['status', '--remote', 'prod']);
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toMatch(
      new RegExp(`^agent-os: remote "prod" \\(http://127\\.0\\.0\\.1:${port}\\) did not answer \\(ECONNREFUSED\\); is it running\\?$`),
    );
    await waitFor('unreachable in the local status', async () => /▸ remote prod .* unreachable since/.test((await cli(['status'])).stdout), {
      timeoutMs: 15_000,
    });
  });
});

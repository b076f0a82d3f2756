// A remote engine shown beside the local one (config `remotes`): a real `agent-os serve` on another home and
// port, the local engine in this process. Its tasks are in status.get with its name, commands for them go to
// it, its alerts come through once, and when it goes away it says so, alerts after its grace, and recovers.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvents } from '../../src-main/common/api';
import type { RemoteEngineStatus, Run } from '../../src-main/common/models';
import { createCore, type Core } from '../../src-main/core';
import { listRuns } from '../helpers/cli';
import { manifest } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { jsonEvents, notifyConfig, startListener, type Listener } from '../helpers/listener';
import { freePort, startRemoteServe, type RemoteServe } from '../helpers/remote-serve';

// The remote runs as on a server (hosted mode): bound beyond loopback, with its public name allowed.
const HOSTED = ['--host', '0.0.0.0'];
const HOSTED_ENV = { AGENT_OS_ALLOWED_HOSTS: 'agent.example.test' };

let box: Sandbox;
let remoteHome = '';
let remote: RemoteServe | null = null;
let port = 0;
let local: Core | null = null;
let listener: Listener;

const remoteOf = (core: Core): RemoteEngineStatus | undefined => core.handlers['status.get']().remotes?.find((r) => r.name === 'prod');

async function startLocal(token: string, extra = ''): Promise<Core> {
  const laptop = writeProject(box.root, 'laptop', { manifest: manifest('laptop', { notes: ['command: ["true"]'] }) });
  writeConfig(
    box.home,
    [laptop],
    `remotes:\n  - name: prod\n    url: http://127.0.0.1:${port}\n    token_env: PROD_TOKEN\n    grace: 2s\n${extra}${notifyConfig([{ kind: 'json', url: listener.url('/hook') }], { retry_base: '1s' })}`,
  );
  local = createCore({ home: box.home, hostEnv: { ...process.env, PROD_TOKEN: token } });
  await local.start({ engine: true });
  return local;
}

beforeEach(async () => {
  box = createSandbox('agent-os-remotes-');
  remoteHome = join(box.root, 'remote-home');
  mkdirSync(remoteHome);
  const shop = writeProject(box.root, 'shop', {
    manifest: manifest('shop', { sync: ['command: ["echo", "synced"]'], broken: ['command: ["sh", "-c", "echo no database; exit 4"]'] }),
  });
  writeConfig(remoteHome, [shop]);
  port = await freePort();
  remote = await startRemoteServe(remoteHome, port, HOSTED, HOSTED_ENV);
  listener = await startListener();
});

afterEach(async () => {
  await local?.stop();
  local = null;
  await remote?.stop();
  remote = null;
  await listener.close();
  box.cleanup();
});

describe('a remote engine beside the local one', () => {
  it('shows its projects under its name, and runs its task there when asked', async () => {
    const core = await startLocal(remote!.token);
    const connected = await waitFor('the remote to connect', () => remoteOf(core)?.state === 'connected' && remoteOf(core), { timeoutMs: 10_000 });
    expect(connected).toMatchObject({ name: 'prod', url: `http://127.0.0.1:${port}`, error: null, paused_all: false });
    expect(connected.projects.map((p) => [p.name, p.tasks.map((t) => t.id)])).toEqual([['shop', ['shop/sync', 'shop/broken']]]);
    // The local projects stay as they were: remote ones are only under `remotes`.
    expect(core.handlers['status.get']().projects.map((p) => p.name)).toEqual(['laptop']);

    const changed: Array<CoreEvents['remote.changed']> = [];
    core.events.on('remote.changed', (e) => changed.push(e));
    const run = (await core.handlers['remotes.call']({ engine: 'prod', command: 'runs.start', arg: { task: 'shop/sync' } })) as Run;
    expect(run).toMatchObject({ task: 'shop/sync', trigger: 'manual' });
    await waitFor('the remote run to end, seen here', () => remoteOf(core)?.projects[0]?.tasks[0]?.last_run?.status === 'success', { timeoutMs: 10_000 });
    expect(changed.length).toBeGreaterThan(0);
    // It ran on the remote's engine, not here.
    expect((await listRuns(remoteHome)).map((r) => [r.task, r.status])).toEqual([['shop/sync', 'success']]);
    expect(core.handlers['runs.list']({})).toEqual([]);
  });

  it("passes on the remote's alerts once each, as remote.alert events", async () => {
    const core = await startLocal(remote!.token);
    await waitFor('the remote to connect', () => remoteOf(core)?.state === 'connected', { timeoutMs: 10_000 });
    const alerts: Array<CoreEvents['remote.alert']> = [];
    core.events.on('remote.alert', (e) => alerts.push(e));
    await core.handlers['remotes.call']({ engine: 'prod', command: 'runs.start', arg: { task: 'shop/broken' } });
    await waitFor('the remote failure alert', () => alerts.length === 1, { timeoutMs: 10_000 });
    expect(alerts[0]).toMatchObject({ engine: 'prod', event: 'opened', alert: { kind: 'failed', subject: 'shop/broken' } });
    // The remote's alert is not sent again by this engine's own channels (the remote sends it itself).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(alerts).toHaveLength(1);
    expect(jsonEvents(listener, 'failed', 'opened')).toEqual([]);
  });

  it('says when it is unreachable, alerts once past its grace, and reconnects when it is back', async () => {
    const core = await startLocal(remote!.token);
    await waitFor('the remote to connect', () => remoteOf(core)?.state === 'connected', { timeoutMs: 10_000 });
    await remote!.stop();
    const down = await waitFor('unreachable', () => remoteOf(core)?.state === 'unreachable' && remoteOf(core), { timeoutMs: 10_000 });
    expect(down.error).toMatch(/^(the connection was cut|the connection was refused: is it running\?|remote "prod" .* did not answer .*)$/);
    // Its last known projects stay visible while it is away.
    expect(down.projects.map((p) => p.name)).toEqual(['shop']);
    const opened = await waitFor('the unreachable alert', () => jsonEvents(listener, 'remote_unreachable', 'opened')[0], { timeoutMs: 15_000 });
    expect(opened.alert).toMatchObject({ subject: 'remote:prod', title: 'Agent OS server "prod" is unreachable' });
    expect(opened.alert.detail).toContain(`http://127.0.0.1:${port} has not answered since`);

    remote = await startRemoteServe(remoteHome, port, HOSTED, HOSTED_ENV);
    await waitFor('connected again', () => remoteOf(core)?.state === 'connected', { timeoutMs: 40_000 });
    await waitFor('the alert resolved', () => jsonEvents(listener, 'remote_unreachable', 'resolved').length === 1, { timeoutMs: 15_000 });
    expect(jsonEvents(listener, 'remote_unreachable', 'opened')).toHaveLength(1);
  });

  it('names the token variable when the remote refuses the token, and a missing one', async () => {
    const core = await startLocal('not-the-token');
    const refused = await waitFor('refused', () => remoteOf(core)?.state === 'unreachable' && remoteOf(core), { timeoutMs: 10_000 });
    expect(refused.error).toBe('it refused the token (401); check PROD_TOKEN');
    await expect(core.handlers['remotes.call']({ engine: 'prod', command: 'runs.list', arg: {} })).rejects.toThrow(
      `remote "prod" (http://127.0.0.1:${port}) refused the token (401); check PROD_TOKEN`,
    );
    await core.stop();
    local = createCore({ home: box.home, hostEnv: { PATH: process.env.PATH } });
    await local.start({ engine: true });
    expect(remoteOf(local)).toMatchObject({ state: 'unreachable', error: "no token: set PROD_TOKEN to the remote's API token" });
  });
});

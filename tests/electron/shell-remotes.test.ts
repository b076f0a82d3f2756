// The desktop app with a remote engine (config `remotes`, e.g. `agent-os serve` hosted 24/7): the built shell
// under the Electron stand-in, a real remote serve in hosted mode on another home. The menubar shows the
// remote's failure and its tasks, Run now ▸ on prod runs there, its alert is one native notification that
// opens the run through that engine, and a remote that goes away is "server unreachable".
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../helpers/cli';
import { manifest } from '../helpers/engine';
import { filesContaining, writeConfig, writeProject } from '../helpers/fixtures';
import { freePort, startRemoteServe, type RemoteServe } from '../helpers/remote-serve';
import { labels, trayReady, useShellBed } from './support/shell-bed';

describe('the desktop app with a remote engine', () => {
  const bed = useShellBed();
  let remote: RemoteServe | null = null;
  let remoteHome = '';
  let port = 0;

  beforeEach(async () => {
    remoteHome = join(bed.box.root, 'remote-home');
    mkdirSync(remoteHome);
    const shop = writeProject(bed.box.root, 'shop', {
      manifest: manifest('shop', { sync: ['command: ["echo", "synced"]'], broken: ['command: ["sh", "-c", "echo no database; exit 4"]'] }),
    });
    writeConfig(remoteHome, [shop]);
    port = await freePort();
    remote = await startRemoteServe(remoteHome, port, ['--host', '0.0.0.0'], { AGENT_OS_ALLOWED_HOSTS: 'agent.example.test' });
    writeConfig(bed.box.home, [bed.project], `server:\n  port: 0\nremotes:\n  - name: prod\n    url: http://127.0.0.1:${port}\n    grace: 1s\n`);
  });
  afterEach(async () => {
    await remote?.stop();
    remote = null;
  });

  it("shows the remote's failure, runs its tasks there, and notifies once with a click that opens the run through it", async () => {
    const shell = await bed.start({ platform: 'darwin', env: { AGENT_OS_REMOTE_PROD_TOKEN: remote!.token } });
    await trayReady(shell);
    let menu: string[] = [];
    for (let i = 0; i < 100 && !menu.includes('on prod'); i++) {
      await shell.send({ name: 'tray.rightClick' });
      const runNow = (await shell.snapshot()).popups.at(-1)?.find((m) => m.label === 'Run now');
      menu = labels(runNow?.submenu ?? []);
      if (!menu.includes('on prod')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(menu).toEqual(['demo', 'on prod']);

    await shell.send({ name: 'menu.click', from: 'popup', path: ['Run now', 'on prod', 'shop', 'broken'] });
    const failing = await shell.waitFor('the failing icon', (s) => (s.tray?.image === 'tray-failingTemplate.png' ? s : null));
    expect(failing.tray).toMatchObject({ title: '1' });
    // It ran on the remote engine.
    expect((await listRuns(remoteHome)).map((r) => [r.task, r.status])).toEqual([['shop/broken', 'failed']]);
    await shell.send({ name: 'tray.rightClick' });
    expect(labels((await shell.snapshot()).popups.at(-1) ?? [])).toContain('✘ prod: shop/broken');

    const notes = await shell.waitFor('the remote failure notification', (s) => (s.notifications.length > 0 ? s.notifications : null));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await shell.snapshot()).notifications).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: expect.stringMatching(/^prod: .*shop\/broken/), actions: ['Rerun'] });
    await shell.send({ name: 'notification.click', id: notes[0]!.id });
    const window = await shell.waitFor('the window at the remote run', (s) => (s.windows[0]?.visible ? s.windows[0] : null));
    const [run] = await listRuns(remoteHome);
    expect(window.loads.at(-1)).toBe(`app://agent-os/?run=${run!.id}&engine=prod`);
  });

  it("reruns a remote task on its engine from the notification's Rerun button", async () => {
    const shell = await bed.start({ platform: 'darwin', env: { AGENT_OS_REMOTE_PROD_TOKEN: remote!.token } });
    await trayReady(shell);
    // The demo project's 3 tasks and the remote's 2, none run yet: the remote is connected.
    await shell.waitFor('the remote connected', (s) => s.tray?.tooltip === 'Agent OS: 5 not run yet');
    await fetch(`http://127.0.0.1:${port}/api/runs.start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${remote!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ task: 'shop/broken' }),
    });
    const notes = await shell.waitFor('the remote failure notification', (s) => (s.notifications.length > 0 ? s.notifications : null));
    await shell.send({ name: 'notification.action', id: notes[0]!.id, index: 0 });
    await expect.poll(async () => (await listRuns(remoteHome)).length, { timeout: 15_000 }).toBe(2);
    expect((await listRuns(remoteHome))[0]).toMatchObject({ task: 'shop/broken', trigger: 'manual' });
  });

  it("keeps the remote's token in the keychain: a later start without it in the environment still connects", async () => {
    const userData = mkdtempSync(join(tmpdir(), 'agent-os-user-data-'));
    const first = await bed.start({ userData, env: { AGENT_OS_REMOTE_PROD_TOKEN: remote!.token } });
    await first.waitFor('the remote connected', (s) => s.tray?.tooltip === 'Agent OS: 5 not run yet');
    await first.send({ name: 'app.quit' }).catch(() => undefined);
    await first.exited;
    expect(filesContaining(bed.box.home, remote!.token)).toEqual([]);
    const second = await bed.start({ userData });
    await second.waitFor('the remote connected without the variable', (s) => s.tray?.tooltip === 'Agent OS: 5 not run yet');
  });

  it('says "server unreachable" when the remote goes away, and recovers when it is back', async () => {
    const shell = await bed.start({ platform: 'darwin', env: { AGENT_OS_REMOTE_PROD_TOKEN: remote!.token } });
    await trayReady(shell);
    // It goes away once it was connected.
    await shell.waitFor('the remote connected', (s) => s.tray?.tooltip === 'Agent OS: 5 not run yet');
    await remote!.stop();
    const away = await shell.waitFor('server unreachable', (s) => (s.tray?.tooltip.includes('server prod unreachable') ? s : null), 20_000);
    expect(away.tray?.image).toBe('tray-lateTemplate.png');
    await shell.send({ name: 'tray.rightClick' });
    expect(labels((await shell.snapshot()).popups.at(-1) ?? [])[0]).toBe('⚠ Server prod unreachable');
    // Past its grace it is an alert: one native notification says so.
    await shell.waitFor('the unreachable notification', (s) => s.notifications.some((n) => /Agent OS server "prod" is unreachable/.test(n.title)), 20_000);

    remote = await startRemoteServe(remoteHome, port, ['--host', '0.0.0.0'], { AGENT_OS_ALLOWED_HOSTS: 'agent.example.test' });
    await shell.waitFor('back', (s) => s.tray && !s.tray.tooltip.includes('unreachable') && s.tray.image === 'tray-okTemplate.png', 40_000);
  });
});

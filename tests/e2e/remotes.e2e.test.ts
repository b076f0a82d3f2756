// Two engines in one dashboard, in Chromium: a local `agent-os serve` whose config names a remote engine (a
// second real serve, in hosted mode on another home and port). The dashboard shows both engines' tasks, runs
// the remote's task there from its button, and says so when the remote goes away and when it is back.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { freePort, startRemoteServe, type RemoteServe } from '../helpers/remote-serve';
import { launchChromium, watchProblems } from './support/browser';
import { lowContrastTexts } from './support/page-checks';
import { startServe, until, type ServeProcess } from './support/serve';

const NO_CHROMIUM = lacks('chromium');

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));
const WAIT = { timeout: 20_000 };

function project(root: string, name: string, tasks: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const lines = Object.entries(tasks).map(([id, command]) => `  ${id}:\n    command: ${command}`);
  writeFileSync(join(dir, 'agent-os.yml'), `name: ${name}\ntasks:\n${lines.join('\n')}\n`);
  return dir;
}

describe.skipIf(NO_CHROMIUM)('the dashboard with a remote engine', () => {
  let root = '';
  let remoteHome = '';
  let port = 0;
  let remote: RemoteServe | null = null;
  let serve: ServeProcess | null = null;
  let browser: Browser | null = null;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'agent-os-e2e-remotes-'));
    const home = join(root, 'home');
    remoteHome = join(root, 'remote-home');
    mkdirSync(home);
    mkdirSync(remoteHome);
    const shop = project(root, 'shop', { sync: '["echo", "synced 42 orders"]', broken: '["sh", "-c", "echo no database; exit 4"]' });
    writeFileSync(join(remoteHome, 'config.yml'), `projects:\n  - ${JSON.stringify(shop)}\ncron:\n  dirs: []\n`);
    const laptop = project(root, 'laptop', { notes: '["true"]' });
    port = await freePort();
    writeFileSync(
      join(home, 'config.yml'),
      `projects:\n  - ${JSON.stringify(laptop)}\ncron:\n  dirs: []\nserver:\n  port: 0\nremotes:\n  - name: prod\n    url: http://127.0.0.1:${port}\n`,
    );
    remote = await startRemoteServe(remoteHome, port, ['--host', '0.0.0.0'], { AGENT_OS_ALLOWED_HOSTS: 'agent.example.test' });
    serve = await startServe(home, 30_000, { AGENT_OS_REMOTE_PROD_TOKEN: remote.token });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 420, height: 640 } })).newPage();
    watchProblems(page, 'dashboard', problems);
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await remote?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("shows both engines' tasks, and runs the remote's task on the remote from its button", async () => {
    await page.getByRole('tab', { name: 'Tasks', exact: true }).click();
    await page.getByRole('region', { name: 'Project laptop' }).waitFor(WAIT);
    const prod = page.getByRole('region', { name: 'Engine prod' });
    await prod.getByRole('region', { name: 'Project shop on prod' }).waitFor(WAIT);
    await prod.getByRole('button', { name: 'Run shop/sync now on prod', exact: true }).click();
    await prod.locator('li[data-task="shop/sync"][data-engine="prod"].state-ok').waitFor(WAIT);
    await prod.getByRole('button', { name: 'Run shop/broken now on prod', exact: true }).click();
    await prod.locator('li[data-task="shop/broken"].state-failing').waitFor(WAIT);
    // The header counts the remote's failure; Overview lists it with its engine.
    await page.getByRole('banner').getByRole('status').filter({ hasText: '1 failing' }).waitFor(WAIT);
    await page.getByRole('tab', { name: 'Overview', exact: true }).click();
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await attention.getByRole('button', { name: 'Run shop/broken now on prod', exact: true }).waitFor(WAIT);
    expect(await lowContrastTexts(page)).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'remotes-overview-light.png') });
    // The remote's log, read through the local engine.
    await page.getByRole('tab', { name: 'Tasks', exact: true }).click();
    await prod.getByRole('button', { name: /^Open run \d+ of shop\/sync$/ }).click();
    await page.getByLabel('Log').filter({ hasText: 'synced 42 orders' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    expect(problems).toEqual([]);
  });

  it('says when the remote goes away and when it is back, without a reload', async () => {
    await remote!.stop();
    await page.getByRole('banner').getByRole('status').filter({ hasText: 'prod unreachable' }).waitFor(WAIT);
    await page
      .getByRole('region', { name: 'Engine prod' })
      .getByText(/^Server prod is unreachable since .*\. Its last known state is shown\.$/)
      .waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'remotes-unreachable-light.png') });
    remote = await startRemoteServe(remoteHome, port, ['--host', '0.0.0.0'], { AGENT_OS_ALLOWED_HOSTS: 'agent.example.test' });
    await until(async () => !(await page.getByRole('banner').getByRole('status').textContent())?.includes('unreachable'), 45_000, 'the remote to be back');
    expect(problems.filter((p) => !p.includes('status.get'))).toEqual([]);
  });
});

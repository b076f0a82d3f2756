// The desktop app's tray window over IPC, in Chromium: the built renderer in a page that stands in for the
// shell's window, the built preload, and the built shell (under the Electron stand-in) answering through its
// real ipc-bridge and ipc-guard: sender check and schema check included. Screenshots at the window's size.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { listRuns } from '../helpers/cli';
import { trayReady, useShellBed } from '../electron/support/shell-bed';
import type { ShellProcess } from '../electron/support/shell-process';
import { launchChromium, watchProblems } from './support/browser';
import { lowContrastTexts, overflow } from './support/page-checks';
import { openTrayWindow, PAGE_ORIGIN, type TrayWindowPage } from './support/tray-window';

const NO_CHROMIUM = lacks('chromium');

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));
// The shell's TRAY_WINDOW_SIZE: the page is exactly as large as the window a user sees.
const VIEWPORT = { width: 420, height: 640 };
const WAIT = { timeout: 20_000 };

const tab = (page: Page, name: string): Promise<void> => page.getByRole('tab', { name, exact: true }).click();

type Bridge = { agentOs: { invoke(name: string, arg: unknown): Promise<unknown> } };
/** What window.agentOs.invoke(name, arg) does in the page: the value, or the error message the renderer sees. */
function invokeInPage(page: Page, name: string, arg: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return page.evaluate(
    ([n, a]) =>
      (globalThis as unknown as Bridge).agentOs.invoke(n, a).then(
        (value) => ({ ok: true, value }),
        (error: Error) => ({ ok: false, error: error.message }),
      ),
    [name, arg] as const,
  );
}

describe.skipIf(NO_CHROMIUM)('the tray window in Chromium, talking to the shell over IPC', () => {
  const bed = useShellBed();
  let browser: Browser;
  const open: Array<{ context: BrowserContext; window: TrayWindowPage }> = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    for (const { context } of open.splice(0)) await context.close();
    expect(problems.splice(0)).toEqual([]);
  });

  async function windowOf(shell: ShellProcess, colorScheme: 'light' | 'dark' = 'light'): Promise<TrayWindowPage> {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme });
    const window = await openTrayWindow(shell, context);
    watchProblems(window.page, `tray window (${colorScheme})`, problems);
    open.push({ context, window });
    return window;
  }

  it('lists the tasks, runs one from its button and shows the run arrive through IPC events, without a reload', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    const { page, calls, requests } = await windowOf(shell);
    await tab(page, 'Tasks');
    await page.locator('li[data-task="demo/hello"]').waitFor(WAIT);
    let navigations = 0;
    page.on('framenavigated', (frame) => (navigations += frame === page.mainFrame() ? 1 : 0));

    await page.getByRole('button', { name: 'Run demo/hello now', exact: true }).click();
    await page.locator('li[data-task="demo/hello"].state-ok').waitFor(WAIT);
    await page.getByRole('button', { name: /^Open run \d+ of demo\/hello$/ }).waitFor(WAIT);

    expect(navigations).toBe(0);
    const [run] = (await listRuns(bed.box.home)).filter((r) => r.task === 'demo/hello');
    expect(run).toMatchObject({ status: 'success', trigger: 'manual' });
    // Everything went through the shell's IPC handlers, as the app's own frame; nothing through HTTP.
    expect(calls.find((c) => c.channel === 'agent-os:runs.start')).toEqual({ channel: 'agent-os:runs.start', sender: 'app://agent-os/', ok: true });
    expect(calls.some((c) => c.channel === 'agent-os:status.get')).toBe(true);
    expect(calls.filter((c) => !c.ok)).toEqual([]);
    expect(requests.filter((r) => r.startsWith('/api'))).toEqual([]);
  });

  it('refuses a bad payload, an unknown command, and any call from a page that is not the app', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    const { page, calls } = await windowOf(shell);
    await page.getByRole('banner').getByRole('status').filter({ hasText: '3 not run yet' }).waitFor(WAIT);

    const bad = await invokeInPage(page, 'runs.start', { task: 42 });
    expect(bad).toEqual({
      ok: false,
      error: expect.stringMatching(/^Error invoking remote method 'agent-os:runs\.start': Error: invalid request for runs\.start: task: /),
    });
    const unknown = await invokeInPage(page, 'files.read', { path: '/etc/passwd' });
    // Only the contract's commands have handlers: anything else never reaches the shell's code.
    expect(unknown.error).toBe("Error invoking remote method 'agent-os:files.read': Error: No handler registered for 'agent-os:files.read'");

    // The window somehow ends up on another site (a redirect past will-navigate): its frame may not call.
    await page.context().route('http://evil.invalid/**', (route) => route.fulfill({ contentType: 'text/html', body: '<h1>not the app</h1>' }));
    await page.goto('http://evil.invalid/');
    const foreign = await invokeInPage(page, 'runs.start', { task: 'demo/hello' });
    expect(foreign.error).toMatch(/refused: IPC from an unknown frame \(http:\/\/evil\.invalid\)/);
    expect(calls.at(-1)).toMatchObject({ sender: 'http://evil.invalid/', ok: false });
    expect((await listRuns(bed.box.home)).filter((r) => r.task === 'demo/hello')).toEqual([]);
  });

  it('opens the run a notification click asks for, in the same window', async () => {
    const shell = await bed.start();
    await trayReady(shell);
    const { page } = await windowOf(shell);
    await tab(page, 'Tasks');
    await page.getByRole('button', { name: 'Run demo/flaky now', exact: true }).click();
    const { notifications } = await shell.waitFor('the failure notification', (s) => (s.notifications.length > 0 ? s : null));
    const [failed] = (await listRuns(bed.box.home)).filter((r) => r.task === 'demo/flaky');
    await shell.send({ name: 'notification.click', id: notifications[0]!.id });
    await page.waitForURL(`${PAGE_ORIGIN}/?run=${failed!.id}`, WAIT);
    await page
      .locator('.run-detail h2')
      .filter({ hasText: /failed$/ })
      .waitFor(WAIT);
    await page.locator('pre.log').filter({ hasText: 'checking' }).waitFor(WAIT);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`looks right at the window's size in ${scheme} mode: failing task first, nothing clipped, every text readable`, async () => {
      const shell = await bed.start();
      await trayReady(shell);
      const { page } = await windowOf(shell, scheme);
      await tab(page, 'Tasks');
      await page.getByRole('button', { name: 'Run demo/flaky now', exact: true }).click();
      await page.getByRole('button', { name: 'Run demo/hello now', exact: true }).click();
      await page.locator('li[data-task="demo/flaky"].state-failing').waitFor(WAIT);
      await page.locator('li[data-task="demo/hello"].state-ok').waitFor(WAIT);
      await page.screenshot({ path: join(SHOTS, `tray-window-tasks-${scheme}.png`) });
      expect(await lowContrastTexts(page)).toEqual([]);
      await tab(page, 'Overview');
      // Nothing wider than the window: no sideways scrolling, no element cut at the right edge.
      const wide = await overflow(page);
      expect(wide.cut).toEqual([]);
      expect(wide.scrollWidth).toBe(wide.width);
      // The failing task's Rerun button is on the first screen.
      const rerun = page.getByRole('region', { name: 'Needs attention' }).getByRole('button', { name: 'Run demo/flaky now', exact: true });
      const box = await rerun.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(VIEWPORT.height);
      expect(await lowContrastTexts(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `tray-window-${scheme}.png`) });
    });
  }
});

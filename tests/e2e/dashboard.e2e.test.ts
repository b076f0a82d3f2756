// The dashboard end to end: a real `agent-os serve` on a temp home, opened in Chromium through the link it
// prints. The home lists the bundled examples plus one slow project whose task prints a line every 300 ms.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Run } from '../../src-main/common/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { launchChromium, watchProblems } from './support/browser';
import { lowContrastTexts, overflow } from './support/page-checks';
import { api, processesMentioning, startServe, until, type ServeProcess } from './support/serve';

const NO_CHROMIUM = lacks('chromium');

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'bin', 'agent-os.js');
const EXAMPLES = ['backups', 'newsletter', 'trading'].map((name) => join(REPO, 'assets', 'examples', name));
const SHOTS = join(REPO, 'test-results', 'screenshots');
const SLOW_LINES = 15;
// The tray window's size (src-main/electron/window-options.ts TRAY_WINDOW_SIZE): what a user sees first.
const VIEWPORT = { width: 420, height: 640 };
const WAIT = { timeout: 20_000 };

// Runs in the page (a string: no bundler helpers leak in): records each change of the open run's log length
// and status as a MutationObserver sees the DOM change.
const TAIL_RECORDER = `(() => {
  window.__tail = [];
  const note = () => {
    const log = document.querySelector('pre.log');
    const heading = document.querySelector('.run-detail h2');
    if (!log || !heading) return;
    const lines = (log.textContent.match(/line \\d+ of/g) || []).length;
    const status = heading.textContent;
    const last = window.__tail[window.__tail.length - 1];
    if (!last || last.lines !== lines || last.status !== status) window.__tail.push({ lines, status });
  };
  new MutationObserver(note).observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true });
  note();
})()`;

/** The row of one task on the current view. */
const row = (page: Page, task: string): Locator => page.locator(`li[data-task="${task}"]`);
/** The header's health summary ("1 failing · 4 ok"). */
const health = (page: Page): Locator => page.getByRole('banner').getByRole('status');
/** Waits until `locator` shows `text`. */
const shows = (locator: Locator, text: string | RegExp): Promise<void> => locator.filter({ hasText: text }).first().waitFor(WAIT);
const tab = (page: Page, name: string): Promise<void> => page.getByRole('tab', { name, exact: true }).click();

describe.skipIf(NO_CHROMIUM)('the dashboard served by `agent-os serve`', () => {
  let root = '';
  let home = '';
  let serve: ServeProcess | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'agent-os-e2e-'));
    home = join(root, 'home');
    const slow = join(root, 'slowpoke');
    mkdirSync(home);
    mkdirSync(slow);
    writeFileSync(
      join(slow, 'agent-os.yml'),
      `name: slowpoke\ntasks:\n  count:\n    description: Prints a line every 300 ms.\n    command: ["sh", "-c", "i=1; while [ $i -le ${SLOW_LINES} ]; do echo \\"line $i of ${SLOW_LINES}\\"; i=$((i+1)); sleep 0.3; done"]\n` +
        // Exits at once though it should take 30 s (issue 16: min_duration): its runs fail with the reason.
        `  quick:\n    command: ["true"]\n    min_duration: 30s\n`,
    );
    // The machine's own /etc/cron.d jobs would add an `unassigned` project: this test is about ours.
    writeFileSync(join(home, 'config.yml'), `projects:\n${[slow, ...EXAMPLES].map((p) => `  - ${JSON.stringify(p)}`).join('\n')}\ncron:\n  dirs: []\n`);
    serve = await startServe(home);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
    page = await context.newPage();
    watchProblems(page, 'main page', problems);
  });

  afterAll(async () => {
    await browser?.close();
    // Safety net if a test failed before the SIGTERM test ran; that test asserts the clean exit itself.
    await serve?.stop();
    for (const p of processesMentioning(root)) process.kill(p.pid, 'SIGKILL');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('signs the browser in from the printed link and keeps it signed in with a cookie', async () => {
    if (!serve) throw new Error('serve did not start');
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    await page.goto(serve.url);
    await shows(health(page), /\d+ ok/);
    const cookies = await context.cookies(serve.origin);
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((c) => c.httpOnly)).toBe(true);
    // Without the token in the URL, the cookie alone signs the page in.
    await page.goto(`${serve.origin}/`);
    await tab(page, 'Tasks');
    await row(page, 'slowpoke/count').waitFor(WAIT);
    const projects = await page.locator('section[aria-label^="Project "]').evaluateAll((sections) => sections.map((s) => s.getAttribute('aria-label')));
    expect([...projects].sort()).toEqual(['Project backups', 'Project newsletter', 'Project slowpoke', 'Project trading']);
  });

  it('marks backups/snapshot failing after its run fails, with "1 failing" in the header', async () => {
    await tab(page, 'Tasks');
    await page.getByRole('button', { name: 'Run backups/snapshot now', exact: true }).click();
    await shows(row(page, 'backups/snapshot').locator('.badge'), 'Failing');
    await shows(health(page), '1 failing');
    expect(await row(page, 'backups/snapshot').locator('.task-error').textContent()).toContain('Connection refused');
    await tab(page, 'Overview');
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await attention.waitFor(WAIT);
    const rerun = attention.getByRole('button', { name: 'Run backups/snapshot now', exact: true });
    expect(await rerun.textContent()).toBe('Rerun');
    expect(await attention.locator('li[data-task]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')))).toEqual(['backups/snapshot']);
    expect(await health(page).textContent()).toMatch(/^1 failing/);
  });

  it('starts newsletter/fetch-feeds with one click and shows the run live, without a reload', async () => {
    await page.evaluate('window.__sameDocument = true');
    await tab(page, 'Tasks');
    const fetchFeeds = row(page, 'newsletter/fetch-feeds');
    await page.getByRole('button', { name: 'Run newsletter/fetch-feeds now', exact: true }).click();
    // The task sleeps one second between its two lines: long enough to see it running.
    await shows(fetchFeeds.locator('.badge'), 'Running');
    await shows(fetchFeeds.locator('.badge'), 'OK');
    await tab(page, 'Runs');
    await page.getByRole('listitem', { name: /^Run \d+ of newsletter\/fetch-feeds: success$/ }).waitFor(WAIT);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
  });

  it('tails the log of a running run: the text grows while it runs', async () => {
    await tab(page, 'Tasks');
    await page.getByRole('button', { name: 'Run slowpoke/count now', exact: true }).click();
    const open = row(page, 'slowpoke/count').getByRole('button', { name: /^Open run \d+ of slowpoke\/count$/ });
    await open.waitFor(WAIT);
    await open.click();
    const log = page.getByLabel('Log');
    // Note every change of (lines in the log, run status) as the page renders it, until the run is over.
    await page.evaluate(TAIL_RECORDER);
    await shows(page.locator('.run-detail h2'), /success$/);
    const changes = await page.evaluate<Array<{ lines: number; status: string }>>('window.__tail');
    const whileRunning = changes.filter((c) => / running$/.test(c.status)).map((c) => c.lines);
    // At least three different lengths seen while the run was still running: the log grew live, twice or more.
    expect(new Set(whileRunning).size).toBeGreaterThanOrEqual(3);
    expect(whileRunning).toEqual([...whileRunning].sort((a, b) => a - b));
    await shows(log, `line ${SLOW_LINES} of ${SLOW_LINES}`);
    expect(((await log.textContent()) ?? '').match(/line \d+ of/g)).toHaveLength(SLOW_LINES);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
  });

  it('lists the next runs of every scheduled task in the schedule view', async () => {
    await tab(page, 'Schedule');
    await page.locator('.timeline li').first().waitFor(WAIT);
    const tasks = new Set(await page.locator('.timeline-task').allTextContents());
    for (const task of ['backups/snapshot', 'backups/prune', 'newsletter/fetch-feeds', 'newsletter/send-digest', 'trading/volatility-check'])
      expect(tasks).toContain(task);
    expect(tasks).not.toContain('slowpoke/count');
    const days = await page.locator('.schedule-view section h2').allTextContents();
    expect(days.length).toBeGreaterThanOrEqual(1);
  });

  it('shows why a run that ended sooner than its min_duration failed, on its task row', async () => {
    await tab(page, 'Tasks');
    await page.getByRole('button', { name: 'Run slowpoke/quick now', exact: true }).click();
    await shows(row(page, 'slowpoke/quick').locator('.badge'), 'Failing');
    expect(await row(page, 'slowpoke/quick').locator('.task-error').textContent()).toMatch(/^finished in \d+ms; expected at least 30s$/);
  });

  it('renders every view in light and dark; screenshots go to test-results/screenshots', async () => {
    if (!browser || !serve) throw new Error('set-up failed');
    mkdirSync(SHOTS, { recursive: true });
    const backgrounds: Record<string, string> = {};
    // Per view and scheme: text below WCAG AA contrast and elements cut at the window's edge.
    const unreadable: Record<string, string[]> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ viewport: VIEWPORT, colorScheme: scheme });
      const p = await ctx.newPage();
      watchProblems(p, `${scheme} page`, problems);
      const shot = async (view: string): Promise<void> => {
        const found = [...(await lowContrastTexts(p)), ...(await overflow(p)).cut.map((el) => `${el} sticks out of the window`)];
        if (found.length > 0) unreadable[`${view} (${scheme})`] = found;
        await p.screenshot({ path: join(SHOTS, `${view}-${scheme}.png`) });
      };
      await p.goto(serve.url);
      await p.getByRole('region', { name: 'Needs attention' }).waitFor(WAIT);
      backgrounds[scheme] = await p.evaluate('getComputedStyle(document.body).backgroundColor');
      await shot('overview');
      await tab(p, 'Tasks');
      await row(p, 'slowpoke/count').waitFor(WAIT);
      await shot('tasks');
      await tab(p, 'Runs');
      const failed = p.getByRole('listitem', { name: /^Run \d+ of backups\/snapshot: failed$/ });
      await failed.waitFor(WAIT);
      await shot('runs');
      await failed.click();
      await shows(p.getByLabel('Log'), 'Connection refused');
      await shot('run');
      await p.getByRole('button', { name: 'Back', exact: true }).click();
      await tab(p, 'Schedule');
      await p.locator('.timeline li').first().waitFor(WAIT);
      await shot('schedule');
      await tab(p, 'Settings');
      await p.getByRole('region', { name: 'Project folders' }).locator('code').first().waitFor(WAIT);
      await shot('settings');
      await ctx.close();
    }
    expect(unreadable).toEqual({});
    expect(backgrounds.light).toBe('rgb(246, 247, 249)');
    expect(backgrounds.dark).toBe('rgb(21, 23, 27)');
    for (const view of ['overview', 'tasks', 'runs', 'run', 'schedule', 'settings']) {
      for (const scheme of ['light', 'dark']) expect(statSync(join(SHOTS, `${view}-${scheme}.png`)).size).toBeGreaterThan(5_000);
    }
    // The README's screenshot is refreshed on request only, so a test run leaves the checkout clean.
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(REPO, 'docs'), { recursive: true });
      copyFileSync(join(SHOTS, 'overview-light.png'), join(REPO, 'docs', 'screenshot.png'));
    }
  });

  it('logged no console error and no page error along the way', () => {
    expect(problems).toEqual([]);
  });

  it('stops on SIGTERM, ending a task that is still running, and leaves no process behind', async () => {
    if (!serve) throw new Error('serve did not start');
    await browser?.close();
    browser = null;
    const live = serve;
    const run = await api<Run>(live, 'runs.start', { task: 'slowpoke/count' });
    // The task's shell and its `sleep` run in the project folder, inside the temp root.
    await until(
      async () =>
        (await api<{ run: Run }>(live, 'runs.get', { id: run.id, log: false })).run.status === 'running' &&
        processesMentioning(root).some((p) => p.cmdline.startsWith('sh -c')),
      20_000,
      'slowpoke/count to be running',
    );
    const code = await serve.stop();
    expect(code).toBe(0);
    expect(processesMentioning(root)).toEqual([]);
    const runs = JSON.parse(
      execFileSync(process.execPath, [CLI, 'runs', '--json'], { env: { ...process.env, AGENT_OS_HOME: home }, encoding: 'utf8' }),
    ) as Run[];
    expect(runs.find((r) => r.id === run.id)?.status).toBe('interrupted');
  });
});

describe.skipIf(NO_CHROMIUM)('a first run', () => {
  let root = '';
  let serve: ServeProcess | null = null;
  let browser: Browser | null = null;

  beforeAll(() => void (root = mkdtempSync(join(tmpdir(), 'agent-os-e2e-fresh-'))));
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    for (const p of processesMentioning(root)) process.kill(p.pid, 'SIGKILL');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('opens the bundled example projects when no project is configured, so there is something real to see', async () => {
    const home = join(root, 'empty-home');
    mkdirSync(home);
    // No projects or roots (so the examples open); no system crontabs, which would be listed too.
    writeFileSync(join(home, 'config.yml'), 'cron:\n  dirs: []\n');
    serve = await startServe(home);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT });
    const problems: string[] = [];
    watchProblems(page, 'fresh home', problems);
    await page.goto(serve.url);
    // They run from a copy in the home (the install may be read-only), and the overview says they are examples.
    const note = page.getByRole('region', { name: 'Example projects' });
    await note.waitFor(WAIT);
    expect(await note.textContent()).toContain(`These are example projects, copied to ${join(home, 'examples')}`);
    await tab(page, 'Tasks');
    await row(page, 'backups/snapshot').waitFor(WAIT);
    const projects = await page.locator('section[aria-label^="Project "]').evaluateAll((sections) => sections.map((s) => s.getAttribute('aria-label')));
    expect(projects).toEqual(['Project backups', 'Project newsletter', 'Project trading']);
    expect(await row(page, 'trading/market-data').locator('.task-ping code').textContent()).toMatch(new RegExp(`^${serve.origin}/ping/\\S+$`));
    await browser.close();
    browser = null;
    expect(problems).toEqual([]);
    expect(await serve.stop()).toBe(0);
    serve = null;
    expect(processesMentioning(root)).toEqual([]);
  });

  it("starts when the home folder does not exist yet (a new user's ~/.local/share/agent-os)", async () => {
    serve = await startServe(join(root, 'not-created-yet', 'agent-os'));
    const answer = await fetch(serve.url, { redirect: 'manual' });
    expect(answer.status).toBeLessThan(400);
    expect(await serve.stop()).toBe(0);
    serve = null;
  });
});

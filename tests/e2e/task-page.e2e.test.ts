// Issue 26 in Chromium: a page per task (reached by clicking its name) whose durations chart has axes and
// values on hover, and the costs chart with a dated axis over 30 calendar days. A real `agent-os serve`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Run } from '../../src-main/common/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { launchChromium, watchProblems } from './support/browser';
import { lowContrastTexts, overflow } from './support/page-checks';
import { api, processesMentioning, startServe, type ServeProcess } from './support/serve';

const NO_CHROMIUM = lacks('chromium');

const SHOTS = join(fileURLToPath(new URL('../..', import.meta.url)), 'test-results', 'screenshots');
const WAIT = { timeout: 20_000 };
// Runs in the page (a string: the test's tsconfig has no DOM types): how many pixels of a canvas are green.
const GREEN_PIXELS = `(() => {
  const canvas = document.querySelector('.task-page .duration-chart canvas');
  const ctx = canvas && canvas.getContext('2d');
  if (!ctx) return 0;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let green = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 1] > 120 && data[i] < 60 && data[i + 2] < 100) green++;
  return green;
})()`;

describe.skipIf(NO_CHROMIUM)('the task page and the charts', () => {
  let root = '';
  let serve: ServeProcess | null = null;
  let browser: Browser | null = null;
  const problems: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'agent-os-e2e-task-'));
    const home = join(root, 'home');
    const photos = join(root, 'photos');
    mkdirSync(home);
    mkdirSync(photos);
    // Each run takes a little longer than the one before and reports what its model call cost.
    writeFileSync(
      join(photos, 'sync.sh'),
      'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count\nsleep "0.$n"\necho "synced $n albums"\necho \'{"type":"cost","usd":0.42,"provider":"openai","model":"gpt-4o-mini"}\' >> "$AGENT_OS_OUTPUT"\n[ $n -ne 3 ]\n',
    );
    writeFileSync(join(photos, 'agent-os.yml'), 'name: photos\ntasks:\n  sync:\n    command: ["sh", "sync.sh"]\n    schedule: "30 3 * * *"\n');
    writeFileSync(join(home, 'config.yml'), `projects:\n  - ${JSON.stringify(photos)}\ncron:\n  dirs: []\n`);
    serve = await startServe(home);
    for (let i = 0; i < 4; i++) {
      const run = await api<Run>(serve, 'runs.start', { task: 'photos/sync' });
      await api<Run>(serve, 'runs.wait', { id: run.id });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    for (const p of processesMentioning(root)) process.kill(p.pid, 'SIGKILL');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`opens a task's page from its name and charts its durations with axes and values on hover (${scheme})`, async () => {
      if (!browser || !serve) throw new Error('set-up failed');
      const ctx = await browser.newContext({ viewport: { width: 420, height: 900 }, colorScheme: scheme });
      const page: Page = await ctx.newPage();
      watchProblems(page, `${scheme} page`, problems);
      await page.goto(serve.url);
      await page.getByRole('tab', { name: 'Tasks', exact: true }).click();
      await page.getByRole('button', { name: 'Open task photos/sync', exact: true }).click();
      const task = page.getByRole('region', { name: 'Task photos/sync' });
      await task.getByText('Agent OS runs it').waitFor(WAIT);
      expect(await task.textContent()).toContain('At 03:30');
      expect(await task.locator('.task-stats').textContent()).toMatch(/^75% succeeded \(4 runs\)average \d+msp95 \d+ms$/);
      // uPlot draws the bars and both axes on its canvas; the legend carries the values.
      const chart = task.locator('.duration-chart .uplot');
      await chart.waitFor(WAIT);
      const box = await chart.locator('.u-over').boundingBox();
      if (!box) throw new Error('no plot area');
      expect(box.width).toBeGreaterThan(250);
      // Hover the last bar (the newest run, a success): the legend names the run and its duration.
      await page.mouse.move(box.x + box.width - 6, box.y + box.height - 4);
      const legend = chart.locator('.u-legend');
      await legend.filter({ hasText: /#\d+/ }).waitFor(WAIT);
      const values = await legend.locator('.u-value').allTextContents();
      expect(values[0]).toMatch(/^#\d+ /);
      expect(values[1]).toMatch(/^\d+ms$/);
      expect(values[2]).toBe('—');
      // A bar is drawn where the hovered run is (not a blank canvas): some pixel there is green.
      const painted = await page.evaluate<number>(GREEN_PIXELS);
      expect(painted).toBeGreaterThan(100);
      expect([...(await lowContrastTexts(page)), ...(await overflow(page)).cut]).toEqual([]);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `task-page-${scheme}.png`), fullPage: true });

      await page.getByRole('tab', { name: 'Costs', exact: true }).click();
      const costs = page.locator('.daily-chart .uplot');
      await costs.waitFor(WAIT);
      const plot = await costs.locator('.u-over').boundingBox();
      if (!plot) throw new Error('no costs plot');
      // The right end is today: four runs at $0.42.
      await page.mouse.move(plot.x + plot.width - 4, plot.y + plot.height - 4);
      await costs.locator('.u-legend').filter({ hasText: '$1.68' }).waitFor(WAIT);
      const day = (await costs.locator('.u-legend .u-value').first().textContent()) ?? '';
      expect(day).toBe(new Date().toISOString().slice(0, 10));
      // 30 calendar days: the left end is 29 days back, with no spend.
      await page.mouse.move(plot.x + 3, plot.y + plot.height - 4);
      await costs
        .locator('.u-legend')
        .filter({ hasText: new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10) })
        .waitFor(WAIT);
      expect([...(await lowContrastTexts(page)), ...(await overflow(page)).cut]).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `costs-${scheme}.png`), fullPage: true });
      await ctx.close();
    });
  }

  it('finds, copies and downloads the output of a run', async () => {
    if (!browser || !serve) throw new Error('set-up failed');
    const ctx = await browser.newContext({ viewport: { width: 420, height: 700 }, acceptDownloads: true });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });
    const page = await ctx.newPage();
    watchProblems(page, 'log page', problems);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Runs', exact: true }).click();
    await page.getByRole('listitem', { name: /^Run 3 of photos\/sync: failed$/ }).click();
    const log = page.getByLabel('Log', { exact: true });
    await log.filter({ hasText: 'synced 3 albums' }).waitFor(WAIT);
    await page.getByRole('searchbox', { name: 'Find in output' }).fill('albums');
    expect(await log.locator('mark').allTextContents()).toEqual(['albums']);
    await page.getByRole('button', { name: 'Copy output' }).click();
    await page.getByText('Copied.').waitFor(WAIT);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('synced 3 albums\n');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download output' }).click()]);
    expect(download.suggestedFilename()).toBe('photos-sync-run-3.log');
    const saved = join(root, 'saved.log');
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toBe('synced 3 albums\n');
    await ctx.close();
  });

  it('logged no console error and no page error', () => {
    expect(problems).toEqual([]);
  });
});

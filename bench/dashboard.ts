// The dashboard in Chromium against a real `agent-os serve` holding 500 tasks (50 projects x 10) and 1,000,000
// runs: first render of the Overview and of the (virtualized) Tasks list, filter-as-you-type in its search
// box, a run.finished event to its row, bundle size.
// In-page code is passed as strings: tsx (which runs the benches) wraps named functions in a `__name` helper
// that does not exist in the page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { Run } from '../src-main/common/models';
import { createCore } from '../src-main/core';
import { launchChromium } from '../tests/e2e/support/browser';
import { api, startServe } from '../tests/e2e/support/serve';
import { describeStats, makeHome, ms, stats, type BenchRow, type ProjectSpec } from './lib';
import { seedRuns } from './seed-runs';

const PROJECTS = 50;
const TASKS_PER_PROJECT = 10;
const TASKS = PROJECTS * TASKS_PER_PROJECT;
const RUNS = 1_000_000;
// What the Tasks list draws first (it is virtualized: only the rows in view are in the DOM).
const FIRST_ROWS = 10;
const FILTERS = 15;
const GLANCE_TARGET_MS = 50;
const RELOADS = 10;
const TAB_SWITCHES = 15;
const EVENT_SAMPLES = 20;
const RENDER_TARGET_MS = 100;
const EVENT_TARGET_MS = 100;
const BUNDLE_TARGET_KB = 250;
const ASSETS = fileURLToPath(new URL('../dist/renderer/assets/', import.meta.url));
const VITE_CONFIG = fileURLToPath(new URL('../src-renderer/vite.config.ts', import.meta.url));

function projectSpecs(): ProjectSpec[] {
  return Array.from({ length: PROJECTS }, (_, p) => {
    const name = `proj-${String(p).padStart(2, '0')}`;
    const tasks = Array.from({ length: TASKS_PER_PROJECT }, (_, t) =>
      t % 2 === 0 ? `  task-${t}:\n    command: ["/bin/true"]\n    schedule: "${t} 3 * * *"\n` : `  task-${t}:\n    command: ["/bin/true"]\n`,
    );
    return { name, manifest: `name: ${name}\ntasks:\n${tasks.join('')}` };
  });
}

/** Gzipped size of the production bundle's scripts and styles, in KB (level 9, as a CDN would serve it). */
function bundleKb(): { js: number; css: number; files: string[] } {
  if (!existsSync(ASSETS)) throw new Error('the dashboard is not built: run `npm run build` first');
  const files = readdirSync(ASSETS);
  const size = (ext: string): number =>
    files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gzipSync(readFileSync(join(ASSETS, f)), { level: 9 }).length, 0) / 1024;
  return { js: size('.js'), css: size('.css'), files };
}

// Runs before the page's own scripts: notes when the Overview first holds content (performance.now() counts
// from navigation start).
const OVERVIEW_PROBE = `
  window.__bench = { overview: null };
  new MutationObserver(() => {
    if (window.__bench.overview === null && document.querySelector('main .overview')) window.__bench.overview = performance.now();
  }).observe(document, { childList: true, subtree: true });
`;

interface LoadFigures {
  overview: number;
  statusAnswered: number;
  scriptLoaded: number;
  domContentLoaded: number;
}

async function loadOverview(page: Page, url: string): Promise<LoadFigures> {
  await page.goto(url);
  await page.waitForSelector('main .overview');
  return page.evaluate<LoadFigures>(`(() => {
    const status = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/status.get'));
    const script = performance.getEntriesByType('resource').find((e) => e.name.includes('/assets/') && e.name.endsWith('.js'));
    const nav = performance.getEntriesByType('navigation')[0];
    return { overview: window.__bench.overview, statusAnswered: status ? status.responseEnd : NaN, scriptLoaded: script ? script.responseEnd : NaN, domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN };
  })()`);
}

/** Clicks a tab inside the page and times it until `count` elements match `selector`, and until the next frame. */
function timeTab(page: Page, tab: string, selector: string, count: number): Promise<{ dom: number; frame: number }> {
  return page.evaluate<{ dom: number; frame: number }>(`new Promise((resolve, reject) => {
    const button = [...document.querySelectorAll('[role=tab]')].find((b) => b.textContent === ${JSON.stringify(tab)});
    if (!button) return reject(new Error('no tab ' + ${JSON.stringify(tab)}));
    let t0 = 0;
    let dom = null;
    const check = () => {
      if (dom !== null || document.querySelectorAll(${JSON.stringify(selector)}).length < ${count}) return;
      dom = performance.now() - t0;
      observer.disconnect();
      // The frame after the commit: rAF runs before paint, a message posted from it lands after.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ dom, frame: performance.now() - t0 });
        channel.port2.postMessage(null);
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document.querySelector('main'), { childList: true, subtree: true });
    t0 = performance.now();
    button.click();
    check();
  })`);
}

/** Types `query` into the Tasks search box and times it until exactly `count` rows, all of `prefix`, are drawn. */
function timeFilter(page: Page, query: string, prefix: string, count: number): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve, reject) => {
    const input = document.querySelector('input[aria-label="Search tasks"]');
    if (!input) return reject(new Error('no search box'));
    const rows = () => [...document.querySelectorAll('.projects li.task-row')];
    let t0 = 0;
    const check = () => {
      const shown = rows();
      if (shown.length !== ${count} || !shown.every((r) => (r.getAttribute('data-task') || '').startsWith(${JSON.stringify(prefix)}))) return;
      observer.disconnect();
      resolve(performance.now() - t0);
    };
    const observer = new MutationObserver(check);
    observer.observe(document.querySelector('main'), { childList: true, subtree: true });
    // A controlled React input: set the value as the browser would, then send the input event typing sends.
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    t0 = performance.now();
    setter.call(input, ${JSON.stringify(query)});
    input.dispatchEvent(new Event('input', { bubbles: true }));
    check();
    setTimeout(() => { observer.disconnect(); reject(new Error('the filter never showed ' + ${count} + ' rows')); }, 10000);
  })`);
}

// Logs, for the watched task's row, each change of (badge, last-run link) with Date.now(): the wall clock the
// server stamps finished_at with.
const ROW_PROBE = `(() => {
  window.__rows = [];
  window.__watch = null;
  let last = '';
  new MutationObserver(() => {
    if (!window.__watch) return;
    const row = document.querySelector('li[data-task="' + window.__watch + '"]');
    if (!row) return;
    const badge = row.querySelector('.badge')?.textContent ?? '';
    const link = row.querySelector('.task-meta button')?.getAttribute('aria-label') ?? '';
    const key = badge + '|' + link;
    if (key === last) return;
    last = key;
    window.__rows.push({ at: Date.now(), task: window.__watch, badge, link });
  }).observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true, attributes: true });
})()`;

interface RowChange {
  at: number;
  task: string;
  badge: string;
  link: string;
}

async function waitForRun(serve: { origin: string; token: string }, id: number): Promise<Run> {
  for (let i = 0; i < 500; i++) {
    const { run } = await api<{ run: Run }>(serve, 'runs.get', { id, log: false });
    if (run.finished_at) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`run ${id} did not finish`);
}

/** Starts a run of `task` through the API and measures finished_at -> its row showing OK with that run. */
async function eventToRow(page: Page, serve: { origin: string; token: string }, task: string): Promise<number> {
  // The list draws only the rows in view: search for the task so its row is on screen, as a user would.
  await page.getByRole('searchbox', { name: 'Search tasks' }).fill(task);
  await page.locator(`li[data-task="${task}"]`).waitFor();
  await page.evaluate(`window.__watch = ${JSON.stringify(task)}`);
  const started = await api<Run>(serve, 'runs.start', { task });
  const finished = await waitForRun(serve, started.id);
  if (finished.status !== 'success') throw new Error(`${task} run ${finished.id} ended ${finished.status}: ${finished.error ?? ''}`);
  const wanted = `Open run ${finished.id} of ${task}`;
  // Not page.waitForFunction: with a string it evaluates through eval, which the dashboard's CSP forbids.
  await page.evaluate(`new Promise((resolve, reject) => {
    const seen = () => window.__rows.some((r) => r.link === ${JSON.stringify(wanted)} && r.badge === 'OK');
    if (seen()) return resolve(true);
    const poll = setInterval(() => { if (seen()) { clearInterval(poll); clearTimeout(limit); resolve(true); } }, 10);
    const limit = setTimeout(() => { clearInterval(poll); reject(new Error('the row never showed run ' + ${JSON.stringify(wanted)})); }, 10000);
  })`);
  const rows = await page.evaluate<RowChange[]>('window.__rows');
  const shown = rows.find((r) => r.link === wanted && r.badge === 'OK');
  if (!shown || !finished.finished_at) throw new Error(`row of ${task} never showed run ${finished.id} as OK`);
  return shown.at - Date.parse(finished.finished_at);
}

export async function dashboardBench(): Promise<BenchRow[]> {
  // `npm run bench` builds only the main bundle; measure the dashboard as the sources stand now.
  await build({ configFile: VITE_CONFIG, logLevel: 'warn' });
  const bundle = bundleKb();
  console.log(`  bundle: ${bundle.files.join(', ')} — gzipped JS ${bundle.js.toFixed(1)} KB, CSS ${bundle.css.toFixed(1)} KB`);
  const { home, remove } = makeHome('dashboard', projectSpecs());
  const serveHandle: { stop: () => Promise<unknown> } = { stop: async () => undefined };
  const browserHandle: { close: () => Promise<void> } = { close: async () => undefined };
  try {
    // Migrations and the task catalog, then the history straight into SQLite.
    const core = createCore({ home });
    await core.start();
    const taskIds = core.handlers['status.get']().projects.flatMap((p) => p.tasks.map((t) => t.id));
    const paths = core.paths;
    await core.stop();
    if (taskIds.length !== TASKS) throw new Error(`expected ${TASKS} tasks, found ${taskIds.length}`);
    const seeded = seedRuns(paths.db, taskIds, RUNS, { days: 30, running: 0, logsDir: paths.runLogs });
    console.log(`  home: ${PROJECTS} projects × ${TASKS_PER_PROJECT} tasks; seeded ${seeded.inserted.toLocaleString('en')} runs in ${ms(seeded.ms)}`);

    const serve = await startServe(home);
    serveHandle.stop = serve.stop;
    const browser = await launchChromium();
    browserHandle.close = () => browser.close();
    const context = await browser.newContext({ viewport: { width: 960, height: 900 } });
    await context.addInitScript({ content: OVERVIEW_PROBE });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));

    // Overview: the first load (cold cache: the bundle comes over the wire) and reloads.
    const cold = await loadOverview(page, serve.url);
    const warm: LoadFigures[] = [];
    for (let i = 0; i < RELOADS; i++) warm.push(await loadOverview(page, serve.url));
    const overviewNav = stats(warm.map((w) => w.overview));
    const overviewAfterStatus = stats(warm.map((w) => w.overview - w.statusAnswered));
    const statusAnswered = stats(warm.map((w) => w.statusAnswered));
    const failing = await page.locator('section[aria-label="Needs attention"] li.task-row').count();
    console.log(
      `  cold load: script ${ms(cold.scriptLoaded)}, DOMContentLoaded ${ms(cold.domContentLoaded)}, status.get answered ${ms(cold.statusAnswered)}, Overview in the DOM ${ms(cold.overview)} (from navigation start)`,
    );
    console.log(`  Overview lists ${failing} task(s) under "Needs attention"`);
    console.log(describeStats('reload: navigation -> Overview', overviewNav));
    console.log(describeStats('reload: navigation -> status.get', statusAnswered));
    console.log(describeStats('reload: status.get -> Overview', overviewAfterStatus));

    // Tasks view: click -> its first rows in the DOM (virtualized), and -> the next frame.
    const tasksDom: number[] = [];
    const tasksFrame: number[] = [];
    const runsDom: number[] = [];
    for (let i = 0; i < TAB_SWITCHES; i++) {
      const t = await timeTab(page, 'Tasks', '.projects li.task-row', FIRST_ROWS);
      tasksDom.push(t.dom);
      tasksFrame.push(t.frame);
      const r = await timeTab(page, 'Runs', '.run-row', 10);
      runsDom.push(r.dom);
      await timeTab(page, 'Overview', 'main .overview', 1);
    }
    const firstTasks = { dom: tasksDom[0] ?? Number.NaN, frame: tasksFrame[0] ?? Number.NaN };
    const tasksDomStats = stats(tasksDom);
    const tasksFrameStats = stats(tasksFrame);
    const runsDomStats = stats(runsDom);
    console.log(`  first Tasks click: its first ${FIRST_ROWS} rows in the DOM after ${ms(firstTasks.dom)}, next frame after ${ms(firstTasks.frame)}`);
    console.log(describeStats(`Tasks click -> first ${FIRST_ROWS} rows in DOM`, tasksDomStats));
    console.log(describeStats('Tasks click -> next frame', tasksFrameStats));
    console.log(describeStats('Runs click -> rows in DOM (500 of 1M)', runsDomStats));

    // Filter as you type: one project's 10 tasks out of 500, then the search cleared again.
    await timeTab(page, 'Tasks', '.projects li.task-row', FIRST_ROWS);
    const filters: number[] = [];
    for (let i = 0; i < FILTERS; i++) {
      const project = `proj-${String((i * 7) % PROJECTS).padStart(2, '0')}`;
      filters.push(await timeFilter(page, project, `${project}/`, TASKS_PER_PROJECT));
      await page.getByRole('searchbox', { name: 'Search tasks' }).fill('');
    }
    const filterStats = stats(filters);
    console.log(describeStats('search box: type a project -> its 10 rows of 500 drawn', filterStats));

    // run.finished -> the row: runs started through the API, so only the event stream updates the page.
    await timeTab(page, 'Tasks', '.projects li.task-row', FIRST_ROWS);
    await page.evaluate(ROW_PROBE);
    const lags: number[] = [];
    for (let i = 0; i < EVENT_SAMPLES; i++) lags.push(await eventToRow(page, serve, taskIds[(i * 37) % taskIds.length] as string));
    const lagStats = stats(lags);
    console.log(describeStats('finished_at -> row shows OK (DOM)', lagStats));
    if (problems.length) throw new Error(`the page threw: ${problems.join('; ')}`);

    return [
      {
        name: 'Overview: navigation -> rendered, 500 tasks (median reload)',
        value: overviewNav.p50,
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: RENDER_TARGET_MS,
      },
      {
        name: 'Overview: status.get answer -> rendered (median)',
        value: overviewAfterStatus.p50,
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: RENDER_TARGET_MS,
      },
      { name: 'Overview: cold first load -> rendered', value: cold.overview, unit: 'ms', baseline: null, ratio: null, target: null },
      {
        name: 'Tasks click -> first rows in DOM, 500 tasks (median)',
        value: tasksDomStats.p50,
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: GLANCE_TARGET_MS,
      },
      { name: 'Tasks click -> next frame (median)', value: tasksFrameStats.p50, unit: 'ms', baseline: null, ratio: null, target: GLANCE_TARGET_MS },
      { name: 'Tasks click -> first rows in DOM (first click)', value: firstTasks.dom, unit: 'ms', baseline: null, ratio: null, target: null },
      {
        name: 'search box: a project typed -> its rows drawn, 500 tasks (median)',
        value: filterStats.p50,
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: GLANCE_TARGET_MS,
      },
      { name: 'search box: a project typed -> its rows drawn (p95)', value: filterStats.p95, unit: 'ms', baseline: null, ratio: null, target: null },
      { name: 'Runs click -> rows in DOM, 1M runs (median)', value: runsDomStats.p50, unit: 'ms', baseline: null, ratio: null, target: null },
      { name: 'run finished_at -> row shows OK (median)', value: lagStats.p50, unit: 'ms', baseline: null, ratio: null, target: EVENT_TARGET_MS },
      { name: 'run finished_at -> row shows OK (p95)', value: lagStats.p95, unit: 'ms', baseline: null, ratio: null, target: null },
      { name: 'dashboard bundle, JS gzipped', value: bundle.js, unit: 'KB', baseline: null, ratio: null, target: BUNDLE_TARGET_KB },
    ];
  } finally {
    await browserHandle.close();
    await serveHandle.stop();
    remove();
  }
}

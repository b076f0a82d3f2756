// Acceptance (SPEC §5, §7; issue 9): budget thresholds raise one alert each per period — 80 % and 100 % of
// a project's daily budget (manifest `budget:`) and of the overall monthly budget (config.yml `budgets:`),
// through the alerts engine, however often the same spend is re-ingested; a new day is a new period.
// Issue 25 §1: one open alert per budget and period — the 100 % alert replaces the 80 % one, which ends
// without a recovery notice.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import { createCore, type Core } from '../../src-main/core';
import { clockWithNow } from '../../src-main/core/clock';
import { runTask } from '../helpers/core';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { notifyConfig, startListener, type Listener } from '../helpers/listener';

const APPEND = (file: string): string => JSON.stringify(['sh', '-c', `cat ${file} >> "$AGENT_OS_OUTPUT"`]);

let box: Sandbox;
let core: Core;
let hook: Listener;
let lab = '';
let ops = '';
// A fixed mid-month noon, so no period boundary falls inside the test; `advanceDays` moves it.
let offsetMs = Date.parse('2026-03-14T12:00:00Z') - Date.now();
const now = (): Date => new Date(Date.now() + offsetMs);
const advanceDays = (days: number): void => {
  offsetMs += days * 86_400_000;
};

/** `lab/_costs` reports the day's total (replacing its earlier report); `lab/spend` and `ops/spend` add one cost line per run. */
const report = (usd: number): void =>
  writeFileSync(join(lab, 'report.jsonl'), `${JSON.stringify({ type: 'cost', usd, provider: 'openai', model: 'gpt-4o' })}\n`);
const spend = (dir: string, usd: number): void =>
  writeFileSync(join(dir, 'spend.jsonl'), `${JSON.stringify({ type: 'cost', usd, provider: 'anthropic', model: 'claude-sonnet-4-20250514' })}\n`);

async function run(task: string): Promise<void> {
  const { run: done, log } = await runTask(core, task);
  if (done.status !== 'success') throw new Error(`${task} ended ${done.status}: ${done.error ?? ''}\n${log}`);
}

const budgetAlerts = (): AlertWithDeliveries[] => core.handlers['alerts.list']({ limit: 1000 }).filter((a) => a.kind === 'budget');
/** Titles of the budget alerts still open, oldest first. */
const openTitles = (): string[] =>
  budgetAlerts()
    .filter((a) => a.state !== 'resolved')
    .sort((a, b) => a.id - b.id)
    .map((a) => a.title);
/** Budget alert titles, oldest first. */
const titles = (): string[] =>
  budgetAlerts()
    .sort((a, b) => a.id - b.id)
    .map((a) => a.title);

beforeAll(async () => {
  box = createSandbox();
  lab = writeProject(box.root, 'lab', {
    manifest: `name: lab\nbudget: { daily_usd: 2 }\ntasks:\n  spend:\n    command: ${APPEND('spend.jsonl')}\ncosts:\n  command: ${APPEND('report.jsonl')}\n`,
  });
  ops = writeProject(box.root, 'ops', { manifest: `name: ops\ntasks:\n  spend:\n    command: ${APPEND('spend.jsonl')}\n` });
  hook = await startListener();
  writeConfig(box.home, [lab, ops], `budgets:\n  monthly_usd: 10\n${notifyConfig([{ kind: 'json', url: hook.url('/hooks/budgets') }])}`);
  core = createCore({ home: box.home, clock: clockWithNow(now), hostEnv: {} });
  await core.start();
}, 30_000);

afterAll(async () => {
  await core.stop();
  await hook.close();
  box.cleanup();
});

describe("a project's daily budget", () => {
  it('reported spend of 1.70 against a 2 USD daily budget raises one 80 % alert', async () => {
    report(1.7);
    await run('lab/_costs');
    expect(titles()).toEqual(['lab reached 80 % of its daily budget']);
    const [alert] = budgetAlerts();
    expect(alert?.state).toBe('open');
    expect(alert?.detail).toContain('1.70 of 2.00 USD');
  });

  it('re-ingesting the same report keeps it at that one alert', async () => {
    await run('lab/_costs');
    await run('lab/_costs');
    expect(core.handlers['costs.overview']().projects.find((p) => p.project === 'lab')?.today_usd).toBeCloseTo(1.7, 9);
    expect(titles()).toEqual(['lab reached 80 % of its daily budget']);
  });

  it('more spend up to 1.90 still leaves one alert', async () => {
    spend(lab, 0.2);
    await run('lab/spend');
    expect(core.handlers['costs.overview']().projects.find((p) => p.project === 'lab')?.daily_budget?.spent_usd).toBeCloseTo(1.9, 9);
    expect(titles()).toEqual(['lab reached 80 % of its daily budget']);
  });

  it('crossing 2.00 (2.10) raises one 100 % alert, and further runs raise no more', async () => {
    await run('lab/spend');
    await run('lab/_costs');
    expect(core.handlers['costs.overview']().projects.find((p) => p.project === 'lab')?.daily_budget?.ratio).toBeCloseTo(1.05, 9);
    expect(titles()).toEqual(['lab reached 80 % of its daily budget', 'lab reached 100 % of its daily budget']);
    // The higher replaces the lower: one open alert for the budget and day, and no "recovered" for the 80 %.
    expect(openTitles().filter((t) => t.startsWith('lab '))).toEqual(['lab reached 100 % of its daily budget']);
    const eighty = budgetAlerts().find((a) => a.title === 'lab reached 80 % of its daily budget');
    expect(eighty?.state).toBe('resolved');
    expect(eighty?.deliveries.map((d) => d.event)).toEqual(['opened']);
  });

  it('the next day is a new period: spend past 100 % at once raises its 100 % alert alone, once', async () => {
    advanceDays(1);
    report(2.5);
    await run('lab/_costs');
    await run('lab/_costs');
    const daily = titles().filter((t) => t.startsWith('lab '));
    expect(daily).toEqual(['lab reached 80 % of its daily budget', 'lab reached 100 % of its daily budget', 'lab reached 100 % of its daily budget']);
    const subjects = budgetAlerts().map((a) => a.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    // Spend that jumps past 100 % at once opens the 100 % alert alone, and only it stays open (one per day).
    expect(openTitles().filter((t) => t.startsWith('lab '))).toEqual(['lab reached 100 % of its daily budget', 'lab reached 100 % of its daily budget']);
  });
});

describe('the overall monthly budget', () => {
  // lab has spent 2.10 + 2.50 = 4.60 this month so far.
  it('stays quiet below 80 % of 10 USD', () => {
    expect(core.handlers['costs.overview']().overall.monthly_budget?.spent_usd).toBeCloseTo(4.6, 9);
    expect(titles().filter((t) => t.startsWith('Overall'))).toEqual([]);
  });

  it('spend by another project crossing 8 USD raises one overall 80 % alert; re-runs up to 9.80 keep it at one', async () => {
    spend(ops, 3.6);
    await run('ops/spend');
    expect(titles().filter((t) => t.startsWith('Overall'))).toEqual(['Overall spend reached 80 % of its monthly budget']);
    spend(ops, 0.8);
    await run('ops/spend');
    await run('lab/_costs');
    expect(core.handlers['costs.overview']().overall.month_usd).toBeCloseTo(9.0, 9);
    spend(ops, 0.8);
    await run('ops/spend');
    expect(titles().filter((t) => t.startsWith('Overall'))).toEqual(['Overall spend reached 80 % of its monthly budget']);
  });

  it('crossing 10 USD raises one overall 100 % alert', async () => {
    spend(ops, 0.5);
    await run('ops/spend');
    await run('ops/spend');
    expect(core.handlers['costs.overview']().overall.month_usd).toBeCloseTo(10.8, 9);
    expect(titles().filter((t) => t.startsWith('Overall'))).toEqual([
      'Overall spend reached 80 % of its monthly budget',
      'Overall spend reached 100 % of its monthly budget',
    ]);
    expect(openTitles().filter((t) => t.startsWith('Overall'))).toEqual(['Overall spend reached 100 % of its monthly budget']);
  });

  it('ops has no budget of its own, so none of its spend raised a project alert', () => {
    expect(titles().filter((t) => t.startsWith('ops'))).toEqual([]);
  });
});

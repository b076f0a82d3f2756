// Issue 16 §2, the daily digest: `notify.digest: "08:00"` sends one message per channel each day with
// yesterday's failures and recoveries, tasks still failing, missed runs, spend yesterday and month to date
// against budgets, and the day's upcoming runs. A day is made of real runs (a downtime across a real stop and
// start for the missed run) on the engine's clock, then the clock is moved to 08:00 the next days.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../src-main/common/alerts';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { createClock, type TestClock } from '../helpers/engine';
import { waitFor, writeConfig } from '../helpers/fixtures';
import { jsonBody, notifyConfig, writeToggleProject, type Listener } from '../helpers/listener';

const bed = useAlertBed();
const COST_LINE = `echo '{"type":"cost","usd":1.5,"provider":"openai","model":"gpt-4o"}' >> "$AGENT_OS_OUTPUT"`;

/** Local time on the day `days` after `from`'s. */
function localAt(from: Date, days: number, hours: number, minutes = 0, seconds = 0): Date {
  const d = new Date(from);
  d.setDate(d.getDate() + days);
  d.setHours(hours, minutes, seconds, 0);
  return d;
}

/** Moves the clock to `to` (forward or back). */
const moveTo = (clock: TestClock, to: Date): void => clock.advance(to.getTime() - clock.now().getTime());
const hhmm = (iso: string): string => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};
const digestsOf = (l: Listener): Array<Digest> =>
  l.requests.flatMap((r) => {
    const body = r.json as { event?: string; digest?: Digest } | undefined;
    return body?.event === 'digest' && body.digest ? [body.digest] : [];
  });
const slackDigests = (l: Listener): string[] => l.requests.map((r) => JSON.stringify(r.json)).filter((t) => t.includes('Agent OS digest for'));

describe('the daily digest', () => {
  it("sends one digest per channel at 08:00 with yesterday's failures, recoveries, missed runs, spend and today's runs", async () => {
    const json = await bed.listen();
    const slack = await bed.listen();
    const clock = createClock();
    // The 10th of this month, 10:00 local: far from a month's end, so month to date is this month's.
    const day = localAt(new Date(), 0, 10);
    day.setDate(10);
    moveTo(clock, day);
    const shop = writeToggleProject(bed.box.root, 'shop', {
      extraTasks: {
        db: ['command: ["sh", "-c", "echo db: connection refused; exit 2"]'],
        costly: [`command: ${JSON.stringify(['sh', '-c', COST_LINE])}`],
        hourly: ['command: ["true"]', 'schedule: "30 11 * * *"'],
      },
    });
    appendFileSync(join(shop.dir, 'agent-os.yml'), 'budget: { daily_usd: 2, monthly_usd: 20 }\n');
    const config = [
      notifyConfig(
        [
          { kind: 'json', url: json.url('/hooks/digest') },
          { kind: 'slack', url: slack.url('/services/T0/B0/digest') },
        ],
        { digest: '08:00' },
      ),
      'budgets: { daily_usd: 10, monthly_usd: 100 }\n',
    ].join('');
    writeConfig(bed.box.home, [shop.dir], config);

    // The day: nightly fails and recovers, db fails for good, costly spends $1.50, hourly's 11:30 run is missed.
    let core: Core = await bed.engine(clock);
    expect((await runTask(core, 'shop/nightly')).run.status).toBe('failed');
    shop.failing(false);
    expect((await runTask(core, 'shop/nightly')).run.status).toBe('success');
    expect((await runTask(core, 'shop/db')).run.status).toBe('failed');
    expect((await runTask(core, 'shop/costly')).run.status).toBe('success');
    await core.stop();
    moveTo(clock, localAt(day, 0, 12));
    core = await bed.engine(clock);
    await core.idle();
    expect(core.handlers['runs.list']({ task: 'shop/hourly' }).map((r) => r.status)).toEqual(['success', 'missed']);
    // A slot missed while the engine was off and made good by its catch-up run is history, not news (issue 25):
    // it opens no alert; the digest lists it under missed runs.
    await waitFor('the catch-up run to be taken in', () => core.handlers['tasks.list']({}).find((t) => t.id === 'shop/hourly')?.state === 'ok');
    expect(core.handlers['alerts.list']({}).filter((a) => a.subject === 'shop/hourly')).toEqual([]);

    // Nothing at start-up: the first digest goes out at the next 08:00.
    moveTo(clock, localAt(day, 1, 8, 0, 5));
    const [sent] = await waitFor('the digest on the JSON channel', () => digestsOf(json).length > 0 && digestsOf(json));
    await slack.waitForRequests(1, 'the digest on the Slack channel');
    expect(sent?.day).toBe(`${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-10`);
    expect(sent?.failures.map((f) => [f.task, f.kind])).toEqual([
      ['shop/nightly', 'failed'],
      ['shop/db', 'failed'],
    ]);
    expect(sent?.failures[1]?.detail).toContain('db: connection refused');
    expect(sent?.recoveries.map((r) => r.task)).toEqual(['shop/nightly']);
    expect(sent?.still_failing).toEqual([expect.objectContaining({ task: 'shop/db', state: 'failing' })]);
    expect(sent?.missed.map((m) => [m.task, hhmm(m.at)])).toEqual([['shop/hourly', '11:30']]);
    expect(sent?.spend).toEqual([
      { project: null, yesterday_usd: 1.5, month_usd: 1.5, daily_budget_usd: 10, monthly_budget_usd: 100 },
      { project: 'shop', yesterday_usd: 1.5, month_usd: 1.5, daily_budget_usd: 2, monthly_budget_usd: 20 },
    ]);
    expect(sent?.upcoming.map((u) => [u.task, u.count, hhmm(u.first)])).toEqual([['shop/hourly', 1, '11:30']]);
    expect(sent?.text).toContain('Failures yesterday (2):');
    expect(sent?.text).toContain('shop: yesterday $1.50 of $2.00 daily budget; month to date $1.50 of $20.00 monthly budget');
    const slackText = slackDigests(slack)[0] ?? '';
    expect(slackText).toContain('Still failing (1):');
    expect(slackText).toContain('shop/db (failing since');

    // The next morning: one more digest per channel, about a day with no new failure; db still fails.
    moveTo(clock, localAt(day, 2, 8, 0, 5));
    await waitFor('the second digest on the JSON channel', () => digestsOf(json).length === 2);
    await slack.waitForRequests(2, 'the second digest on the Slack channel');
    const second = digestsOf(json)[1];
    expect(second?.failures).toEqual([]);
    expect(second?.still_failing.map((s) => s.task)).toEqual(['shop/db']);
    await waitFor('every digest delivery to be sent', () =>
      core.handlers['alerts.list']({})
        .filter((a) => a.kind === 'digest')
        .every((a) => a.deliveries.every((d) => d.status === 'sent')),
    );
    const recorded = core.handlers['alerts.list']({}).filter((a) => a.kind === 'digest');
    expect(recorded.map((a) => a.deliveries.length)).toEqual([2, 2]);
    expect(digestsOf(json)).toHaveLength(2);
    expect(slackDigests(slack)).toHaveLength(2);
    expect(json.requests.map((r) => jsonBody(r).event).filter((e) => e === 'digest')).toHaveLength(2);
  });
});

// Issue 22 "a slow handler" and issue 26 "schedule at 500 tasks": schedule.upcoming counts each task's fire
// times from its schedule, exactly, and folds a task firing more than a few times a day into one entry per
// day (first time, count, last time, pace), so the answer stays small however busy the schedules are.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { createCore } from '../../src-main/core';
import type { UpcomingRun } from '../../src-main/common/models';
import { buildDigest } from '../../src-main/core/alerts/digest';
import { openStore } from '../../src-main/core/db/store';
import { createClock, manifest } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'p', {
    manifest: manifest('p', {
      minutely: ['command: ["true"]', 'every: 1m'],
      'cron-minutely': ['command: ["true"]', 'schedule: "* * * * *"'],
      'five-min': ['command: ["true"]', 'schedule: "*/5 * * * *"'],
      'oslo-quarter': ['command: ["true"]', 'schedule: "*/15 * * * *"', 'timezone: Europe/Oslo'],
      hourly: ['command: ["true"]', 'schedule: "0 * * * *"'],
      daily: ['command: ["true"]', 'schedule: "0 3 * * *"'],
      'twice-daily': ['command: ["true"]', 'every: 12h'],
    }),
  });
  writeConfig(box.home, [dir]);
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

/** Local midnight of June 10, 2026 plus `days`. */
function midnight(days = 0): Date {
  const d = new Date(2026, 5, 10 + days);
  d.setHours(0, 0, 0, 0);
  return d;
}

async function upcomingAt(at: Date, hours: number): Promise<UpcomingRun[]> {
  core = createCore({ home: box.home, clock: createClock({ at: at.getTime(), frozen: true }) });
  await core.start();
  return core.handlers['schedule.upcoming']({ hours });
}

/** A task's entries on the local day starting at `day`. */
const onDay = (upcoming: UpcomingRun[], task: string, day: Date): UpcomingRun[] =>
  upcoming.filter((u) => u.task === `p/${task}` && Date.parse(u.at) >= day.getTime() && Date.parse(u.at) < day.getTime() + 86_400_000);
const total = (entries: UpcomingRun[]): number => entries.reduce((n, u) => n + (u.count ?? 1), 0);

describe('schedule.upcoming counts', () => {
  it('counts a full day exactly: 1440 for every minute, 288 for */5, 96 for */15 in Oslo, 24 hourly, 1 daily', async () => {
    const upcoming = await upcomingAt(midnight(), 48);
    const day = midnight(1);
    expect(onDay(upcoming, 'minutely', day)).toEqual([
      {
        task: 'p/minutely',
        kind: 'command',
        at: day.toISOString(),
        paused: false,
        count: 1440,
        last_at: new Date(day.getTime() + 86_340_000).toISOString(),
        every: 'minute',
      },
    ]);
    expect(onDay(upcoming, 'cron-minutely', day)).toMatchObject([{ at: day.toISOString(), count: 1440, every: 'minute' }]);
    expect(onDay(upcoming, 'five-min', day)).toMatchObject([{ at: day.toISOString(), count: 288, every: '5 minutes' }]);
    expect(total(onDay(upcoming, 'oslo-quarter', day))).toBe(96);
    expect(onDay(upcoming, 'oslo-quarter', day)[0]?.every).toBe('15 minutes');
    expect(onDay(upcoming, 'hourly', day)).toMatchObject([{ count: 24, every: 'hour' }]);
    const daily = onDay(upcoming, 'daily', day);
    expect(daily).toEqual([{ task: 'p/daily', kind: 'command', at: new Date(day.getTime() + 3 * 3_600_000).toISOString(), paused: false }]);
    expect(onDay(upcoming, 'twice-daily', day)).toHaveLength(2);
    // The first day starts strictly after now (00:00 itself is not upcoming): 1439 more that day.
    expect(total(onDay(upcoming, 'minutely', midnight()))).toBe(1439);
    expect(total(onDay(upcoming, 'five-min', midnight()))).toBe(287);
  });

  it('starts a folded day at the next fire time after now and ends it at the window', async () => {
    const now = new Date(midnight().getTime() + 10 * 3_600_000 + 2 * 60_000 + 30_000); // 10:02:30
    const upcoming = await upcomingAt(now, 1);
    expect(onDay(upcoming, 'five-min', midnight())).toMatchObject([
      {
        at: new Date(midnight().getTime() + (10 * 60 + 5) * 60_000).toISOString(),
        count: 12,
        last_at: new Date(midnight().getTime() + 11 * 60 * 60_000).toISOString(),
      },
    ]);
    expect(onDay(upcoming, 'minutely', midnight())).toMatchObject([{ count: 60 }]);
  });

  it('stays small over 7 days: at most a few entries per task and day, soonest first', async () => {
    const upcoming = await upcomingAt(midnight(), 168);
    const perTaskDay = new Map<string, number>();
    for (const u of upcoming) {
      const key = `${u.task} ${new Date(u.at).toDateString()}`;
      perTaskDay.set(key, (perTaskDay.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perTaskDay.values())).toBeLessThanOrEqual(4);
    expect(upcoming.length).toBeLessThanOrEqual(7 * 8 * 4);
    expect(total(upcoming.filter((u) => u.task === 'p/minutely'))).toBe(7 * 1440);
    expect(upcoming.map((u) => u.at)).toEqual([...upcoming.map((u) => u.at)].sort());
  });

  it("gives the digest each task's exact count for the rest of today, every minute included", async () => {
    const now = new Date(midnight().getTime() + 8 * 3_600_000); // 08:00
    await upcomingAt(now, 1);
    const running = core!;
    const store = openStore(running.paths.db);
    try {
      const digest = buildDigest(
        {
          store,
          status: () => running.handlers['status.get'](),
          upcoming: (_at, hours) => running.handlers['schedule.upcoming']({ hours }),
          budgets: () => ({ overall: {}, projects: new Map() }),
        },
        now,
      );
      const counts = Object.fromEntries(digest.upcoming.map((u) => [u.task, u.count]));
      expect(counts).toEqual({ 'p/minutely': 959, 'p/cron-minutely': 959, 'p/five-min': 191, 'p/oslo-quarter': 63, 'p/hourly': 15, 'p/twice-daily': 1 });
    } finally {
      store.close();
    }
  });

  it('counts a crontab line from its expression too: every minute is one line of 1440 a day', async () => {
    const cronDir = join(box.root, 'cron.d');
    mkdirSync(cronDir);
    writeFileSync(join(cronDir, 'jobs'), '* * * * * root /bin/echo tick\n0 4 * * * root /bin/echo nightly\n');
    writeConfig(box.home, [join(box.root, 'p')], `cron:\n  dirs: [${JSON.stringify(cronDir)}]\n`);
    const upcoming = await upcomingAt(midnight(), 48);
    const day = midnight(1);
    const fromCron = upcoming.filter((u) => u.kind === 'cron' && Date.parse(u.at) >= day.getTime() && Date.parse(u.at) < day.getTime() + 86_400_000);
    expect(fromCron.map((u) => [u.count ?? 1, u.every ?? null, u.at])).toEqual([
      [1440, 'minute', day.toISOString()],
      [1, null, new Date(day.getTime() + 4 * 3_600_000).toISOString()],
    ]);
  });
});

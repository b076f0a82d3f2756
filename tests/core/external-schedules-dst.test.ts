// Acceptance (issue 8): real plist fixtures (XML and binary; calendar dict, calendar array, interval,
// keep-alive) and the fake crontab give the right schedules and next runs through the engine's own
// status and schedule view, including launchd's "every minute of hour 3" for {Hour: 3}, across both
// Europe/Oslo DST changes of 2026 (the engine's clock is injected; launchd uses the machine's zone).
process.env.TZ = 'Europe/Oslo';

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StatusReport, TaskStatus, UpcomingRun } from '../../src-main/common/models';
import { createCore } from '../../src-main/core';
import { createClock } from '../helpers/clock';
import { FIXTURE_BIN, LAUNCH_AGENTS, SYSTEM_PATH, launchdDirsYaml, wallClock } from '../helpers/external-fixtures';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const OSLO = 'Europe/Oslo';
const HOUR = 3_600_000;
const U = 'unassigned/launchd-';
const HOUR_THREE = `${U}com-example-hour-three`;
const TWICE_WEEKLY = `${U}com-example-twice-weekly`;
const MONTH_ENDS = `${U}com-example-month-ends`;
const POLLER = `${U}com-example-poller`;
const KEEPALIVE = `${U}com-example-keepalive`;
const RESTART = `${U}com-example-restart-on-failure`;
const HALF_PAST_TWO = `${U}com-test-half-past-two`;
const EVERY_HALF_HOUR = `${U}com-test-every-half-hour`;
const BACKUP = 'proj/backup';
const SYNC = 'proj/sync';

// Until the schedule view is fast, one engine's first look can take several seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

let box: Sandbox;
const savedTz = process.env.TZ;

/** An XML plist as plutil writes it, for the two DST cases the committed fixtures do not cover. */
const calendarPlist = (label: string, calendar: Record<string, number>): string => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>${label}</string>
	<key>ProgramArguments</key>
	<array>
		<string>/usr/bin/true</string>
	</array>
	<key>StartCalendarInterval</key>
	<dict>
${Object.entries(calendar)
  .map(([k, v]) => `\t\t<key>${k}</key>\n\t\t<integer>${v}</integer>`)
  .join('\n')}
	</dict>
</dict>
</plist>
`;

beforeAll(() => {
  box = createSandbox('agent-os-external-dst-');
  const extra = join(box.root, 'MoreAgents');
  mkdirSync(extra);
  writeFileSync(join(extra, 'com.test.half-past-two.plist'), calendarPlist('com.test.half-past-two', { Hour: 2, Minute: 30 }));
  writeFileSync(join(extra, 'com.test.every-half-hour.plist'), calendarPlist('com.test.every-half-hour', { Minute: 30 }));
  const proj = writeProject(box.root, 'proj', {
    manifest: `name: proj
tasks:
  backup:
    launchd: com.example.nightly-backup
  sync:
    cron_match: /usr/local/bin/sync.sh
`,
  });
  writeConfig(box.home, [proj], launchdDirsYaml(LAUNCH_AGENTS, extra));
});

afterAll(() => {
  box.cleanup();
  process.env.TZ = savedTz;
});

interface Seen {
  upcoming: UpcomingRun[];
  status: StatusReport;
  /** How long the schedule view took to answer. */
  upcomingMs: number;
}

/** What the engine shows when its clock reads `iso`: status and the schedule view for the next `hours`. */
async function look(iso: string, hours: number): Promise<Seen> {
  const core = createCore({
    home: box.home,
    clock: createClock({ at: Date.parse(iso), frozen: true }),
    hostEnv: { PATH: `${FIXTURE_BIN}:${SYSTEM_PATH}`, HOME: box.root },
  });
  try {
    await core.start();
    const started = performance.now();
    const upcoming = core.handlers['schedule.upcoming']({ hours });
    return { upcoming, upcomingMs: performance.now() - started, status: core.handlers['status.get']() };
  } finally {
    await core.stop();
  }
}

// One engine per clock reading, shared by the tests that read it (starting one scans the whole machine).
const seen = new Map<string, Promise<Seen>>();
function engineAt(iso: string, hours: number): Promise<Seen> {
  const key = `${iso} ${hours}`;
  if (!seen.has(key)) seen.set(key, look(iso, hours));
  return seen.get(key) as Promise<Seen>;
}

const runsOf = (upcoming: UpcomingRun[], task: string): string[] => upcoming.filter((u) => u.task === task).map((u) => u.at);
const taskOf = (status: StatusReport, id: string): TaskStatus => {
  const task = status.projects.flatMap((p) => p.tasks).find((t) => t.id === id);
  if (!task) throw new Error(`status has no task ${id}`);
  return task;
};
const gapsMs = (times: string[]): number[] => times.slice(1).map((t, i) => Date.parse(t) - Date.parse(times[i] as string));
const osloTime = (iso: string): string => {
  const w = wallClock(iso, OSLO);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

describe('launchd and cron schedules in the schedule view', () => {
  it('runs {Hour: 3} from a binary plist every minute of local hour 3, one minute apart', async () => {
    const { upcoming, status } = await engineAt('2026-06-10T12:00:00.000Z', 48);
    const runs = runsOf(upcoming, HOUR_THREE);
    expect(runs).toHaveLength(120);
    expect(runs.every((t) => wallClock(t, OSLO).hour === 3)).toBe(true);
    expect(runs.slice(0, 60).map(osloTime)).toEqual(Array.from({ length: 60 }, (_, m) => `03:${String(m).padStart(2, '0')}`));
    expect(new Set(gapsMs(runs.slice(0, 60)))).toEqual(new Set([60_000]));
    expect(runs[0]).toBe('2026-06-11T01:00:00.000Z');
    expect(taskOf(status, HOUR_THREE)).toMatchObject({ kind: 'launchd', schedule: 'Hour 3', next_run: '2026-06-11T01:00:00.000Z' });
  });

  it('gives a claimed XML calendar dict its 03:15 run, on the claiming task and in the schedule view', async () => {
    const { upcoming, status } = await engineAt('2026-06-10T12:00:00.000Z', 48);
    expect(runsOf(upcoming, BACKUP)).toEqual(['2026-06-11T01:15:00.000Z', '2026-06-12T01:15:00.000Z']);
    expect(taskOf(status, BACKUP)).toMatchObject({ kind: 'launchd', schedule: 'Hour 3, Minute 15', next_run: '2026-06-11T01:15:00.000Z' });
    expect(upcoming.find((u) => u.task === BACKUP)).toMatchObject({ kind: 'launchd', paused: false });
    expect(runsOf(upcoming, `${U}com-example-nightly-backup`)).toEqual([]);
  });

  it('treats calendar arrays (XML and binary) as a union of their dicts, Weekday 7 being Sunday', async () => {
    // Friday 27 November 2026, 13:00 in Oslo; the next 7 days hold Sunday, Monday and the 1st.
    const { upcoming, status } = await engineAt('2026-11-27T12:00:00.000Z', 24 * 7);
    const weekly = runsOf(upcoming, TWICE_WEEKLY);
    expect(weekly).toEqual(['2026-11-29T17:30:00.000Z', '2026-11-30T08:00:00.000Z']);
    expect(weekly.map((t) => [wallClock(t, OSLO).weekday, osloTime(t)])).toEqual([
      [0, '18:30'],
      [1, '09:00'],
    ]);
    expect(runsOf(upcoming, MONTH_ENDS)).toEqual(['2026-12-01T05:00:00.000Z']);
    expect(taskOf(status, MONTH_ENDS).next_run).toBe('2026-12-01T05:00:00.000Z');
  });

  it('repeats a StartInterval job every 900 s from now and gives keep-alive jobs no clock time', async () => {
    const now = '2026-06-10T12:00:00.000Z';
    const { upcoming, status } = await engineAt(now, 48);
    const poller = runsOf(upcoming, POLLER);
    expect(poller).toHaveLength(192);
    expect(poller[0]).toBe('2026-06-10T12:15:00.000Z');
    expect(new Set(gapsMs(poller))).toEqual(new Set([900_000]));
    expect(taskOf(status, POLLER)).toMatchObject({ schedule: 'every 900s; at load', next_run: '2026-06-10T12:15:00.000Z' });
    for (const id of [KEEPALIVE, RESTART]) {
      expect(runsOf(upcoming, id)).toEqual([]);
      expect(taskOf(status, id).next_run).toBeNull();
    }
    expect(taskOf(status, KEEPALIVE).schedule).toMatch(/kept alive/);
    // KeepAlive {SuccessfulExit: false}: shown as the condition, not as "kept alive" (issue 23).
    expect(taskOf(status, RESTART).schedule).toMatch(/restarted while it fails \(non-zero exit\)/);
  });

  it('keeps the crontab entries in the same view, claimed ones under their task', async () => {
    const { upcoming, status } = await engineAt('2026-06-10T12:00:00.000Z', 48);
    expect(runsOf(upcoming, SYNC)).toEqual(['2026-06-11T00:30:00.000Z', '2026-06-12T00:30:00.000Z']);
    expect(upcoming.find((u) => u.task === SYNC)?.kind).toBe('cron');
    expect(taskOf(status, SYNC)).toMatchObject({ kind: 'cron', schedule: '30 2 * * *', next_run: '2026-06-11T00:30:00.000Z' });
  });
});

describe('the schedule view on a machine with a realistic crontab and LaunchAgents folder', () => {
  // The dashboard asks for it on every open; every engine above computed it once.
  it('answers within 2 s', async () => {
    const { upcomingMs } = await engineAt('2026-06-10T12:00:00.000Z', 48);
    expect(upcomingMs).toBeLessThan(2000);
  });
});

describe('across the spring-forward night (Oslo, 29 March 2026: 02:00 becomes 03:00)', () => {
  const NOW = '2026-03-27T22:00:00.000Z'; // midnight in Oslo, the day before

  it('keeps 03:15 local for the calendar dict, so the two runs are 23 h apart', async () => {
    const { upcoming } = await engineAt(NOW, 48);
    const runs = runsOf(upcoming, BACKUP);
    expect(runs).toEqual(['2026-03-28T02:15:00.000Z', '2026-03-29T01:15:00.000Z']);
    expect(runs.map(osloTime)).toEqual(['03:15', '03:15']);
    expect(gapsMs(runs)).toEqual([23 * HOUR]);
  });

  it('still runs {Hour: 3} for all 60 minutes of the shortened night', async () => {
    const { upcoming } = await engineAt(NOW, 48);
    const sunday = runsOf(upcoming, HOUR_THREE).filter((t) => wallClock(t, OSLO).day === 29);
    expect(sunday).toHaveLength(60);
    expect(sunday[0]).toBe('2026-03-29T01:00:00.000Z');
    expect(sunday[59]).toBe('2026-03-29T01:59:00.000Z');
  });

  it('runs a launchd job fixed at 02:30 once that night, just after the jump, at 03:30 summer time', async () => {
    const { upcoming } = await engineAt(NOW, 48);
    const runs = runsOf(upcoming, HALF_PAST_TWO);
    expect(runs).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z']);
    expect(runs.map(osloTime)).toEqual(['02:30', '03:30']);
  });

  it('runs the crontab line "30 2 * * *" once a day around the jump, never at 03:30 on the day before', async () => {
    const { upcoming } = await engineAt(NOW, 48);
    const runs = runsOf(upcoming, SYNC);
    expect(runs.map(osloTime)).toEqual(['02:30', '03:30']);
    expect(runs).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z']);
  });
});

describe('across the fall-back night (Oslo, 25 October 2026: 03:00 becomes 02:00 again)', () => {
  const NOW = '2026-10-23T22:00:00.000Z'; // midnight in Oslo, the day before

  it('keeps 03:15 local for the calendar dict, so the two runs are 25 h apart', async () => {
    const { upcoming } = await engineAt(NOW, 72);
    const runs = runsOf(upcoming, BACKUP).slice(0, 2);
    expect(runs).toEqual(['2026-10-24T01:15:00.000Z', '2026-10-25T02:15:00.000Z']);
    expect(runs.map(osloTime)).toEqual(['03:15', '03:15']);
    expect(gapsMs(runs)).toEqual([25 * HOUR]);
  });

  it('runs {Hour: 3} every minute of hour 3 once, after the repeated hour', async () => {
    const { upcoming } = await engineAt(NOW, 72);
    const sunday = runsOf(upcoming, HOUR_THREE).filter((t) => wallClock(t, OSLO).day === 25);
    expect(sunday).toHaveLength(60);
    expect(sunday[0]).toBe('2026-10-25T02:00:00.000Z');
    expect(new Set(gapsMs(sunday))).toEqual(new Set([60_000]));
  });

  it('runs a job with a fixed 02:30 (launchd and cron alike) once in the repeated hour, not twice', async () => {
    const { upcoming } = await engineAt(NOW, 72);
    for (const id of [HALF_PAST_TWO, SYNC]) expect(runsOf(upcoming, id).slice(0, 2), id).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z']);
  });

  it('runs a job whose Hour is a wildcard in every real hour, 25 times on the long day', async () => {
    const { upcoming } = await engineAt(NOW, 72);
    const sunday = runsOf(upcoming, EVERY_HALF_HOUR).filter((t) => wallClock(t, OSLO).day === 25);
    expect(sunday).toHaveLength(25);
    expect(sunday.filter((t) => osloTime(t) === '02:30')).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    expect(new Set(gapsMs(sunday))).toEqual(new Set([HOUR]));
  });
});

// GitHub workflows as people write them (issue 23): real public workflows with per-schedule `timezone`
// (tests/fixtures/cloud/public, each file says where it comes from) are expected, shown and alerted on in
// their own zone; a wrong zone is an error with file and line while the file's other schedules still count.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { taskOf } from '../helpers/cloud';
import { createClock, manifest, startEngine, useEngineSandbox } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';

const PUBLIC = fileURLToPath(new URL('../fixtures/cloud/public/', import.meta.url));
const WORKFLOWS = '.github/workflows';
// Monday 7 December 2026, 01:00 UTC: Sunday evening in Chicago, Monday morning in Tokyo.
const MONDAY_1AM = Date.parse('2026-12-07T01:00:00.000Z');

const clockAt = (at: number) => createClock({ at: new Date(at) });

/** A project `team` holding the given public workflow fixtures. */
function team(root: string, fixtures: readonly string[]): string {
  const dir = writeProject(root, 'team', { manifest: manifest('team', { hello: ['command: ["true"]'] }) });
  mkdirSync(join(dir, WORKFLOWS), { recursive: true });
  for (const name of fixtures) copyFileSync(join(PUBLIC, name), join(dir, WORKFLOWS, name));
  return dir;
}

describe('GitHub schedules with a timezone', () => {
  const t = useEngineSandbox();

  it('expects each schedule entry in its own time zone, as GitHub runs it', async () => {
    writeConfig(t.box.home, [team(t.box.root, ['demo-multi-region.yml', 'demo-nightly-build.yml'])]);
    const clock = clockAt(MONDAY_1AM);
    t.core = await startEngine(t.box.home, clock);
    const core = t.core;
    expect(core.handlers['status.get']().projects.find((p) => p.name === 'team')?.errors).toEqual([]);
    // 23:30 in Chicago (CST, UTC-6) is 05:30 UTC the next day, not 23:30 UTC.
    expect(taskOf(core, 'team/github-demo-nightly-build')).toMatchObject({
      schedule: '30 23 * * * (America/Chicago)',
      next_run: '2026-12-07T05:30:00.000Z',
      cloud: { crons: ['30 23 * * *'], timezones: ['America/Chicago'] },
    });
    // 9:00 on weekdays in New York, Tokyo and Berlin: Berlin's (08:00 UTC) comes first on this Monday.
    expect(taskOf(core, 'team/github-demo-multi-region')).toMatchObject({
      schedule: '0 9 * * 1-5 (America/New_York); 0 9 * * 1-5 (Asia/Tokyo); 0 9 * * 1-5 (Europe/Berlin)',
      next_run: '2026-12-07T08:00:00.000Z',
      cloud: { timezones: ['America/New_York', 'Asia/Tokyo', 'Europe/Berlin'] },
    });
    const upcoming = core.handlers['schedule.upcoming']({ hours: 24 }).filter((u) => u.task === 'team/github-demo-multi-region');
    expect(upcoming.map((u) => u.at)).toEqual(['2026-12-07T08:00:00.000Z', '2026-12-07T14:00:00.000Z', '2026-12-08T00:00:00.000Z']);

    // Late and down follow the zone too: pinged at 01:00, the Berlin run is due at 08:00 UTC (grace 1 h).
    await core.ping(core.pingKeyOf('team/github-demo-multi-region'), { kind: 'exit', exitStatus: 0 });
    clock.advance(7.5 * 3600_000);
    await waitFor('the multi-region workflow to be late', () => taskOf(core, 'team/github-demo-multi-region')?.state === 'late', { timeoutMs: 5000 });
  });

  it('names a wrong or empty time zone with its file and line, and keeps the entries that are right', async () => {
    writeConfig(t.box.home, [team(t.box.root, ['bad-timezones.yml', 'demo-nightly-build.yml'])]);
    t.core = await startEngine(t.box.home, clockAt(MONDAY_1AM));
    const status = t.core.handlers['status.get']().projects.find((p) => p.name === 'team')!;
    expect(status.state).toBe('ok');
    expect(status.errors).toEqual([
      {
        file: '.github/workflows/bad-timezones.yml',
        path: 'on.schedule.0.timezone',
        line: 8,
        message: 'expected an IANA time zone such as "Europe/Oslo" (GitHub runs the cron in it), found "Not/A/Timezone"',
      },
      {
        file: '.github/workflows/bad-timezones.yml',
        path: 'on.schedule.1.timezone',
        line: 10,
        message: 'expected an IANA time zone such as "Europe/Oslo" (GitHub runs the cron in it), found ""',
      },
    ]);
    expect(taskOf(t.core, 'team/github-bad-timezones')).toMatchObject({ schedule: '15 4 * * * (Europe/Oslo)', next_run: '2026-12-07T03:15:00.000Z' });
    expect(taskOf(t.core, 'team/github-demo-nightly-build')?.next_run).toBe('2026-12-07T05:30:00.000Z');
  });
});

describe('GitHub workflow ids', () => {
  const t = useEngineSandbox();

  it('gives lock.yml and lock.yaml in one folder ids of their own, lock.yml keeping the plain one', async () => {
    const dir = writeProject(t.box.root, 'locks', { manifest: manifest('locks', { hello: ['command: ["true"]'] }) });
    mkdirSync(join(dir, WORKFLOWS), { recursive: true });
    const workflow = (cron: string): string =>
      `name: Lock threads\non:\n  schedule:\n    - cron: "${cron}"\njobs:\n  lock:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo lock\n`;
    writeFileSync(join(dir, WORKFLOWS, 'lock.yml'), workflow('0 3 * * *'));
    writeFileSync(join(dir, WORKFLOWS, 'lock.yaml'), workflow('0 4 * * *'));
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home, clockAt(MONDAY_1AM));
    expect(taskOf(t.core, 'locks/github-lock')).toMatchObject({ cloud: { crons: ['0 3 * * *'] } });
    expect(taskOf(t.core, 'locks/github-lock-yaml')).toMatchObject({ cloud: { crons: ['0 4 * * *'] } });
  });
});

describe('GitHub’s shortest interval', () => {
  const t = useEngineSandbox();

  it('notes a */4 cron and expects it as GitHub runs it, every 5 minutes', async () => {
    const dir = writeProject(t.box.root, 'poller', { manifest: manifest('poller', { hello: ['command: ["true"]'] }) });
    mkdirSync(join(dir, WORKFLOWS), { recursive: true });
    writeFileSync(
      join(dir, WORKFLOWS, 'poll.yml'),
      'name: Poll\non:\n  schedule:\n    - cron: "*/4 * * * *"\njobs:\n  poll:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./poll.sh\n',
    );
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home, clockAt(MONDAY_1AM + 60_000));
    const task = taskOf(t.core, 'poller/github-poll') ?? { schedule: null, note: null, next_run: null };
    expect(task.schedule).toMatch(/^\*\/4 \* \* \* \*/);
    expect(task.note).toMatch(
      /^"\*\/4 \* \* \* \*" asks for a run every 4 minutes, but GitHub runs schedules at most every 5 minutes: expected as "\*\/5 \* \* \* \*"/,
    );
    expect(task.next_run).toBe('2026-12-07T01:05:00.000Z');
  });
});

describe('workflows GitHub runs but strict YAML rejects', () => {
  const t = useEngineSandbox();

  it('reads the schedule of a workflow whose quoted step continues at column 0, and gives a broken one a single error', async () => {
    const dir = writeProject(t.box.root, 'lenient', { manifest: manifest('lenient', { hello: ['command: ["true"]'] }) });
    mkdirSync(join(dir, WORKFLOWS), { recursive: true });
    // A double-quoted scalar continued at column 0: Go's yaml (GitHub) folds it; the yaml library refuses it.
    writeFileSync(
      join(dir, WORKFLOWS, 'report.yml'),
      'name: Report\non:\n  schedule:\n    - cron: "0 6 * * 1"\n  workflow_dispatch:\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "weekly report for\nthe team"\n      - run: ./report.sh\n',
    );
    writeFileSync(join(dir, WORKFLOWS, 'broken.yml'), 'on:\n  schedule:\n    - cron: "0 6 * * 1\n      - [\n  push: {\n');
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home, clockAt(MONDAY_1AM));
    const project = t.core.handlers['projects.list']().find((p) => p.name === 'lenient');
    expect(project?.tasks).toContain('lenient/github-report');
    expect(taskOf(t.core, 'lenient/github-report')).toMatchObject({ cloud: { crons: ['0 6 * * 1'] } });
    expect(project?.errors).toEqual([
      expect.objectContaining({ file: join('.github', 'workflows', 'broken.yml'), message: expect.stringMatching(/^workflow is not valid YAML/) }),
    ]);
  });
});

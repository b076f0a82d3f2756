// Acceptance (issue 8, SPEC §3, §6, §10): crontab entries in `agent-os status --json`, read through a
// fake `crontab` on PATH replaying a realistic crontab (macros, variables, comments, ping suffixes):
// entries, next runs, claims by `cron:` and `cron_match:`, heartbeat links, and Run now.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCrontab } from '../../plugins/cron/crontab-parse';
import { CRONTAB_SOURCE } from '../../plugins/cron/crontab-read';
import { cronTaskId } from '../../src-main/core/external/cron-task-id';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli, type RunRow, type StatusDoc } from '../helpers/cli';
import {
  FIXTURE_BIN,
  SYSTEM_PATH,
  nextMatchingMinute,
  systemHasTool,
  type WallClock,
  taskIn,
  tasksOf,
  type ExternalTaskRow,
} from '../helpers/external-fixtures';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

type TaskRow = ExternalTaskRow;

const CRON_D = join(FIXTURE_BIN, '..', 'cron', 'cron.d');
const NO_CRON_DIRS = 'cron:\n  dirs: []\n';
const SYNC_LINE = '30 2 * * * /usr/local/bin/sync.sh >> /tmp/sync.log 2>&1';
const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.cleanup()));

function sandbox(): Sandbox {
  const box = createSandbox('agent-os-cli-cron-');
  boxes.push(box);
  return box;
}

const env = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: `${FIXTURE_BIN}:${SYSTEM_PATH}`, TZ: 'UTC', ...extra });
const status = (box: Sandbox, e: Record<string, string>) => cliJson<StatusDoc>(['status', '--json'], { home: box.home, env: e });
const task = taskIn;
const unassignedCron = (doc: StatusDoc): TaskRow[] => tasksOf(doc).filter((t) => t.id.startsWith('unassigned/cron-'));
/**
 * Unassigned crontab tasks by the line of the committed crontab they come from. Ids no longer carry the line
 * (issue 23: they must survive edits above them), so the line is found by reading the fixture the same way.
 */
const byLine = (doc: StatusDoc): Map<number, TaskRow> => {
  const taken = new Set<string>();
  const lineOf = new Map<string, number>();
  for (const l of parseCrontab(readFileSync(join(FIXTURE_BIN, '..', 'cron', 'user-crontab'), 'utf8'), CRONTAB_SOURCE)) {
    if (!('command' in l)) continue;
    const id = cronTaskId(CRONTAB_SOURCE, l.schedule, l.command, taken);
    taken.add(id);
    lineOf.set(`unassigned/${id}`, l.line);
  }
  return new Map(unassignedCron(doc).map((t) => [lineOf.get(t.id) ?? -1, t]));
};

describe('the committed crontab, read with crontab -l', () => {
  let box: Sandbox;
  let doc: StatusDoc;
  let before: Date;
  let after: Date;

  beforeAll(async () => {
    box = sandbox();
    const proj = writeProject(box.root, 'proj', {
      manifest: `name: proj
tasks:
  nightly_sync:
    cron: "${SYNC_LINE}"
  inbox:
    cron_match: poll-inbox
`,
    });
    writeConfig(box.home, [proj], NO_CRON_DIRS);
    before = new Date();
    doc = await status(box, env());
    after = new Date();
  });

  it('lists every job line, macros too, and no comment or variable line; unclaimed ones under unassigned, of kind cron', () => {
    const lines = byLine(doc);
    expect([...lines.keys()].sort((a, b) => a - b)).toEqual([13, 15, 17, 18, 19, 23]);
    expect(Object.fromEntries([...lines].map(([line, t]) => [line, t.schedule]))).toEqual({
      13: '0 */6 * * *',
      15: '15 8 * * mon',
      17: '@reboot',
      18: '@daily',
      19: '@hourly',
      23: '0 7 1 * *',
    });
    expect([...lines.values()].every((t) => t.kind === 'cron' && t.state === 'never')).toBe(true);
  });

  it('claims a line by its exact text (cron:) and by a substring of its command (cron_match:)', () => {
    expect(doc.projects.find((p) => p.name === 'proj')?.tasks.map((t) => [t.id, t.kind])).toEqual([
      ['proj/nightly_sync', 'cron'],
      ['proj/inbox', 'cron'],
    ]);
    expect(task(doc, 'proj/nightly_sync').schedule).toBe('30 2 * * *');
    expect(task(doc, 'proj/inbox').schedule).toBe('*/15 9-17 * * 1-5');
    expect(unassignedCron(doc).filter((t) => /sync-sh|poll-inbox/.test(t.id))).toEqual([]);
  });

  it('gives each entry its next run in local time (UTC here), CRON_TZ=Europe/Oslo below that line, none for @reboot', () => {
    const next = (zone: string, matches: (w: WallClock) => boolean) => [nextMatchingMinute(before, zone, matches), nextMatchingMinute(after, zone, matches)];
    const lines = byLine(doc);
    const expectations: Array<[TaskRow | undefined, string[]]> = [
      [task(doc, 'proj/nightly_sync'), next('UTC', (w) => w.hour === 2 && w.minute === 30)],
      [lines.get(13), next('UTC', (w) => w.minute === 0 && w.hour % 6 === 0)],
      [lines.get(15), next('UTC', (w) => w.weekday === 1 && w.hour === 8 && w.minute === 15)],
      [lines.get(18), next('UTC', (w) => w.hour === 0 && w.minute === 0)],
      [lines.get(19), next('UTC', (w) => w.minute === 0)],
      [lines.get(23), next('Europe/Oslo', (w) => w.day === 1 && w.hour === 7 && w.minute === 0)],
      [task(doc, 'proj/inbox'), next('Europe/Oslo', (w) => w.weekday >= 1 && w.weekday <= 5 && w.hour >= 9 && w.hour <= 17 && w.minute % 15 === 0)],
    ];
    for (const [row, expected] of expectations) expect(expected, row?.id).toContain(row?.next_run);
    expect(lines.get(17)?.next_run).toBeNull();
  });

  it('notes that cron feeds the text after an unescaped % to the command on stdin', () => {
    expect(byLine(doc).get(23)?.note).toMatch(/after the first unescaped %/);
  });
});

describe('cron sources that say nothing', () => {
  it('reads cron.d-style folders from cron.dirs, skipping the files cron itself skips', async () => {
    const box = sandbox();
    writeConfig(box.home, [], `cron:\n  dirs: [${JSON.stringify(CRON_D)}]\n`);
    const doc = await status(box, env({ FAKE_CRONTAB_MODE: 'none' }));
    expect(
      unassignedCron(doc)
        .map((t) => t.schedule)
        .sort(),
    ).toEqual(['0 */12 * * *', '09,39 * * * *']);
  });

  it.each(['none', 'broken'])('shows no entries and exits 0 when crontab -l fails (FAKE_CRONTAB_MODE=%s)', async (mode) => {
    const box = sandbox();
    const proj = writeProject(box.root, 'proj', { manifest: `name: proj\ntasks:\n  nightly_sync:\n    cron: "${SYNC_LINE}"\n` });
    writeConfig(box.home, [proj], NO_CRON_DIRS);
    const result = await runCli(['status', '--json'], { home: box.home, env: env({ FAKE_CRONTAB_MODE: mode }) });
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as StatusDoc;
    expect(unassignedCron(doc)).toEqual([]);
    expect(task(doc, 'proj/nightly_sync')).toMatchObject({ kind: 'cron', state: 'unknown', next_run: null });
  });

  it.skipIf(systemHasTool('crontab'))('keeps the claimed task and exits 0 on a machine without crontab on PATH', async () => {
    const box = sandbox();
    const proj = writeProject(box.root, 'proj', { manifest: `name: proj\ntasks:\n  nightly_sync:\n    cron: "${SYNC_LINE}"\n` });
    writeConfig(box.home, [proj], NO_CRON_DIRS);
    const result = await runCli(['status', '--json'], { home: box.home, env: { PATH: SYSTEM_PATH } });
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as StatusDoc;
    expect(unassignedCron(doc)).toEqual([]);
    expect(task(doc, 'proj/nightly_sync')).toMatchObject({ kind: 'cron', state: 'unknown' });
  });
});

describe('crontab lines that ping Agent OS heartbeats', () => {
  it('links each line to the heartbeat whose ping key it uses, directly or through a crontab variable, and not to unassigned', async () => {
    const box = sandbox();
    const hb = writeProject(box.root, 'hb', {
      manifest: `name: hb
tasks:
  refresh:
    heartbeat: { schedule: "0 */6 * * *", grace: 30m }
  backup:
    heartbeat: { period: 1d }
`,
    });
    writeConfig(box.home, [hb], NO_CRON_DIRS);
    const first = await status(box, env({ FAKE_CRONTAB_MODE: 'none' }));
    const refreshUrl = task(first, 'hb/refresh').ping_url ?? '';
    const backupUrl = task(first, 'hb/backup').ping_url ?? '';
    expect(refreshUrl).toMatch(/\/ping\/[^/]+$/);
    const crontab = join(box.root, 'crontab');
    const refreshLine = `0 */6 * * * cd /Users/erik/trading && ./refresh.sh && curl -fsS -m 10 --retry 5 -o /dev/null ${refreshUrl}`;
    writeFileSync(
      crontab,
      `# m h  dom mon dow   command
MAILTO=""
BACKUP_PING=${backupUrl}

# Trading refresh, pinged to Agent OS so a missed run is noticed
${refreshLine}
@daily /usr/local/bin/backup.sh; curl -fsS -m 10 "$BACKUP_PING/$?"
# Still monitored on healthchecks.io
15 8 * * mon /usr/local/bin/weekly-report --send && curl -fsS https://hc-ping.com/5b7c7a2e-3f4d-4c1e-9a8b-0d6e2f1a9c33
`,
    );
    const doc = await status(box, env({ FAKE_CRONTAB_FILE: crontab }));
    expect(task(doc, 'hb/refresh')).toMatchObject({ kind: 'heartbeat', linked: `cron: ${refreshLine}` });
    expect(task(doc, 'hb/backup').linked).toBe('cron: @daily /usr/local/bin/backup.sh; curl -fsS -m 10 "$BACKUP_PING/$?"');
    expect(unassignedCron(doc).map((t) => t.schedule)).toEqual(['15 8 * * mon']);
  });
});

describe('Run now on a crontab entry', () => {
  let box: Sandbox;
  let e: Record<string, string>;
  const runs = (id: string) => cliJson<RunRow[]>(['runs', '--json', '--task', id], { home: box.home, env: e });

  beforeAll(() => {
    box = sandbox();
    const proj = writeProject(box.root, 'proj', {
      manifest: 'name: proj\ntasks:\n  greet:\n    cron_match: cron says\n',
      env: { PROJECT_MARKER: 'from-project-env' },
    });
    writeConfig(box.home, [proj], NO_CRON_DIRS);
    const crontab = join(box.root, 'crontab');
    writeFileSync(
      crontab,
      `SHELL=/bin/sh
GREETING=hello from crontab
MAILTO=ops@example.org
# greet every five minutes
*/5 * * * * echo "cron says $GREETING; mailto=[$MAILTO]; marker=[$PROJECT_MARKER]; leak=[$FAKE_CRONTAB_FILE]"
0 4 * * * echo unclaimed line ran; exit 4
`,
    );
    e = env({ FAKE_CRONTAB_FILE: crontab });
  });

  it("runs a claimed entry's command with the crontab's variables and the project's env, and records the run with its output", async () => {
    const result = await runCli(['run', 'proj/greet', '--wait'], { home: box.home, env: e });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('cron says hello from crontab; mailto=[]; marker=[from-project-env]; leak=[]');
    const [run] = await runs('proj/greet');
    expect(run).toMatchObject({ task: 'proj/greet', status: 'success', trigger: 'manual', exit_code: 0 });
    const log = await runCli(['logs', String(run?.id)], { home: box.home, env: e });
    expect(log.stdout).toContain('cron says hello from crontab');
  });

  it('runs an unassigned entry, exits with its code and records it as failed', async () => {
    const id = unassignedCron(await status(box, e)).find((t) => t.schedule === '0 4 * * *')?.id ?? 'no unassigned task for the unclaimed line';
    const result = await runCli(['run', id, '--wait'], { home: box.home, env: e });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('unclaimed line ran');
    expect((await runs(id))[0]).toMatchObject({ status: 'failed', exit_code: 4, trigger: 'manual' });
  });

  it('shows the outcome of its last Run now as the task state', async () => {
    const doc = await status(box, e);
    expect(task(doc, 'proj/greet')).toMatchObject({ state: 'ok', last_run: { status: 'success' } });
    expect(unassignedCron(doc).find((t) => t.schedule === '0 4 * * *')).toMatchObject({ state: 'failing', last_run: { status: 'failed' } });
  });
});

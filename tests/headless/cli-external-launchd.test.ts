// Acceptance (issue 8, SPEC §6, §10): launchd jobs in `agent-os status --json`, read from real plist
// fixtures and from a fake `launchctl` on PATH that replays real `list` and `print` output.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli, type RunRow, type StatusDoc } from '../helpers/cli';
import {
  FIXTURE_BIN,
  LAUNCH_AGENTS,
  SYSTEM_PATH,
  UID,
  copyFakeLaunchctl,
  launchdDirsYaml,
  neverRanPrint,
  nextMatchingMinute,
  systemHasTool,
  type FakeLaunchctl,
  taskIn,
  tasksOf,
} from '../helpers/external-fixtures';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const U = 'unassigned/launchd-';
const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.cleanup()));

/** A home whose project `proj` claims nightly-backup, poller and keepalive, reading the committed LaunchAgents. */
function home(): Sandbox {
  const box = createSandbox('agent-os-cli-launchd-');
  boxes.push(box);
  const proj = writeProject(box.root, 'proj', {
    manifest: `name: proj
tasks:
  backup:
    launchd: com.example.nightly-backup
  poller:
    launchd: com.example.poller
  daemon:
    launchd: com.example.keepalive
`,
  });
  writeConfig(box.home, [proj], launchdDirsYaml(LAUNCH_AGENTS));
  return box;
}

const envWith = (bin: string, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: `${bin}:${SYSTEM_PATH}`,
  TZ: 'Europe/Oslo',
  FAKE_CRONTAB_MODE: 'none',
  ...extra,
});
/** The calls a fake launchctl logged (FAKE_LAUNCHCTL_LOG), each as its argument list. */
const callsIn = (log: string): string[][] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\t'))
    : [];
const status = (box: Sandbox, env: Record<string, string>) => cliJson<StatusDoc>(['status', '--json'], { home: box.home, env });
/** `runs --json` seen through the same fake tools: every CLI command refreshes what launchctl says first. */
const listRuns = (box: Sandbox, env: Record<string, string>, args: string[] = []) =>
  cliJson<RunRow[]>(['runs', '--json', '--limit', '100', ...args], { home: box.home, env });
const task = taskIn;

describe('launchd jobs in status --json, with launchctl replaying the committed output', () => {
  let box: Sandbox;
  let doc: StatusDoc;
  let before: Date;
  let after: Date;

  beforeAll(async () => {
    box = home();
    before = new Date();
    doc = await status(box, envWith(FIXTURE_BIN));
    after = new Date();
  });

  it('lists claimed jobs under their project and every other job under unassigned, all of kind launchd', () => {
    const proj = doc.projects.find((p) => p.name === 'proj');
    expect(proj?.tasks.map((t) => [t.id, t.kind])).toEqual([
      ['proj/backup', 'launchd'],
      ['proj/poller', 'launchd'],
      ['proj/daemon', 'launchd'],
    ]);
    const unassigned = doc.projects.find((p) => p.name === 'unassigned')?.tasks ?? [];
    const ids = unassigned.map((t) => t.id);
    for (const label of ['hour-three', 'month-ends', 'twice-weekly', 'restart-on-failure']) expect(ids).toContain(`${U}com-example-${label}`);
    for (const claimed of ['nightly-backup', 'poller', 'keepalive']) expect(ids).not.toContain(`${U}com-example-${claimed}`);
    expect(unassigned.filter((t) => t.id.startsWith(U)).every((t) => t.kind === 'launchd')).toBe(true);
  });

  it("reads each job's state from launchctl: a live pid, exit 78, SIGKILL, exit 0 and a Disabled job", () => {
    expect(task(doc, 'proj/daemon')).toMatchObject({ state: 'running', schedule: 'at load; kept alive', next_run: null });
    expect(task(doc, 'proj/backup').state).toBe('failing');
    expect(task(doc, 'proj/poller').state).toBe('failing');
    expect(task(doc, `${U}com-example-hour-three`).state).toBe('ok');
    expect(task(doc, `${U}com-example-restart-on-failure`).state).toBe('paused');
    expect(tasksOf(doc).every((t) => t.last_run === null)).toBe(true);
  });

  it('shows a job launchctl has not loaded as unknown, with a note naming it', () => {
    const monthEnds = task(doc, `${U}com-example-month-ends`);
    expect(monthEnds.state).toBe('unknown');
    expect(monthEnds.note).toMatch(new RegExp(`gui/${UID}/com\\.example\\.month-ends is not loaded`));
  });

  it('shows a plist it cannot read as unknown with the file and the problem, and keeps every other job', () => {
    expect(task(doc, `${U}malformed`).note).toMatch(/malformed\.plist: XML plist is cut off/);
    expect(task(doc, `${U}malformed-binary`).note).toMatch(/malformed-binary\.plist: binary plist is corrupt/);
    expect(task(doc, `${U}invalid-no-label`).note).toMatch(/Label must be a non-empty string.*Hour must be an integer from 0 to 23, found 25/);
    for (const id of [`${U}malformed`, `${U}malformed-binary`, `${U}invalid-no-label`]) expect(task(doc, id).state).toBe('unknown');
  });

  it("gives next runs in the machine's zone: 03:15 Oslo time for the dict, the next minute of hour 3 for {Hour: 3}", () => {
    const expect03 = (id: string, minute: (m: number) => boolean) => {
      const oracle = (from: Date) => nextMatchingMinute(from, 'Europe/Oslo', (w) => w.hour === 3 && minute(w.minute));
      expect([oracle(before), oracle(after)], id).toContain(task(doc, id).next_run);
    };
    expect03('proj/backup', (m) => m === 15);
    expect03(`${U}com-example-hour-three`, () => true);
    expect(task(doc, 'proj/backup').schedule).toBe('Hour 3, Minute 15');
    expect(task(doc, `${U}com-example-hour-three`).schedule).toBe('Hour 3');
  });

  it("shows launchd's stdout and stderr paths as the task's log, and never the job's environment", () => {
    expect(task(doc, 'proj/backup').log_paths).toEqual(['/tmp/nightly-backup.out.log', '/tmp/nightly-backup.err.log']);
    expect(JSON.stringify(doc)).not.toContain('fixture-secret-value');
  });
});

describe('a launchctl that prints garbage', () => {
  it('leaves every job unknown with a readable note, keeps its schedule and exits 0', async () => {
    const box = home();
    const result = await runCli(['status', '--json'], { home: box.home, env: envWith(FIXTURE_BIN, { FAKE_LAUNCHCTL_MODE: 'garbage' }) });
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as StatusDoc;
    for (const id of ['proj/backup', 'proj/poller', 'proj/daemon', `${U}com-example-hour-three`]) {
      expect(task(doc, id).state, id).toBe('unknown');
      expect(task(doc, id).note, id).toMatch(/launchctl print output was not understood/);
    }
    expect(task(doc, 'proj/backup')).toMatchObject({ schedule: 'Hour 3, Minute 15', next_run: expect.any(String) });
  });
});

describe('changes launchctl reports between two refreshes', () => {
  let box: Sandbox;
  let fake: FakeLaunchctl;
  let env: Record<string, string>;
  const runsOf = async (id: string) => (await listRuns(box, env, ['--task', id])).filter((r) => r.trigger === 'external');

  beforeAll(() => {
    box = home();
    fake = copyFakeLaunchctl(box.root);
    env = envWith(fake.bin, { FAKE_LAUNCHCTL_LOG: fake.log });
    // A loaded job that has not run yet, as launchctl shows it.
    fake.setPrint('com.example.twice-weekly', neverRanPrint('com.example.twice-weekly'));
    fake.setList(`${fake.list()}-\t0\tcom.example.twice-weekly\n`);
  });

  it('shows a loaded job that never ran as never, and records no run on the first look', async () => {
    const doc = await status(box, env);
    expect(task(doc, `${U}com-example-twice-weekly`).state).toBe('never');
    expect(await listRuns(box, env)).toEqual([]);
    expect(fake.calls()).toContainEqual(['print', `gui/${UID}/com.example.nightly-backup`]);
  });

  it('records more runs with exit 0 as a successful external run, and the task turns ok', async () => {
    fake.editPrint('com.example.nightly-backup', 'runs = 14', 'runs = 15');
    fake.editPrint('com.example.nightly-backup', 'last exit code = 78: Function not implemented', 'last exit code = 0');
    fake.setList(fake.list().replace('-\t78\tcom.example.nightly-backup', '-\t0\tcom.example.nightly-backup'));
    const [run, ...older] = await runsOf('proj/backup');
    expect(older).toEqual([]);
    expect(run).toMatchObject({ task: 'proj/backup', trigger: 'external', status: 'success', exit_code: 0, error: null });
    const doc = await status(box, env);
    expect(task(doc, 'proj/backup')).toMatchObject({ state: 'ok', last_run: { id: run?.id } });
  });

  it('records a run killed by a signal as a failed external run that names the signal', async () => {
    fake.editPrint('com.example.nightly-backup', 'runs = 15', 'runs = 16');
    fake.editPrint('com.example.nightly-backup', 'last exit code = 0', 'last terminating signal = Killed: 9');
    fake.setList(fake.list().replace('-\t0\tcom.example.nightly-backup', '-\t-9\tcom.example.nightly-backup'));
    const [run] = await runsOf('proj/backup');
    expect(run).toMatchObject({ status: 'failed', trigger: 'external' });
    expect(run?.error).toMatch(/killed by SIGKILL/);
    expect(task(await status(box, env), 'proj/backup').state).toBe('failing');
  });

  it('records a new pid as a running external run and closes it with the exit status once the pid is gone', async () => {
    fake.editPrint('com.example.keepalive', 'pid = 123', 'pid = 456');
    fake.setList(fake.list().replace('123\t0\tcom.example.keepalive', '456\t0\tcom.example.keepalive'));
    const [started] = await runsOf('proj/daemon');
    expect(started).toMatchObject({ status: 'running', trigger: 'external', finished_at: null });

    fake.editPrint('com.example.keepalive', 'state = running', 'state = not running');
    fake.editPrint('com.example.keepalive', /\tpid = 456\n/, '');
    fake.editPrint('com.example.keepalive', 'runs = 3', 'runs = 4');
    fake.editPrint('com.example.keepalive', 'last exit code = (never exited)', 'last exit code = 1');
    fake.setList(fake.list().replace('456\t0\tcom.example.keepalive', '-\t1\tcom.example.keepalive'));
    const [ended, ...older] = await runsOf('proj/daemon');
    expect(older).toEqual([]);
    expect(ended).toMatchObject({ id: started?.id, status: 'failed', exit_code: 1 });
    expect(ended?.finished_at).not.toBeNull();
  });

  it('records nothing when launchctl says the same thing again', async () => {
    const count = (await listRuns(box, env)).length;
    await status(box, env);
    expect(await listRuns(box, env)).toHaveLength(count);
  });

  it('records no run for unchanged jobs after one refresh where launchctl printed garbage', async () => {
    const summary = (runs: RunRow[]) => runs.map((r) => `#${r.id} ${r.task} ${r.status} ${r.error ?? ''}`.trim());
    const known = summary(await listRuns(box, env));
    await status(box, { ...env, FAKE_LAUNCHCTL_MODE: 'garbage' });
    await status(box, env);
    expect(summary(await listRuns(box, env))).toEqual(known);
  });
});

describe('Run now on a launchd task from the CLI (no server running)', () => {
  it('asks launchd to start the job with kickstart -k and records the run', async () => {
    const box = home();
    const log = join(box.root, 'launchctl.log');
    const env = envWith(FIXTURE_BIN, { FAKE_LAUNCHCTL_LOG: log });
    const result = await runCli(['run', 'proj/backup'], { home: box.home, env });
    expect(result.code, result.stderr).toBe(0);
    expect(callsIn(log)).toContainEqual(['kickstart', '-k', `gui/${UID}/com.example.nightly-backup`]);
    expect(await listRuns(box, env, ['--task', 'proj/backup'])).toHaveLength(1);
  });
});

describe('a machine without launchctl on PATH', () => {
  it.skipIf(systemHasTool('launchctl'))('keeps the jobs of the plist folders, unknown with a note saying launchctl is missing, and exits 0', async () => {
    const box = home();
    const result = await runCli(['status', '--json'], { home: box.home, env: { PATH: SYSTEM_PATH } });
    expect(result.code, result.stderr).toBe(0);
    const backup = task(JSON.parse(result.stdout) as StatusDoc, 'proj/backup');
    expect(backup).toMatchObject({ kind: 'launchd', state: 'unknown', schedule: 'Hour 3, Minute 15' });
    expect(backup).toMatchObject({ note: expect.stringMatching(/launchctl/) });
  });
});

// Acceptance (issue 8, SPEC §6): Run now on a launchd task asks launchd to start it
// (`launchctl kickstart -k gui/<uid>/<label>`, recorded by a fake launchctl on PATH) and records the
// run, which the next look at launchctl closes with the job's exit status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import { createCore, type Core } from '../../src-main/core';
import { LAUNCH_AGENTS, SYSTEM_PATH, UID, copyFakeLaunchctl, launchdDirsYaml, type FakeLaunchctl } from '../helpers/external-fixtures';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let fake: FakeLaunchctl;
let core: Core | null = null;

beforeAll(() => {
  box = createSandbox('agent-os-launchd-run-now-');
  fake = copyFakeLaunchctl(box.root);
  const proj = writeProject(box.root, 'proj', {
    manifest: `name: proj
tasks:
  backup:
    launchd: com.example.nightly-backup
  books:
    launchd: com.example.month-ends
  ghost:
    launchd: com.example.not-on-this-machine
`,
  });
  writeConfig(box.home, [proj], launchdDirsYaml(LAUNCH_AGENTS));
});

afterAll(async () => {
  await core?.stop();
  box.cleanup();
});

/** A fresh engine (one look at launchctl on start), as a CLI command or the app would have. */
async function engine(): Promise<Core> {
  await core?.stop();
  core = createCore({
    home: box.home,
    hostEnv: { PATH: `${fake.bin}:${SYSTEM_PATH}`, HOME: box.root, FAKE_LAUNCHCTL_LOG: fake.log, FAKE_CRONTAB_MODE: 'none' },
  });
  await core.start();
  return core;
}

const kickstarts = (): string[][] => fake.calls().filter((c) => c[0] === 'kickstart');
const runOf = (c: Core, id: number): Run => c.handlers['runs.get']({ id }).run;
const ended = (c: Core, id: number): Promise<Run> =>
  waitFor(`run #${id} to end`, () => {
    const run = runOf(c, id);
    return run.status !== 'running' && run;
  });

describe('Run now on a launchd task', () => {
  let kicked: Run;

  it('asks launchd to start the claimed job with kickstart -k gui/<uid>/<label> and records a running external run', async () => {
    const c = await engine();
    kicked = c.handlers['runs.start']({ task: 'proj/backup' });
    expect(kicked).toMatchObject({ task: 'proj/backup', status: 'running', trigger: 'external' });
    await waitFor('the kickstart call', () => kickstarts().length > 0);
    expect(kickstarts()).toEqual([['kickstart', '-k', `gui/${UID}/com.example.nightly-backup`]]);
    const backup = c.handlers['tasks.list']({ project: 'proj' }).find((t) => t.id === 'proj/backup');
    expect(backup?.last_run?.id).toBe(kicked.id);
  });

  it('closes that run as a success when launchctl next shows one more run that exited 0', async () => {
    fake.editPrint('com.example.nightly-backup', 'runs = 14', 'runs = 15');
    fake.editPrint('com.example.nightly-backup', 'last exit code = 78: Function not implemented', 'last exit code = 0');
    fake.setList(fake.list().replace('-\t78\tcom.example.nightly-backup', '-\t0\tcom.example.nightly-backup'));
    const c = await engine();
    expect(runOf(c, kicked.id)).toMatchObject({ status: 'success', exit_code: 0, trigger: 'external', error: null });
    expect(c.handlers['runs.list']({ task: 'proj/backup' })).toHaveLength(1);
    expect(c.handlers['tasks.list']({ project: 'proj' }).find((t) => t.id === 'proj/backup')?.state).toBe('ok');
  });

  it('kicks an unassigned launchd job the same way', async () => {
    const c = await engine();
    const run = c.handlers['runs.start']({ task: 'unassigned/launchd-com-example-hour-three' });
    expect(run).toMatchObject({ status: 'running', trigger: 'external' });
    await waitFor('the kickstart call', () => kickstarts().some((k) => k[2] === `gui/${UID}/com.example.hour-three`));
  });

  it("ends the run as failed with launchctl's words when launchd refuses the kickstart", async () => {
    const c = await engine();
    const run = c.handlers['runs.start']({ task: 'proj/books' });
    const done = await ended(c, run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/launchctl kickstart -k gui\/\d+\/com\.example\.month-ends exited 113: .*Could not find service "com\.example\.month-ends"/);
  });

  it('ends the run as failed, naming the task, when no launchd job on this machine has its label', async () => {
    const c = await engine();
    const run = c.handlers['runs.start']({ task: 'proj/ghost' });
    const done = await ended(c, run.id);
    expect(done).toMatchObject({ status: 'failed' });
    expect(done.error).toMatch(/no launchd job for proj\/ghost/);
    expect(kickstarts().some((k) => k[2]?.endsWith('com.example.not-on-this-machine'))).toBe(false);
  });
});

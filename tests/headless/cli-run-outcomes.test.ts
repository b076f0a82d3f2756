// Acceptance: run outcomes (success, failed, timeout), process-tree kill on timeout, env isolation,
// `run --wait` exit codes and `run` without --wait (SPEC §4, §9).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, listRuns, runCli, type RunRow } from '../helpers/cli';
import { createSandbox, isProcessGone, readPid, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let grandchildPidFile: string;
let releaseFile: string;

beforeAll(() => {
  box = createSandbox();
  grandchildPidFile = join(box.root, 'grandchild.pid');
  releaseFile = join(box.root, 'release');
  const p = writeProject(box.root, 'p', {
    manifest: `name: p
tasks:
  ok:
    command: ["sh", "-c", "echo all good"]
  fail:
    command: "echo about to fail; exit 3"
  hang:
    # The grandchild would outlive the task by a minute if the whole group were not killed.
    command: 'sleep 60 & echo $! > ${grandchildPidFile}; echo started; wait'
    timeout: 2s
  env:
    command: ["env"]
  later:
    command: 'while [ ! -f ${releaseFile} ]; do sleep 0.1; done; echo released'
    timeout: 2m
`,
    env: { P_MARKER: 'from-project-p-env' },
  });
  const other = writeProject(box.root, 'other', {
    manifest: 'name: other\ntasks:\n  noop:\n    command: ["true"]\n',
    env: { OTHER_MARKER: 'from-other-project-env' },
  });
  writeConfig(box.home, [p, other], 'kill_grace: 1s\n');
});

afterAll(() => {
  // Let a blocked `later` run end if a test failed before releasing it.
  writeFileSync(releaseFile, '');
  box.cleanup();
});

const run = (task: string, env?: Record<string, string>) => runCli(['run', task, '--wait'], { home: box.home, env, timeoutMs: 60_000 });
const lastRunOf = async (task: string): Promise<RunRow> => {
  const [latest] = await listRuns(box.home, ['--task', task]);
  if (!latest) throw new Error(`no run of ${task}`);
  return latest;
};

describe('agent-os run --wait', () => {
  it('records a task that exits 0 as success, prints its log and exits 0', async () => {
    const result = await run('p/ok');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('all good');
    const latest = await lastRunOf('p/ok');
    expect(latest).toMatchObject({ task: 'p/ok', status: 'success', trigger: 'manual', exit_code: 0, error: null });
    expect(Date.parse(latest.finished_at ?? '')).toBeGreaterThanOrEqual(Date.parse(latest.started_at ?? ''));
  });

  it("records a task that exits 3 as failed and exits with the task's own code 3", async () => {
    const result = await run('p/fail');
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toContain('about to fail');
    const latest = await lastRunOf('p/fail');
    expect(latest).toMatchObject({ status: 'failed', exit_code: 3 });
    expect(latest.error).toMatch(/code 3/);
  });

  it('times a task out after its timeout, records timeout and kills the grandchild it started', async () => {
    const started = Date.now();
    const result = await run('p/hang');
    expect(result.code, result.stderr).not.toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const latest = await lastRunOf('p/hang');
    expect(latest.status).toBe('timeout');
    expect(latest.error).toMatch(/timed out/);
    const grandchild = readPid(grandchildPidFile);
    expect(grandchild, 'the task wrote its grandchild pid').toBeDefined();
    await waitFor(`grandchild ${String(grandchild)} to be gone`, () => isProcessGone(grandchild as number), { timeoutMs: 15_000 });
  });

  it("gives a task its own project's .env but not the CLI's environment nor another project's .env", async () => {
    const result = await run('p/env', { CLI_ONLY_MARKER: 'from-the-cli-environment' });
    expect(result.code, result.stderr).toBe(0);
    const vars = new Map(
      result.stdout
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
    );
    expect(vars.get('P_MARKER')).toBe('from-project-p-env');
    expect(vars.get('AGENT_OS_RUN_ID')).toBe(String((await lastRunOf('p/env')).id));
    expect(vars.has('AGENT_OS_OUTPUT')).toBe(true);
    expect(vars.has('CLI_ONLY_MARKER')).toBe(false);
    expect(vars.has('OTHER_MARKER')).toBe(false);
    expect(vars.has('AGENT_OS_HOME')).toBe(false);
    expect(result.stdout).not.toContain('from-the-cli-environment');
    expect(result.stdout).not.toContain('from-other-project-env');
  });
});

describe('agent-os run without --wait', () => {
  it('returns at once with a run id while the run goes on, and the run still completes', async () => {
    const result = await runCli(['run', 'p/later'], { home: box.home, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    const id = Number(/run #(\d+)/.exec(result.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);
    // The task cannot end before the release file exists, so the CLI has returned before the run ended.
    const pending = (await listRuns(box.home)).find((r) => r.id === id);
    expect(pending?.status).toMatch(/^(queued|running)$/);
    writeFileSync(releaseFile, '');
    const done = await waitFor(
      `run #${id} to succeed`,
      async () => {
        const row = (await listRuns(box.home)).find((r) => r.id === id);
        return row && row.status !== 'queued' && row.status !== 'running' ? row : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(done).toMatchObject({ task: 'p/later', status: 'success', exit_code: 0 });
    const logs = await runCli(['logs', String(id)], { home: box.home });
    expect(logs.stdout).toContain('released');
  });

  it('prints the started run as JSON with --json', async () => {
    const started = await cliJson<RunRow>(['run', 'p/ok', '--json'], { home: box.home });
    expect(started).toMatchObject({ task: 'p/ok' });
    expect(started.id).toBeGreaterThan(0);
    await waitFor(`run #${started.id} to end`, async () => (await listRuns(box.home)).find((r) => r.id === started.id && r.status === 'success'), {
      timeoutMs: 30_000,
      intervalMs: 300,
    });
  });
});

// The runner ends a task with its whole process tree: on timeout (TERM, then KILL after kill_grace) and
// on cancel; a command that cannot start is a failed run with a readable error (SPEC §3, §4).
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { runTask, startCore } from '../helpers/core';
import { createSandbox, isProcessGone, readPid, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let core: Core | null = null;
const pidFile = (name: string): string => join(box.root, `${name}.pid`);

beforeAll(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'tree', {
    manifest: `name: tree
tasks:
  stubborn:
    # The grandchild ignores SIGTERM, so only the KILL that follows kill_grace can end it.
    command: "(trap '' TERM; exec sleep 60) & echo $! > ${pidFile('stubborn')}; echo waiting; wait"
    timeout: 1s
  detached:
    # setsid moves the grandchild to its own session and group: only the parent chain still leads to it.
    command: 'setsid sh -c "trap '''' TERM; exec sleep 60" & echo $! > ${pidFile('detached')}; echo waiting; wait'
    timeout: 1s
  cancellable:
    command: 'sleep 60 & echo $! > ${pidFile('cancellable')}; wait'
    timeout: 5m
  missing:
    command: ["./no-such-program", "--flag"]
`,
  });
  writeConfig(box.home, [dir], 'kill_grace: 1s\n');
});

afterEach(async () => {
  await core?.stop();
  core = null;
});

afterAll(() => {
  for (const name of ['stubborn', 'detached', 'cancellable']) {
    const pid = readPid(pidFile(name));
    if (pid && !isProcessGone(pid)) process.kill(pid, 'SIGKILL');
  }
  box.cleanup();
});

describe('runner process trees', () => {
  it('times out a task and kills a grandchild that ignores SIGTERM once kill_grace has passed', async () => {
    core = await startCore(box.home);
    const { run, log } = await runTask(core, 'tree/stubborn');
    expect(run.status).toBe('timeout');
    expect(run.error).toMatch(/timed out after 1s/);
    expect(log).toContain('waiting');
    const grandchild = readPid(pidFile('stubborn'));
    expect(grandchild).toBeDefined();
    await waitFor('the TERM-ignoring grandchild to be killed', () => isProcessGone(grandchild as number), { timeoutMs: 15_000 });
  });

  it('kills a descendant that left the process group with setsid when the task times out', async () => {
    core = await startCore(box.home);
    const { run } = await runTask(core, 'tree/detached');
    expect(run.status).toBe('timeout');
    const detached = readPid(pidFile('detached'));
    expect(detached).toBeDefined();
    await waitFor('the setsid grandchild to be killed', () => isProcessGone(detached as number), { timeoutMs: 15_000 });
  });

  it('cancels a running run and kills its whole process tree', async () => {
    core = await startCore(box.home);
    const started = core.handlers['runs.start']({ task: 'tree/cancellable' });
    const grandchild = await waitFor('the task to write its grandchild pid', () => readPid(pidFile('cancellable')));
    const live = core;
    await waitFor('the run to be running', () => live.handlers['runs.get']({ id: started.id, log: false }).run.status === 'running');
    core.handlers['runs.cancel']({ id: started.id });
    const ended = await core.handlers['runs.wait']({ id: started.id });
    expect(ended.status).toBe('cancelled');
    await waitFor('the grandchild of the cancelled run to be killed', () => isProcessGone(grandchild), { timeoutMs: 15_000 });
  });

  it('records a command that cannot be started as a failed run with a readable error', async () => {
    core = await startCore(box.home);
    const { run } = await runTask(core, 'tree/missing');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/no-such-program/);
    expect(run.finished_at).not.toBeNull();
  });
});

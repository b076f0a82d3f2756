// What a task puts at AGENT_OS_OUTPUT cannot stop the engine (issue 22): a 600 MB line is dropped with a
// note, never held whole; a FIFO or a symlink to /dev/zero in the file's place is not read at all.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { runTask, startCore } from '../helpers/core';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let core: Core | null = null;

const result = (key: string): string => `printf '%s\\n' '{"type":"result","key":"${key}","ok":true}' >> "$AGENT_OS_OUTPUT"`;

beforeAll(() => {
  box = createSandbox();
  const dir = writeProject(box.root, 'hostile', {
    manifest: `name: hostile
tasks:
  huge_line:
    # truncate grows the file by 600 MB of NUL bytes without a newline: one line the size of the file.
    command: >-
      ${result('before')};
      truncate -s +600M "$AGENT_OS_OUTPUT";
      printf '\\n' >> "$AGENT_OS_OUTPUT";
      ${result('after')}
  fifo:
    command: 'rm -f "$AGENT_OS_OUTPUT" && mkfifo "$AGENT_OS_OUTPUT" && echo made a fifo'
  dev_zero:
    command: 'rm -f "$AGENT_OS_OUTPUT" && ln -s /dev/zero "$AGENT_OS_OUTPUT" && echo made a symlink'
`,
  });
  writeConfig(box.home, [dir]);
});

afterEach(async () => {
  await core?.stop();
  core = null;
});

afterAll(() => box.cleanup());

describe('hostile AGENT_OS_OUTPUT files', () => {
  it('drops a 600 MB output line with one note on the run and keeps the results around it', async () => {
    core = await startCore(box.home);
    const { run, log } = await runTask(core, 'hostile/huge_line');
    expect(run.status).toBe('success');
    expect(log).toContain('[agent-os] AGENT_OS_OUTPUT: line 2 is 600.0 MB, over the 1 MB limit for a line, and was ignored');
    const keys = core.handlers['results.list']({ task: 'hostile/huge_line' }).map((r) => r.key);
    expect(keys.sort()).toEqual(['after', 'before']);
  }, 60_000);

  it('finishes a run whose output file was replaced by a FIFO without waiting for a writer', async () => {
    core = await startCore(box.home);
    const { run, log } = await runTask(core, 'hostile/fifo');
    expect(run.status).toBe('success');
    expect(log).toContain('made a fifo');
    expect(log).toContain('[agent-os] AGENT_OS_OUTPUT: the file is not a regular file (a FIFO, a device or a symlink) and was not read');
    expect(core.handlers['results.list']({ task: 'hostile/fifo' })).toEqual([]);
  });

  it('finishes a run whose output file became a symlink to /dev/zero without reading it', async () => {
    core = await startCore(box.home);
    const { run, log } = await runTask(core, 'hostile/dev_zero');
    expect(run.status).toBe('success');
    expect(log).toContain('made a symlink');
    expect(log).toContain('[agent-os] AGENT_OS_OUTPUT: the file is not a regular file (a FIFO, a device or a symlink) and was not read');
    expect(core.handlers['results.list']({ task: 'hostile/dev_zero' })).toEqual([]);
  });
});

// The held shell (runner/held-process.ts) under both shells a /bin/sh may be: dash (Debian) and bash
// (macOS). Whatever the shell, the task it execs must see exactly its own environment plus its run id.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canHold, holdScript } from '../../src-main/core/runner/held-process';
import { removeStaleHeldFolders } from '../../src-main/core/runner/launch-ahead';
import { createSandbox, envNames, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

interface Shell {
  name: string;
  file: string;
  /** bash started as `sh` behaves as macOS's /bin/sh does (POSIX mode, no startup files). */
  argv0?: string;
}

/** Runs `env` through the hold script under `shell`, releasing it with run id 42; returns what env printed. */
function heldEnv(shell: Shell, env: Record<string, string>, line = '42\n'): Promise<{ out: string; code: number | null }> {
  const child = spawn(shell.file, ['-c', holdScript(env), 'agent-os-task', 'env'], { env, argv0: shell.argv0, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.end(line);
  return new Promise((resolve) => child.on('close', (code) => resolve({ out, code })));
}

const SHELLS: Shell[] = [
  { name: '/bin/sh', file: '/bin/sh' },
  { name: 'dash', file: 'dash' },
  { name: 'bash as sh (macOS /bin/sh)', file: 'bash', argv0: 'sh' },
].filter((shell) => spawnSync(shell.file, ['-c', 'exit 0']).status === 0);

describe('the hold script', () => {
  it('is exercised under both dash and bash on this machine', () => {
    expect(SHELLS.map((shell) => shell.file)).toEqual(expect.arrayContaining(['dash', 'bash']));
  });

  for (const shell of SHELLS) {
    it(`under ${shell.name}: the task sees exactly its environment and AGENT_OS_RUN_ID, nothing the shell adds`, async () => {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TASK_SETTING: 'a value with spaces', AGENT_OS_OUTPUT: '/tmp/x/output.jsonl' };
      const { out, code } = await heldEnv(shell, env);
      expect(code).toBe(0);
      expect(envNames(out)).toEqual(['AGENT_OS_OUTPUT', 'AGENT_OS_RUN_ID', 'PATH', 'TASK_SETTING']);
      expect(out).toContain('AGENT_OS_RUN_ID=42\n');
      expect(out).toContain('TASK_SETTING=a value with spaces\n');
    });

    it(`under ${shell.name}: keeps PWD or SHLVL when the task's own environment sets them`, async () => {
      const { out } = await heldEnv(shell, { PATH: process.env.PATH ?? '/usr/bin:/bin', SHLVL: '7', PWD: '/' });
      expect(out).toContain('SHLVL=7\n');
      expect(envNames(out)).toEqual(['AGENT_OS_RUN_ID', 'PATH', 'PWD', 'SHLVL']);
    });

    it(`under ${shell.name}: runs nothing when stdin closes without a run id`, async () => {
      const { out, code } = await heldEnv(shell, { PATH: process.env.PATH ?? '/usr/bin:/bin' }, '');
      expect(out).toBe('');
      expect(code).toBe(0);
    });
  }
});

describe('canHold', () => {
  it('holds a program found on the task PATH, by relative path from cwd, or absolute; not a missing one or a missing cwd', () => {
    const bin = join(box.root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'tool'), '#!/bin/sh\necho hi\n');
    chmodSync(join(bin, 'tool'), 0o755);
    writeFileSync(join(bin, 'not-executable'), 'data');
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    expect(canHold(['tool'], box.root, env)).toBe(true);
    expect(canHold(['./bin/tool'], box.root, env)).toBe(true);
    expect(canHold([join(bin, 'tool')], '/', env)).toBe(true);
    expect(canHold('echo from a shell string', box.root, env)).toBe(true);
    expect(canHold(['no-such-tool-agent-os'], box.root, env)).toBe(false);
    expect(canHold(['not-executable'], box.root, env)).toBe(false);
    expect(canHold(['./bin'], box.root, env)).toBe(false);
    expect(canHold(['tool'], join(box.root, 'missing-dir'), env)).toBe(false);
  });
});

describe('removeStaleHeldFolders', () => {
  it("removes the folders of held launches whose engine is gone, and keeps live engines' and anything else", () => {
    const dead = spawnSync('true').pid;
    const live = process.ppid;
    const names = [`agent-os-held-${dead}-abc`, `agent-os-held-${live}-def`, `agent-os-held-${process.pid}-ghi`, 'agent-os-run-12-jkl', 'unrelated'];
    for (const name of names) {
      mkdirSync(join(box.root, name));
      writeFileSync(join(box.root, name, 'output.jsonl'), '');
    }
    expect(removeStaleHeldFolders(box.root)).toBe(1);
    expect(names.filter((name) => existsSync(join(box.root, name)))).toEqual(names.slice(1));
  });
});

// A task's environment is a minimal base + its project's env file(s) + its task env + AGENT_OS_*:
// never Agent OS's own environment, never another project's env (SPEC §3, §4).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { runTask, startCore } from '../helpers/core';
import { createSandbox, parseEnv, type Sandbox, writeConfig, writeProject } from '../helpers/fixtures';

let box: Sandbox;
let core: Core | null = null;

const HOST_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: '/home/agent-os-test',
  USER: 'tester',
  LANG: 'C.UTF-8',
  TMPDIR: process.env.TMPDIR ?? '/tmp',
  SHELL: '/bin/sh',
  HOST_ONLY_SETTING: 'from-the-agent-os-process',
  OPENAI_API_KEY: 'sk-proj-HostOwnKey0123456789abcdef',
  NODE_OPTIONS: '--max-old-space-size=64',
};

beforeAll(() => {
  box = createSandbox();
  const alpha = writeProject(box.root, 'alpha', {
    manifest: `name: alpha
tasks:
  show:
    command: ["env"]
    env: { TASK_LEVEL: debug, SHARED_NAME: from-task-env, RETRIES_AS_TEXT: 3 }
  plain:
    command: ["env"]
`,
    env: { ALPHA_SETTING: 'from-alpha-env', SHARED_NAME: 'from-alpha-env-file' },
  });
  const beta = writeProject(box.root, 'beta', {
    manifest: 'name: beta\nenv_file: [base.env, .env]\ntasks:\n  show:\n    command: ["env"]\n',
    env: { BETA_SETTING: 'from-beta-env' },
  });
  writeFileSync(join(beta, 'base.env'), 'BETA_SETTING=from-base-env\nBETA_BASE_ONLY=from-base-env\n');
  const gamma = writeProject(box.root, 'gamma', {
    manifest: 'name: gamma\nenv_file: secrets.env\ntasks:\n  show:\n    command: ["env"]\n',
  });
  writeConfig(box.home, [alpha, beta, gamma]);
});

afterEach(async () => {
  await core?.stop();
  core = null;
});

afterAll(() => box.cleanup());

describe('task environment', () => {
  it("gives a task exactly the base variables, its project's env file, its task env and AGENT_OS_*", async () => {
    core = await startCore(box.home, HOST_ENV);
    const { run, log } = await runTask(core, 'alpha/show');
    expect(run.status).toBe('success');
    const vars = parseEnv(log);
    expect([...vars.keys()].sort()).toEqual(
      [
        'AGENT_OS_OUTPUT',
        'AGENT_OS_RUN_ID',
        'ALPHA_SETTING',
        'HOME',
        'LANG',
        'PATH',
        'RETRIES_AS_TEXT',
        'SHARED_NAME',
        'SHELL',
        'TASK_LEVEL',
        'TMPDIR',
        'USER',
      ].sort(),
    );
    expect(vars.get('HOME')).toBe('/home/agent-os-test');
    expect(vars.get('USER')).toBe('tester');
    expect(vars.get('ALPHA_SETTING')).toBe('from-alpha-env');
    expect(vars.get('AGENT_OS_RUN_ID')).toBe(String(run.id));
    expect(vars.get('RETRIES_AS_TEXT')).toBe('3');
  });

  it("lets the task's env override the project's env file", async () => {
    core = await startCore(box.home, HOST_ENV);
    const { log } = await runTask(core, 'alpha/show');
    expect(parseEnv(log).get('SHARED_NAME')).toBe('from-task-env');
    const plain = await runTask(core, 'alpha/plain');
    expect(parseEnv(plain.log).get('SHARED_NAME')).toBe('from-alpha-env-file');
    expect(parseEnv(plain.log).has('TASK_LEVEL')).toBe(false);
  });

  it("never passes Agent OS's own variables (keys included) to a task", async () => {
    core = await startCore(box.home, HOST_ENV);
    const { log } = await runTask(core, 'alpha/plain');
    const vars = parseEnv(log);
    for (const name of ['HOST_ONLY_SETTING', 'OPENAI_API_KEY', 'NODE_OPTIONS']) expect(vars.has(name)).toBe(false);
    expect(log).not.toContain('from-the-agent-os-process');
  });

  it("never gives one project's env to another project's task", async () => {
    core = await startCore(box.home, HOST_ENV);
    const alpha = parseEnv((await runTask(core, 'alpha/plain')).log);
    const beta = parseEnv((await runTask(core, 'beta/show')).log);
    expect(alpha.has('BETA_SETTING')).toBe(false);
    expect(beta.has('ALPHA_SETTING')).toBe(false);
    expect(beta.has('SHARED_NAME')).toBe(false);
  });

  it('reads every env file listed in env_file, later files overriding earlier ones', async () => {
    core = await startCore(box.home, HOST_ENV);
    const { run, log } = await runTask(core, 'beta/show');
    expect(run.status).toBe('success');
    const vars = parseEnv(log);
    expect(vars.get('BETA_SETTING')).toBe('from-beta-env');
    expect(vars.get('BETA_BASE_ONLY')).toBe('from-base-env');
  });

  it('fails a run with a readable error when an env file the manifest names is missing', async () => {
    core = await startCore(box.home, HOST_ENV);
    const { run } = await runTask(core, 'gamma/show');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/secrets\.env.*env_file/);
  });
});

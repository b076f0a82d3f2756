import { describe, expect, it } from 'vitest';
import { BASE_ENV_NAMES, buildTaskEnv } from '../../src-main/core/runner/task-env';

const HOST = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/erik',
  USER: 'erik',
  LANG: 'nb_NO.UTF-8',
  TMPDIR: '/var/tmp',
  SHELL: '/bin/zsh',
  OPENAI_API_KEY: 'sk-agent-os-own-key-0000000000',
  AGENT_OS_HOME: '/home/erik/.agent-os',
  NODE_OPTIONS: '--inspect',
  LOG_LEVEL: 'debug',
};

describe('buildTaskEnv', () => {
  it('takes only PATH, HOME, USER, LANG, TMPDIR and SHELL from the host', () => {
    const env = buildTaskEnv({ host: HOST, project: {}, task: {}, runId: 7, outputPath: '/tmp/out.jsonl', triggerPath: null });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin:/opt/homebrew/bin:/usr/local/bin',
      HOME: '/home/erik',
      USER: 'erik',
      LANG: 'nb_NO.UTF-8',
      TMPDIR: '/var/tmp',
      SHELL: '/bin/zsh',
      AGENT_OS_RUN_ID: '7',
      AGENT_OS_OUTPUT: '/tmp/out.jsonl',
    });
    expect([...BASE_ENV_NAMES].sort()).toEqual(['HOME', 'LANG', 'PATH', 'SHELL', 'TMPDIR', 'USER']);
  });

  it('lets the project env override the base and the task env override the project', () => {
    const env = buildTaskEnv({
      host: HOST,
      project: { LOG_LEVEL: 'warn', OPENAI_API_KEY: 'sk-project-key', PATH: '/project/bin' },
      task: { LOG_LEVEL: 'info', EXTRA: '1' },
      runId: 1,
      outputPath: '/tmp/o',
      triggerPath: null,
    });
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.OPENAI_API_KEY).toBe('sk-project-key');
    expect(env.PATH).toBe('/project/bin');
    expect(env.EXTRA).toBe('1');
    expect(env.HOME).toBe('/home/erik');
  });

  it('never passes on the rest of the host environment', () => {
    const env = buildTaskEnv({ host: HOST, project: {}, task: {}, runId: 1, outputPath: '/tmp/o', triggerPath: null });
    expect(env).not.toHaveProperty('OPENAI_API_KEY');
    expect(env).not.toHaveProperty('AGENT_OS_HOME');
    expect(env).not.toHaveProperty('NODE_OPTIONS');
    expect(env).not.toHaveProperty('LOG_LEVEL');
  });

  it('sets AGENT_OS_TRIGGER only when the run has a trigger payload', () => {
    const withTrigger = buildTaskEnv({ host: HOST, project: {}, task: {}, runId: 3, outputPath: '/tmp/o', triggerPath: '/tmp/trigger.json' });
    expect(withTrigger.AGENT_OS_TRIGGER).toBe('/tmp/trigger.json');
    const without = buildTaskEnv({ host: HOST, project: { AGENT_OS_TRIGGER: '/etc/passwd' }, task: {}, runId: 3, outputPath: '/tmp/o', triggerPath: null });
    expect(without).not.toHaveProperty('AGENT_OS_TRIGGER');
  });

  it('sets the protocol variables after the project and task env so they cannot be overridden', () => {
    const env = buildTaskEnv({
      host: HOST,
      project: { AGENT_OS_RUN_ID: '999', AGENT_OS_OUTPUT: '/project/out' },
      task: { AGENT_OS_OUTPUT: '/task/out' },
      runId: 42,
      outputPath: '/tmp/run-42/output.jsonl',
      triggerPath: null,
    });
    expect(env.AGENT_OS_RUN_ID).toBe('42');
    expect(env.AGENT_OS_OUTPUT).toBe('/tmp/run-42/output.jsonl');
  });

  it('fills a usable PATH and SHELL when the host has none', () => {
    const env = buildTaskEnv({ host: {}, project: {}, task: {}, runId: 1, outputPath: '/tmp/o', triggerPath: null });
    expect(env.PATH).toContain('/usr/bin');
    expect(env.SHELL).toBe('/bin/sh');
    expect(Object.keys(env).every((k) => (BASE_ENV_NAMES as readonly string[]).includes(k) || k.startsWith('AGENT_OS_'))).toBe(true);
  });
});

// Acceptance: `--help` works on every command, and every user error is one clear line on stderr with a
// non-zero exit (SPEC §9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;

beforeAll(() => {
  box = createSandbox();
  const p = writeProject(box.root, 'p', { manifest: 'name: p\ntasks:\n  ok:\n    command: ["true"]\n' });
  const broken = writeProject(box.root, 'broken', { manifest: 'name: broken\ntasks:\n  a:\n    command: ["true"]\n    timeout: soon\n    colour: red\n' });
  writeConfig(box.home, [p, broken]);
});

afterAll(() => box.cleanup());

const COMMANDS = ['status', 'run', 'runs', 'logs', 'results', 'projects'] as const;

describe('agent-os --help', () => {
  it.each(COMMANDS)('prints the usage of `%s --help` and exits 0', async (command) => {
    const result = await runCli([command, '--help'], { home: box.home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: agent-os ${command}\\b`, 'm'));
    expect(result.stdout).toMatch(/--help/);
    expect(result.stderr).toBe('');
  });

  it('lists every command in the top-level --help and exits 0', async () => {
    const result = await runCli(['--help'], { home: box.home });
    expect(result.code, result.stderr).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(result.stdout).not.toMatch(/__execute/);
  });
});

// [what is wrong, argv, what the one line must mention]
const USER_ERRORS: Array<[string, string[], RegExp]> = [
  ['an unknown task', ['run', 'p/nope', '--wait'], /no task "nope"/],
  ['an unknown task without --wait', ['run', 'p/nope'], /no task "nope"/],
  ['an unknown project', ['run', 'nope/x', '--wait'], /no project named "nope"/],
  ['a task id without a project', ['run', 'justatask'], /project\/task/],
  ['a task of an invalid manifest', ['run', 'broken/a', '--wait'], /broken.*invalid/],
  ['results of an unknown task', ['results', 'p/nope', '--json'], /p\/nope/],
  ['a bad flag', ['status', '--bogus'], /unknown option '--bogus'/],
  ['a bad flag on runs', ['runs', '--frobnicate'], /unknown option/],
  ['a zero --limit', ['runs', '--limit', '0'], /--limit/],
  ['a non-numeric --limit', ['runs', '--limit', 'abc'], /--limit/],
  ['a negative --limit on results', ['results', 'p/ok', '--limit', '-3'], /limit/],
  ['an unknown run id for logs', ['logs', '999'], /no run with id 999/],
  ['a run id that is not a number', ['logs', 'abc'], /run-id/],
  ['a missing argument', ['run'], /missing required argument/],
  ['an unknown command', ['frobnicate'], /unknown command/],
];

describe('agent-os errors', () => {
  it.each(USER_ERRORS)('reports %s as one line on stderr and a non-zero exit', async (_what, argv, mentions) => {
    const result = await runCli(argv, { home: box.home });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^agent-os\b/);
    expect(lines[0]).toMatch(mentions);
    expect(lines[0]).not.toMatch(/\bat .*\.(m?js|ts):\d+/);
  });

  it('reports an invalid manifest in projects --json without failing the command', async () => {
    const result = await runCli(['projects', '--json'], { home: box.home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'broken', state: 'invalid' })]));
  });
});

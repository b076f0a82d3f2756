// Acceptance (issue 26, CLI): no internal names in what the CLI tells its user: the `--help` of every
// command and the errors a user typically meets say neither "SPEC §10" nor an API command name such as
// `runs.start`, in-process and through a running serve; each error is one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARG_SCHEMAS } from '../../src-main/core/handlers/arg-schemas';
import { runCli, type CliResult } from '../helpers/cli';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const INTERNAL: readonly RegExp[] = [/SPEC/, /§/, ...Object.keys(ARG_SCHEMAS).map((name) => new RegExp(`(?<![\\w.])${name.replace('.', '\\.')}(?![\\w])`))];

/** The internal names a text mentions. */
const internalNames = (text: string): string[] => INTERNAL.filter((re) => re.test(text)).map(String);

/** Mistakes a user makes, each answered by an error. */
const MISTAKES: readonly string[][] = [
  ['statsu'],
  ['run'],
  ['run', 'justname'],
  ['run', 'nope/job'],
  ['run', 'shop/nope'],
  ['logs', '99999'],
  ['logs', 'abc'],
  ['results', 'shop'],
  ['results', 'nope/job'],
  ['runs', '--limit', '0'],
  ['costs', '--by', 'week'],
  ['costs', '--since', 'soon'],
  ['status', '--remote', 'nowhere'],
  ['ping', 'shop/job'],
  ['ping', 'nope/job'],
  ['notify', 'nope', 'hello'],
  ['notify', 'shop', 'hello', '--level', 'loud'],
  ['serve', '--port', 'http'],
];

let box: Sandbox;

beforeAll(() => {
  box = createSandbox('agent-os-user-text-');
  const shop = writeProject(box.root, 'shop', { manifest: 'name: shop\ntasks:\n  job:\n    command: ["true"]\n' });
  writeConfig(box.home, [shop], ANY_PORT);
});

afterAll(() => box.cleanup());

const cli = (args: readonly string[]): Promise<CliResult> => runCli(args, { home: box.home });

async function expectPlainErrors(): Promise<void> {
  for (const args of MISTAKES) {
    const result = await cli(args);
    const said = `agent-os ${args.join(' ')} → ${result.stderr}`;
    expect(result.code, said).not.toBe(0);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('(Did you mean')),
      said,
    ).toHaveLength(1);
    expect(result.stderr, said).toMatch(/^agent-os( \w+)?: /);
    expect(internalNames(result.stderr + result.stdout), said).toEqual([]);
  }
}

describe('agent-os help', () => {
  it('names no internal document or API command in the help of the program and of every command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.slice(top.stdout.indexOf('Commands:')).matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1] ?? '').filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['status', 'run', 'runs', 'logs', 'costs', 'serve', 'doctor']));
    expect(internalNames(top.stdout)).toEqual([]);
    for (const command of commands) {
      const help = await cli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: agent-os ${command}`);
      expect(internalNames(help.stdout), `agent-os ${command} --help`).toEqual([]);
    }
  }, 60_000);
});

describe('agent-os errors', () => {
  it('answers typical mistakes in one plain line with no internal names, in-process', async () => {
    await expectPlainErrors();
  }, 60_000);

  it('answers them the same way through a running serve', async () => {
    const serve: ServeProcess = await startServe(box.home);
    try {
      await expectPlainErrors();
    } finally {
      await serve.stop();
    }
  }, 90_000);
});

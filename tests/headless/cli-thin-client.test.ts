// Acceptance (issue 26, a fast CLI): with a serve running for the home, a CLI command is a thin client that
// loads no engine code (no engine bundle, no package but commander and better-sqlite3 for the engine lock); with none running it loads the engine
// and answers in-process. What a real CLI process loads is recorded by a module-resolution hook preloaded
// with `node --import` (tests/fixtures/module-trace).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const TRACE_HOOK = fileURLToPath(new URL('../fixtures/module-trace/register.mjs', import.meta.url));

let box: Sandbox;
let traces = 0;

beforeAll(() => {
  box = createSandbox('agent-os-thin-cli-');
  const shop = writeProject(box.root, 'shop', { manifest: 'name: shop\ntasks:\n  job:\n    command: ["true"]\n    schedule: "0 * * * *"\n' });
  writeConfig(box.home, [shop], ANY_PORT);
});

afterAll(() => box.cleanup());

/** Runs the CLI and returns what it printed and every module it loaded (file URLs and node: builtins). */
async function traced(args: readonly string[]): Promise<{ result: CliResult; modules: string[] }> {
  const file = join(box.root, `trace-${++traces}.txt`);
  const result = await runCli(args, { home: box.home, env: { NODE_OPTIONS: `--import=${TRACE_HOOK}`, MODULE_TRACE_FILE: file } });
  return { result, modules: [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))] };
}

/** The npm packages among loaded modules ("commander", "zod", …). */
const packagesOf = (modules: readonly string[]): string[] =>
  [...new Set(modules.map((m) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1]).filter((p): p is string => p !== undefined))].sort();
const engineBundle = (modules: readonly string[]): string[] => modules.filter((m) => m.endsWith('/dist/headless/cli-engine.mjs'));

describe('the CLI with no engine running for the home', () => {
  it('loads the engine and answers in-process', async () => {
    const { result, modules } = await traced(['status', '--json']);
    expect(result.code).toBe(0);
    expect(engineBundle(modules)).toHaveLength(1);
    expect(packagesOf(modules)).toEqual(expect.arrayContaining(['better-sqlite3', 'commander', 'yaml', 'zod']));
  });
});

describe('the CLI with a serve running for the home', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(box.home);
  }, 60_000);
  afterAll(async () => {
    await serve.stop();
  });

  it('answers status --json as a thin client: no engine bundle, no package but commander and the lock check', async () => {
    const { result, modules } = await traced(['status', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { projects: Array<{ name: string }> }).projects.map((p) => p.name)).toEqual(['shop']);
    expect(engineBundle(modules)).toEqual([]);
    expect(packagesOf(modules)).toEqual(['better-sqlite3', 'commander']);
  });

  it('stays thin for the other everyday commands: status text, runs, costs and a run started in the background', async () => {
    for (const args of [
      ['status', '--failing', '--exit-code'],
      ['runs', '--json'],
      ['costs', '--json'],
      ['run', 'shop/job'],
    ]) {
      const { result, modules } = await traced(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(engineBundle(modules), args.join(' ')).toEqual([]);
      expect(packagesOf(modules), args.join(' ')).toEqual(['better-sqlite3', 'commander']);
    }
  });
});

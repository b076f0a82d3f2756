// Acceptance (issue 26, CLI): `agent-os status` ends with one summary line, `--failing` lists only what
// needs attention, `--exit-code` exits 1 when something does, and a project's own status command shows in
// the text output. Real CLI processes on a real home, in-process and through a running serve.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { ANY_PORT, startServe, type ServeProcess } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let healthy: Sandbox;

const SHOP = `name: shop
tasks:
  web:
    command: ["true"]
  broken:
    command: ["sh", "-c", "echo 'disk full' >&2; exit 3"]
  idle:
    command: ["true"]
status:
  command: ["sh", "status.sh"]
  every: 1d
`;

const status = (args: string[] = [], home = box.home) => runCli(['status', ...args], { home });

beforeAll(async () => {
  box = createSandbox('agent-os-status-summary-');
  const shop = writeProject(box.root, 'shop', { manifest: SHOP });
  writeFileSync(join(shop, 'status.sh'), `echo checking\necho '${JSON.stringify({ state: 'degraded', message: 'slow checkout' })}'\n`);
  const fine = writeProject(box.root, 'fine', { manifest: 'name: fine\ntasks:\n  job:\n    command: ["true"]\n' });
  const bad = writeProject(box.root, 'bad', { manifest: 'name: bad\ntasks:\n  oops:\n    schedule: 12\n' });
  writeConfig(box.home, [shop, fine, bad], ANY_PORT);
  for (const task of ['shop/web', 'shop/broken', 'shop/_status', 'fine/job']) await runCli(['run', task, '--wait'], { home: box.home });

  healthy = createSandbox('agent-os-status-healthy-');
  const only = writeProject(healthy.root, 'only', { manifest: 'name: only\ntasks:\n  job:\n    command: ["true"]\n' });
  writeConfig(healthy.home, [only], ANY_PORT);
  await runCli(['run', 'only/job', '--wait'], { home: healthy.home });
}, 120_000);

afterAll(() => {
  box.cleanup();
  healthy.cleanup();
});

const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('agent-os status text', () => {
  it('ends with one summary line counting tasks by state, invalid projects and projects reporting trouble', async () => {
    const result = await status();
    expect(result.code).toBe(0);
    expect(lastLine(result.stdout)).toBe('1 failing · 1 invalid · 1 project degraded · 1 never run · 3 ok');
  });

  it("shows what the project's status command reported on the project's line", async () => {
    const { stdout } = await status();
    expect(stdout).toMatch(/^shop {2}\S+ {2}● degraded: slow checkout \(reported .+\)$/m);
  });

  it('lists only what needs attention with --failing: the failing task, the invalid project, the project reporting trouble', async () => {
    const { stdout, code } = await status(['--failing']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}broken .*failing/m);
    expect(stdout).toContain('disk full');
    expect(stdout).toMatch(/^bad {2}invalid manifest/m);
    expect(stdout).toMatch(/^shop .*● degraded/m);
    for (const quiet of [/^ {2}web /m, /^ {2}idle /m, /^fine /m, /^ {2}job /m]) expect(stdout).not.toMatch(quiet);
    expect(lastLine(stdout)).toBe('1 failing · 1 invalid · 1 project degraded · 1 never run · 3 ok');
  });

  it('keeps --json --failing to the same projects and tasks', async () => {
    const { stdout } = await status(['--json', '--failing']);
    const doc = JSON.parse(stdout) as { projects: Array<{ name: string; tasks: Array<{ id: string }> }> };
    expect(doc.projects.map((p) => [p.name, p.tasks.map((t) => t.id)])).toEqual([
      ['bad', []],
      ['shop', ['shop/broken']],
    ]);
  });
});

describe('agent-os status --exit-code', () => {
  it('exits 1 when something needs attention, and 0 without the flag', async () => {
    expect((await status(['--exit-code'])).code).toBe(1);
    expect((await status(['--exit-code', '--json'])).code).toBe(1);
    expect((await status()).code).toBe(0);
  });

  it('exits 0 when all is well, saying so under --failing', async () => {
    const result = await status(['--failing', '--exit-code'], healthy.home);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Nothing needs attention.\n1 ok\n');
  });
});

describe('agent-os status through a running serve', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(box.home);
  }, 60_000);
  afterAll(async () => {
    await serve.stop();
  });

  it('prints the same summary and exit code as in-process', async () => {
    const result = await status(['--failing', '--exit-code']);
    expect(result.code).toBe(1);
    expect(lastLine(result.stdout)).toBe('1 failing · 1 invalid · 1 project degraded · 1 never run · 3 ok');
  });
});

// Acceptance (SPEC §8, §10): `agent-os doctor [--json] [--markdown] [--write-examples]` run as a real CLI
// process over real project folders and git repositories: every finding kind, exit 1 on a problem and 0
// without, and no secret value in its output or in any file of the Agent OS home.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyAudit } from '../../src-main/core/keys/keys-types';
import { runCli, type CliResult } from '../helpers/cli';
import { dbPath } from '../helpers/db';
import { ANY_PORT, startServe } from '../helpers/engine';
import { createSandbox, filesContaining, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const SHARED_KEY = 'sk-proj-DoctorSharedOpenAiKey0123456789';
const DB_PASSWORD = 'doctor-db-password-Quartz-Lamp-77';
const OWN_KEY = 'sk-proj-DoctorOwnProcessKey0123456789ab';
const ADMIN_OPENAI = 'sk-admin-DoctorLegitAdminOpenAi012345';
const ADMIN_ANTHROPIC = 'sk-ant-admin01-DoctorLegitAdminAnthro0';
const CLEAN_KEY = 'sk-proj-DoctorCleanProjectKey0123456789';
const SERVE_KEY = 'sk-ant-api03-DoctorServeProcessKey012345';
const SECRETS = [SHARED_KEY, DB_PASSWORD, OWN_KEY, ADMIN_OPENAI, ADMIN_ANTHROPIC, CLEAN_KEY, SERVE_KEY];
// The CLI's own environment: a provider key that should not be there, and the legitimate admin keys.
const CLI_ENV = { OPENAI_API_KEY: OWN_KEY, ANTHROPIC_API_KEY: '', AGENT_OS_OPENAI_ADMIN_KEY: ADMIN_OPENAI, AGENT_OS_ANTHROPIC_ADMIN_KEY: ADMIN_ANTHROPIC };
// No provider key at all: what a clean machine looks like.
const CLEAN_ENV = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Agent OS Test', '-c', 'user.email=test@agent-os.invalid', ...args], { cwd: dir, stdio: 'ignore' });
}

let messy: Sandbox;
let clean: Sandbox;
const dirs: Record<string, string> = {};
const outputs: CliResult[] = [];
let json: CliResult;
let text: CliResult;
let markdown: CliResult;
let writeExamples: CliResult;
let leaksWhileOpen: Array<[string, string[]]> = [];

beforeAll(async () => {
  messy = createSandbox();
  dirs.alpha = writeProject(messy.root, 'alpha', { manifest: 'name: alpha\n', env: { OPENAI_API_KEY: SHARED_KEY } });
  git(dirs.alpha, 'init', '-q');
  git(dirs.alpha, 'add', '.env');
  git(dirs.alpha, 'commit', '-q', '-m', 'oops, the env file');
  dirs.beta = writeProject(messy.root, 'beta', { manifest: 'name: beta\n', env: { OPENAI_API_KEY: SHARED_KEY, DB_PASSWORD } });
  git(dirs.beta, 'init', '-q');
  dirs.delta = writeProject(messy.root, 'delta', { manifest: 'name: delta\nenv_file: ../alpha/.env\n' });
  writeConfig(messy.home, [dirs.alpha, dirs.beta, dirs.delta]);

  clean = createSandbox();
  const tidy = writeProject(clean.root, 'tidy', { manifest: 'name: tidy\n', env: { OPENAI_API_KEY: CLEAN_KEY } });
  writeFileSync(join(tidy, '.gitignore'), '.env\n');
  writeFileSync(join(tidy, '.env.example'), 'OPENAI_API_KEY=\n');
  git(tidy, 'init', '-q');
  git(tidy, 'add', '.gitignore', '.env.example', 'agent-os.yml');
  git(tidy, 'commit', '-q', '-m', 'tidy project');
  writeConfig(clean.home, [tidy]);

  const options = { home: messy.home, env: CLI_ENV };
  // The first command creates the database; a reader held open keeps its -wal and -shm files on disk.
  json = await runCli(['doctor', '--json'], options);
  const reader = new Database(dbPath(messy.home));
  reader.prepare('SELECT 1').get();
  try {
    text = await runCli(['doctor'], options);
    markdown = await runCli(['doctor', '--markdown'], options);
    writeExamples = await runCli(['doctor', '--write-examples'], options);
    leaksWhileOpen = SECRETS.map((s) => [s, filesContaining(messy.home, s)]);
  } finally {
    reader.close();
  }
  outputs.push(json, text, markdown, writeExamples);
}, 60_000);

afterAll(() => {
  messy?.cleanup();
  clean?.cleanup();
});

const audit = (): KeyAudit => JSON.parse(json.stdout) as KeyAudit;

describe('agent-os doctor --json', () => {
  it('exits 1 and reports every kind of problem', () => {
    expect(json.code, json.stderr).toBe(1);
    expect([...new Set(audit().findings.map((f) => f.kind))].sort()).toEqual([
      'env_not_ignored',
      'env_tracked',
      'foreign_env',
      'missing_env_example',
      'own_env_secret',
      'shared_secret',
    ]);
  });

  it('reports the OPENAI_API_KEY that alpha and beta share as shared_secret naming both', () => {
    const shared = audit().findings.filter((f) => f.kind === 'shared_secret');
    expect(shared).toHaveLength(1);
    expect(shared[0]?.projects).toEqual(expect.arrayContaining(['alpha', 'beta']));
    expect(shared[0]?.variable).toBe('OPENAI_API_KEY');
  });

  it('reports the committed .env as env_tracked, the unignored one as env_not_ignored, the borrowed one as foreign_env', () => {
    const find = (kind: string) => audit().findings.filter((f) => f.kind === kind);
    expect(find('env_tracked').map((f) => f.projects)).toEqual([['alpha', 'delta']]);
    expect(find('env_not_ignored').map((f) => f.projects)).toEqual(expect.arrayContaining([['beta']]));
    expect(find('foreign_env')).toEqual([expect.objectContaining({ projects: ['delta', 'alpha'], variable: null })]);
  });

  it("reports the OPENAI_API_KEY in the CLI's own environment, and not the AGENT_OS_*_ADMIN_KEY admin keys", () => {
    const own = audit().findings.filter((f) => f.kind === 'own_env_secret');
    expect(own.map((f) => f.variable)).toEqual(['OPENAI_API_KEY']);
  });
});

describe('agent-os doctor', () => {
  it('exits 1 and lists the problems grouped by kind, each with what to do', () => {
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/^\d+ key-hygiene problem\(s\)/);
    for (const heading of ['Env file tracked by git', 'The same secret in several projects', "A project loads another project's env file"])
      expect(text.stdout).toContain(`✘ ${heading}`);
    expect(text.stdout).toContain('alpha (OPENAI_API_KEY), beta (OPENAI_API_KEY) and delta (OPENAI_API_KEY) hold the same secret value');
    expect(text.stdout.match(/Fix: /g)?.length).toBe(audit().findings.length);
  });

  it('prints the inventory as Markdown with variable names only, exiting 0', () => {
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toContain('| OpenAI | `OPENAI_API_KEY` |');
    expect(markdown.stdout).toContain('`DB_PASSWORD`');
  });

  it('writes a names-only .env.example for each project lacking one with --write-examples', () => {
    expect(writeExamples.stdout).toContain(`wrote ${join(dirs.beta ?? '', '.env.example')}`);
    expect(readFileSync(join(dirs.beta ?? '', '.env.example'), 'utf8')).toMatch(/^#[^\n]*\nOPENAI_API_KEY=\nDB_PASSWORD=\n$/);
    expect(writeExamples.stdout).not.toContain('Env file without .env.example');
    expect(writeExamples.code).toBe(1);
  });

  it('exits 0 and says so when there is no problem', async () => {
    const human = await runCli(['doctor'], { home: clean.home, env: CLEAN_ENV });
    const machine = await runCli(['doctor', '--json'], { home: clean.home, env: CLEAN_ENV });
    outputs.push(human, machine);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('No key-hygiene problems');
    expect(machine.code, machine.stderr).toBe(0);
    expect((JSON.parse(machine.stdout) as KeyAudit).findings).toEqual([]);
  });
});

describe('agent-os doctor beside a running agent-os serve', () => {
  it("goes through the server, so the server's own environment is the one checked", async () => {
    const box = createSandbox();
    try {
      const tidy = writeProject(box.root, 'solo', { manifest: 'name: solo\n' });
      writeConfig(box.home, [tidy], ANY_PORT);
      const serve = await startServe(box.home, { ...CLEAN_ENV, ANTHROPIC_API_KEY: SERVE_KEY });
      let result: CliResult;
      try {
        result = await runCli(['doctor', '--json'], { home: box.home, env: CLEAN_ENV });
      } finally {
        await serve.stop();
      }
      outputs.push(result, { code: 0, signal: null, stdout: serve.stdout(), stderr: serve.stderr() });
      expect(result.code, result.stderr).toBe(1);
      expect((JSON.parse(result.stdout) as KeyAudit).findings.map((f) => [f.kind, f.variable])).toEqual([['own_env_secret', 'ANTHROPIC_API_KEY']]);
      expect(filesContaining(box.home, SERVE_KEY)).toEqual([]);
    } finally {
      box.cleanup();
    }
  });
});

describe('secret values', () => {
  it('appear nowhere in what doctor printed (text, --json, --markdown, --write-examples)', () => {
    const printed = outputs.map((o) => o.stdout + o.stderr).join('\n');
    expect(SECRETS.filter((s) => printed.includes(s))).toEqual([]);
  });

  it('appear in no file under AGENT_OS_HOME: the database with its -wal and -shm, the logs, the salt', () => {
    expect(leaksWhileOpen).toEqual(SECRETS.map((s) => [s, []]));
    expect(SECRETS.map((s) => [s, [...filesContaining(messy.home, s), ...filesContaining(clean.home, s)]])).toEqual(SECRETS.map((s) => [s, []]));
    expect(readFileSync(join(messy.home, 'keys.salt'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });
});

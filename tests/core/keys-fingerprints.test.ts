// Key hygiene compares keyed fingerprints, never values (SPEC §8): the salt is random, local, private and
// the only thing the audit writes; git questions get a clean answer even without git or a repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, loadSalt, SALT_FILE } from '../../src-main/core/keys/salt';
import { gitFileState } from '../../src-main/core/runner/git-files';
import { startCore } from '../helpers/core';
import { createSandbox, filesContaining, filesUnder, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const SHARED = 'sk-proj-FingerprintSharedKey0123456789ab';
const DB_PASSWORD = 'correct-horse-battery-staple-42';

let box: Sandbox;
const savedEnv = { PATH: process.env.PATH, GIT_DIR: process.env.GIT_DIR };

beforeAll(() => {
  box = createSandbox();
});

afterEach(() => {
  process.env.PATH = savedEnv.PATH;
  if (savedEnv.GIT_DIR === undefined) delete process.env.GIT_DIR;
  else process.env.GIT_DIR = savedEnv.GIT_DIR;
});

afterAll(() => box.cleanup());

describe('the audit salt', () => {
  it('is created on first use as 256 random bits with mode 0600, and reused afterwards', () => {
    const home = join(box.root, 'salt-home');
    mkdirSync(home);
    const first = loadSalt(home);
    const file = join(home, SALT_FILE);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSalt(home).equals(first)).toBe(true);
    expect(filesUnder(home)).toEqual([file]);
  });

  it('makes fingerprints that differ between homes and do not contain the value', () => {
    const [a, b] = ['home-a', 'home-b'].map((name) => {
      mkdirSync(join(box.root, name));
      return loadSalt(join(box.root, name));
    });
    const printA = fingerprint(a as Buffer, SHARED);
    expect(printA).toMatch(/^[0-9a-f]{64}$/);
    expect(printA).toBe(fingerprint(a as Buffer, SHARED));
    expect(printA).not.toBe(fingerprint(b as Buffer, SHARED));
  });

  it('puts its mode back to 0600 when a copied salt lost it', () => {
    const home = join(box.root, 'copied-home');
    mkdirSync(home);
    writeFileSync(join(home, SALT_FILE), `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    expect(loadSalt(home).toString('hex')).toBe('ab'.repeat(32));
    expect(statSync(join(home, SALT_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('an audit of secrets', () => {
  it('leaves no secret value in any file of the home: the database, the logs, the salt', async () => {
    const one = writeProject(box.root, 'one', { manifest: 'name: one\n', env: { OPENAI_API_KEY: SHARED, DB_PASSWORD } });
    const two = writeProject(box.root, 'two', { manifest: 'name: two\n', env: { OPENAI_API_KEY: SHARED } });
    writeConfig(box.home, [one, two]);
    const core = await startCore(box.home, { PATH: process.env.PATH, OPENAI_API_KEY: SHARED });
    try {
      const audit = await core.handlers['keys.audit']({});
      expect(audit.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['shared_secret', 'own_env_secret']));
      await core.handlers['keys.inventoryMarkdown']({});
      expect(filesUnder(box.home).map((f) => f.slice(box.home.length + 1))).toEqual(expect.arrayContaining(['agent-os.db', SALT_FILE]));
      expect([SHARED, DB_PASSWORD].map((s) => [s, filesContaining(box.home, s)])).toEqual([
        [SHARED, []],
        [DB_PASSWORD, []],
      ]);
    } finally {
      await core.stop();
    }
    expect([SHARED, DB_PASSWORD].flatMap((s) => filesContaining(box.home, s))).toEqual([]);
    expect(readFileSync(join(box.home, SALT_FILE), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });
});

describe('asking git about an env file', () => {
  it('answers "not a git repo" for a folder outside any repository', async () => {
    const dir = writeProject(box.root, 'no-repo', { manifest: 'name: no-repo\n', env: { A: 'b' } });
    expect(await gitFileState(join(dir, '.env'))).toEqual({ repo: false });
  });

  it('answers "not a git repo" when git is not installed, instead of crashing', async () => {
    const dir = writeProject(box.root, 'no-git', { manifest: 'name: no-git\n', env: { A: 'b' } });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    process.env.PATH = join(box.root, 'empty-bin');
    expect(await gitFileState(join(dir, '.env'))).toEqual({ repo: false });
  });

  it('answers about the repository the file is in, even when GIT_DIR points elsewhere (inside a git hook)', async () => {
    const other = join(box.root, 'other-repo');
    mkdirSync(other);
    execFileSync('git', ['init', '-q'], { cwd: other });
    const dir = writeProject(box.root, 'hooked', { manifest: 'name: hooked\n', env: { A: 'b' } });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '.env'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=Agent OS Test', '-c', 'user.email=test@agent-os.invalid', 'commit', '-q', '-m', 'env'], { cwd: dir });
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    process.env.GIT_DIR = join(other, '.git');
    expect(await gitFileState(join(dir, '.env'))).toEqual({ repo: true, tracked: true, ignored: true });
  });
});

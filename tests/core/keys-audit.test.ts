// Key hygiene (SPEC §8): the audit over real project folders, real env files and real git repositories,
// through the core's own `keys.audit` handler.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import type { KeyAudit, KeyFinding } from '../../src-main/core/keys/keys-types';
import { startCore } from '../helpers/core';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const SHARED_KEY = 'sk-proj-SharedByAlphaAndBeta0123456789';
const GAMMA_KEY = 'sk-proj-GammaOwnKeyNotShared9876543210';
const OWN_OPENAI = 'sk-proj-AgentOsProcessOwnKey0123456789';
const OWN_ANTHROPIC = 'sk-ant-api03-AgentOsProcessAnthropic0123';
const SHAPED = 'sk-svcacct-ShapedLikeAKeyUnderOddName01';
const ADMIN_OPENAI = 'sk-admin-LegitimateReadOnlyAdminKey0123';
const ADMIN_ANTHROPIC = 'sk-ant-admin01-LegitimateAnthropicAdmin0';
const SECRETS = [SHARED_KEY, GAMMA_KEY, OWN_OPENAI, OWN_ANTHROPIC, SHAPED, ADMIN_OPENAI, ADMIN_ANTHROPIC];

/** git in a folder, as a user types it (identity given per command, so no global config is needed). */
function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Agent OS Test', '-c', 'user.email=test@agent-os.invalid', ...args], { cwd: dir, stdio: 'ignore' });
}

let box: Sandbox;
let core: Core;
let audit: KeyAudit;

const ofKind = (kind: KeyFinding['kind']): KeyFinding[] => audit.findings.filter((f) => f.kind === kind);

beforeAll(async () => {
  box = createSandbox();
  // alpha: a git repo whose .env is committed.
  const alpha = writeProject(box.root, 'alpha', { manifest: 'name: alpha\n', env: { OPENAI_API_KEY: SHARED_KEY, LOG_LEVEL: 'info' } });
  git(alpha, 'init', '-q');
  git(alpha, 'add', '.env', 'agent-os.yml');
  git(alpha, 'commit', '-q', '-m', 'add env by mistake');
  // beta: same OpenAI key under the same name; a git repo that neither tracks nor ignores its .env.
  const beta = writeProject(box.root, 'beta', { manifest: 'name: beta\n', env: { OPENAI_API_KEY: SHARED_KEY, LOG_LEVEL: 'info' } });
  git(beta, 'init', '-q');
  // gamma: its own key, a repo that ignores .env, and an example file: clean.
  const gamma = writeProject(box.root, 'gamma', { manifest: 'name: gamma\n', env: { OPENAI_API_KEY: GAMMA_KEY } });
  writeFileSync(join(gamma, '.gitignore'), '.env\n');
  writeFileSync(join(gamma, '.env.example'), 'OPENAI_API_KEY=\n');
  git(gamma, 'init', '-q');
  // delta: loads alpha's env file; not a git repo at all.
  const delta = writeProject(box.root, 'delta', { manifest: 'name: delta\nenv_file: ../alpha/.env\n' });
  writeConfig(box.home, [alpha, beta, gamma, delta]);
  core = await startCore(box.home, {
    PATH: process.env.PATH,
    OPENAI_API_KEY: OWN_OPENAI,
    ANTHROPIC_API_KEY: OWN_ANTHROPIC,
    SOME_SERVICE_CREDENTIAL: SHAPED,
    AGENT_OS_OPENAI_ADMIN_KEY: ADMIN_OPENAI,
    AGENT_OS_ANTHROPIC_ADMIN_KEY: ADMIN_ANTHROPIC,
  });
  audit = await core.handlers['keys.audit']({});
});

afterAll(async () => {
  await core?.stop();
  box?.cleanup();
});

describe('the key audit', () => {
  it('reports two projects sharing an OPENAI_API_KEY value as shared_secret naming both and the variable', () => {
    const shared = ofKind('shared_secret').find((f) => f.projects.includes('beta'));
    expect(shared).toMatchObject({ projects: ['alpha', 'beta', 'delta'], variable: 'OPENAI_API_KEY' });
    expect(shared?.detail).toContain('alpha (OPENAI_API_KEY)');
    expect(shared?.detail).toContain('beta (OPENAI_API_KEY)');
  });

  it('does not report a project with its own key, nor equal values that are not secrets', () => {
    expect(ofKind('shared_secret').flatMap((f) => f.projects)).not.toContain('gamma');
    expect(ofKind('shared_secret').map((f) => f.variable)).toEqual(['OPENAI_API_KEY']);
  });

  it('reports an env file that git tracks as env_tracked', () => {
    expect(ofKind('env_tracked')).toEqual([expect.objectContaining({ projects: ['alpha', 'delta'], file: join(box.root, 'alpha', '.env') })]);
    expect(ofKind('env_tracked')[0]?.fix).toContain('git rm --cached .env');
  });

  it('reports an env file in a git repo that does not ignore it as env_not_ignored, and never one that is ignored', () => {
    const notIgnored = ofKind('env_not_ignored').map((f) => f.file);
    expect(notIgnored).toContain(join(box.root, 'beta', '.env'));
    expect(notIgnored).not.toContain(join(box.root, 'gamma', '.env'));
  });

  it('reports a manifest whose env_file points into another project as foreign_env', () => {
    expect(ofKind('foreign_env')).toEqual([expect.objectContaining({ projects: ['delta', 'alpha'], file: join(box.root, 'alpha', '.env') })]);
  });

  it("reports provider keys in Agent OS's own environment as own_env_secret, but not its AGENT_OS_*_ADMIN_KEY admin keys", () => {
    const own = ofKind('own_env_secret');
    expect(own.map((f) => f.variable).sort()).toEqual(['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'SOME_SERVICE_CREDENTIAL']);
    expect(own.every((f) => f.projects.length === 0)).toBe(true);
  });

  it('reports a project with an env file and no .env.example as missing_env_example', () => {
    expect(ofKind('missing_env_example').map((f) => f.projects)).toEqual([['alpha'], ['beta'], ['delta']]);
  });

  it('finds nothing at all about the clean project', () => {
    expect(audit.findings.filter((f) => f.projects.includes('gamma'))).toEqual([]);
  });

  it('returns no secret value anywhere in the audit, and tells what to do for every finding', () => {
    const text = JSON.stringify(audit);
    expect(SECRETS.filter((s) => text.includes(s))).toEqual([]);
    expect(audit.findings.every((f) => f.detail.length > 0 && f.fix.length > 0 && f.title.length > 0)).toBe(true);
  });

  it('lists each project inventory by service with variable names only', () => {
    const alpha = audit.inventory.find((p) => p.project === 'alpha');
    expect(alpha).toMatchObject({
      env_files: ['.env'],
      has_example: false,
      services: [
        { service: 'OpenAI', variables: ['OPENAI_API_KEY'] },
        { service: 'other', variables: ['LOG_LEVEL'] },
      ],
    });
    expect(audit.inventory.find((p) => p.project === 'delta')?.env_files).toEqual([join(box.root, 'alpha', '.env')]);
  });
});

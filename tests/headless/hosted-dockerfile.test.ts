// The Dockerfile, linted: no Docker engine or hadolint can be had here (hadolint is in neither Debian nor
// npm), so dockerfile-utils (the linter behind VS Code's Docker support) checks the syntax and these tests
// check the rules that matter for this image, hadolint's numbers where it has one. railway.json and
// .dockerignore are checked against the Dockerfile so the three cannot drift apart.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';
import { readImageSpec } from '../helpers/image-spec';

const spec = readImageSpec();
const finalStage = spec.stages.length - 1;
const final = spec.instructions.filter((i) => i.stage === finalStage);
const runs = (stage: number): string[] => spec.instructions.filter((i) => i.stage === stage && i.keyword === 'RUN').map((i) => i.args);

describe('the Dockerfile', () => {
  it('has no syntax or semantic problem dockerfile-utils reports', () => {
    const problems = validate(spec.text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('builds on the Debian slim Node 20 image in every stage, the major pinned (DL3006/DL3007)', () => {
    expect(spec.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of spec.stages) expect(stage.image).toMatch(/^node:20-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$/);
  });

  it('runs as a numeric non-root USER, set before ENTRYPOINT (DL3002)', () => {
    const userAt = final.findIndex((i) => i.keyword === 'USER');
    expect(userAt, 'USER in the final stage').toBeGreaterThanOrEqual(0);
    expect(spec.user).toMatch(/^\d+:\d+$/);
    expect(spec.user?.split(':')[0]).not.toBe('0');
    expect(final.findIndex((i) => i.keyword === 'ENTRYPOINT')).toBeGreaterThan(userAt);
    const cmdAt = final.findIndex((i) => i.keyword === 'CMD');
    if (cmdAt >= 0) expect(cmdAt).toBeGreaterThan(userAt);
    // Nothing after USER switches back.
    expect(final.filter((i) => i.keyword === 'USER')).toHaveLength(1);
  });

  it('has a HEALTHCHECK on /healthz that follows $PORT like the start does', () => {
    expect(spec.healthcheck?.cmd.join(' ')).toMatch(/\/healthz/);
    expect(spec.healthcheck?.cmd.join(' ')).toMatch(/process\.env\.PORT \|\| 7317/);
    for (const flag of ['interval', 'timeout', 'start-period', 'retries']) expect(spec.healthcheck?.flags[flag], flag).toBeTruthy();
    expect(readFileSync(join(REPO_ROOT, 'scripts', 'container-start.sh'), 'utf8')).toMatch(/--port "\$\{PORT:-7317\}"/);
  });

  it('keeps the home on a /data volume (AGENT_OS_HOME=/data)', () => {
    expect(spec.volumes).toContain('/data');
    expect(spec.env.AGENT_OS_HOME).toBe('/data');
  });

  it("bakes no secret into ENV or ARG (Docker's SecretsUsedInArgOrEnv check: tokens come from the platform at run time)", () => {
    const declared = spec.instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG').map((i) => i.args);
    for (const args of declared) expect(args).not.toMatch(/(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ADMIN_KEY|CREDENTIAL)/i);
  });

  it('installs with npm ci from the lockfile, never npm install', () => {
    const all = spec.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(all.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    for (const run of all) expect(run).not.toMatch(/\bnpm (install|i)\b/);
  });

  it('compiles better-sqlite3 from source in a build stage and ships no compiler (build tools stay in the build stage)', () => {
    const buildRuns = spec.stages.slice(0, -1).flatMap((_s, stage) => runs(stage));
    expect(buildRuns.join('\n')).toMatch(/apt-get install[^\n]*\bg\+\+/);
    expect(buildRuns.join('\n')).toMatch(/npm rebuild better-sqlite3/);
    expect(spec.text).toMatch(/npm_config_build_from_source=true/);
    for (const run of runs(finalStage)) expect(run).not.toMatch(/\b(g\+\+|gcc|make|python3|build-essential)\b/);
  });

  it('installs apt packages without recommends and drops the package lists in the same layer (DL3015/DL3009)', () => {
    for (const run of spec.instructions.filter((i) => i.keyword === 'RUN' && /apt-get install/.test(i.args)).map((i) => i.args)) {
      expect(run).toMatch(/--no-install-recommends/);
      expect(run).toMatch(/-y\b/);
      expect(run).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
    }
  });

  it('starts through tini with an exec-form ENTRYPOINT (DL3025), the start script exec-ing the engine', () => {
    expect(spec.entrypoint).toEqual(['/usr/bin/tini', '-s', '--', '/app/scripts/container-start.sh']);
    expect(runs(finalStage).join('\n')).toMatch(/apt-get install[^\n]*\btini\b/);
    // No CMD: a platform that replaces ENTRYPOINT (Railway) and then appends CMD or not runs the same thing.
    expect(spec.cmd).toEqual([]);
    const script = join(REPO_ROOT, 'scripts', 'container-start.sh');
    accessSync(script, constants.X_OK);
    expect(spawnSync('sh', ['-n', script]).status).toBe(0);
    expect(readFileSync(script, 'utf8')).toMatch(/^exec node "\$app\/bin\/agent-os\.js" serve --host 0\.0\.0\.0/m);
  });
});

describe('railway.json and .dockerignore', () => {
  const railway = JSON.parse(readFileSync(join(REPO_ROOT, 'railway.json'), 'utf8')) as {
    build: { builder: string; dockerfilePath: string };
    deploy: Record<string, unknown>;
  };

  it('deploys the Dockerfile with its own start command, health check path and volume, one replica', () => {
    expect(railway.build).toEqual({ builder: 'DOCKERFILE', dockerfilePath: 'Dockerfile' });
    // Railway's startCommand replaces the image's ENTRYPOINT, so it must repeat it exactly.
    expect(railway.deploy.startCommand).toBe([...spec.entrypoint, ...spec.cmd].join(' '));
    expect(spec.healthcheck?.cmd.join(' ')).toContain(String(railway.deploy.healthcheckPath));
    expect(spec.volumes).toContain(railway.deploy.requiredMountPath);
    // One engine per home: two replicas would share one volume's database.
    expect(railway.deploy.numReplicas).toBe(1);
    expect(railway.deploy.overlapSeconds).toBe(0);
    // Time between SIGTERM and SIGKILL: more than the default kill_grace (5 s) that running tasks get.
    expect(Number(railway.deploy.drainingSeconds)).toBeGreaterThanOrEqual(15);
  });

  it('keeps secrets, homes, builds and the git history out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const pattern of ['.git', 'node_modules', 'dist', '**/.env', '**/.env.*', 'tests']) expect(ignored, pattern).toContain(pattern);
  });

  it('is explained in the README section "Run it 24/7 on a server"', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((s) => s.startsWith('Run it 24/7 on a server')) ?? '';
    for (const term of ['AGENT_OS_TOKEN', 'allowed_hosts', 'trust_proxy', 'public_url', '/healthz', 'railway.json', 'RAILWAY_RUN_UID', '421', '401'])
      expect(section, term).toContain(term);
  });
});

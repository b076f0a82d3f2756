// Acceptance (issue 10, SPEC §3 `status`): a status command that prints something unreadable, or fails,
// leaves a readable error on the project (health.state unknown, health.error saying what was expected) —
// never a crash, never a down alert — and the engine keeps working.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectHealth, Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { startCore } from '../helpers/core';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let core: Core | null = null;
let shop = '';

beforeEach(async () => {
  box = createSandbox('agent-os-health-errors-');
  // The status command runs status.sh, which each test writes.
  shop = writeProject(box.root, 'shop', {
    manifest: 'name: shop\ntasks:\n  web:\n    command: ["echo", "web ok"]\nstatus:\n  command: ["sh", "status.sh"]\n  every: 1d\n',
  });
  writeConfig(box.home, [shop]);
  core = await startCore(box.home);
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

const engine = (): Core => {
  if (!core) throw new Error('the engine is not started');
  return core;
};

async function runStatus(script: string): Promise<Run> {
  writeFileSync(join(shop, 'status.sh'), script);
  const started = engine().handlers['runs.start']({ task: 'shop/_status' });
  return engine().handlers['runs.wait']({ id: started.id });
}

function health(): ProjectHealth {
  const found = engine()
    .handlers['status.get']()
    .projects.find((p) => p.name === 'shop')?.health;
  if (!found) throw new Error('shop has no health report');
  return found;
}

/** The engine is still fine: another task of the project runs, and no down alert was raised. */
async function engineStillWorks(): Promise<void> {
  const started = engine().handlers['runs.start']({ task: 'shop/web' });
  expect((await engine().handlers['runs.wait']({ id: started.id })).status).toBe('success');
  expect(
    engine()
      .handlers['alerts.list']({ limit: 1000 })
      .filter((a) => a.kind === 'down'),
  ).toEqual([]);
  expect(
    engine()
      .handlers['status.get']()
      .projects.find((p) => p.name === 'shop')?.state,
  ).toBe('ok');
}

describe('a status command printing garbage', () => {
  it('leaves health unknown with an error that says a JSON object with a state was expected and quotes what came', async () => {
    const run = await runStatus('echo "status: everything is probably fine"\n');

    expect(run.status).toBe('success');
    const h = health();
    expect(h).toMatchObject({ state: 'unknown', message: null, metrics: null, run_id: run.id });
    expect(h.error).toMatch(/expected|no JSON object/i);
    expect(h.error).toContain('"state"');
    expect(h.error).toContain('everything is probably fine');
    await engineStillWorks();
  });

  it('leaves health unknown with an error naming the state it printed when the state is not ok, degraded or down', async () => {
    await runStatus(`echo '{"state":"fantastic","message":"never better"}'\n`);

    const h = health();
    expect(h.state).toBe('unknown');
    expect(h.error).toContain('fantastic');
    expect(h.error).toMatch(/"ok", "degraded" or "down"/);
    await engineStillWorks();
  });

  it('leaves a readable error for a half-written JSON line, and for no output at all', async () => {
    await runStatus(`printf '{"state":"ok","message":'\n`);
    expect(health().state).toBe('unknown');
    expect(health().error).toMatch(/no JSON object like \{"state":"ok"/);
    expect(health().error).toContain('{"state":"ok","message":');

    await runStatus('true\n');
    expect(health().state).toBe('unknown');
    expect(health().error).toMatch(/printed no JSON object/);
    await engineStillWorks();
  });
});

describe('a failing status command', () => {
  it('leaves health unknown with an error saying the status command did not succeed', async () => {
    const run = await runStatus('echo "cannot reach the database" >&2\nexit 4\n');

    expect(run.status).toBe('failed');
    const h = health();
    expect(h).toMatchObject({ state: 'unknown', run_id: run.id });
    expect(h.error).toMatch(/status command did not succeed/);
    expect(h.error).toMatch(/4|cannot reach the database/);
    await engineStillWorks();
  });

  it('replaces an earlier down with unknown without resolving the down alert (nothing says the project recovered)', async () => {
    await runStatus(`echo '{"state":"down","message":"queue stuck"}'\n`);
    expect(health().state).toBe('down');
    await runStatus('exit 1\n');

    expect(health().state).toBe('unknown');
    const alerts = engine()
      .handlers['alerts.list']({ limit: 1000 })
      .filter((a) => a.kind === 'down' && a.subject === 'project:shop');
    expect(alerts.map((a) => a.state)).toEqual(['open']);
  });
});

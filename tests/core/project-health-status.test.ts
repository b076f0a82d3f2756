// Acceptance (issue 10, SPEC §3 `status`): a project's status command reports ok | degraded | down; the
// latest report shows on the project in `status --json` (projects[].health), every report is kept as
// history, and going down raises exactly one alert (kind down, subject project:<name>) that a later ok or
// degraded resolves. The status command is the task `<project>/_status`, run here by hand and on `every`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import type { ProjectHealth, Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { startCore } from '../helpers/core';
import { withDatabase } from '../helpers/db';
import { startEngine } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let core: Core | null = null;
let shop = '';

/** `shop`'s status command prints status.txt; `every: 1d` keeps the scheduler out of the hand-run tests. */
const SHOP = (every: string): string => `name: shop
tasks:
  web:
    command: ["true"]
status:
  command: ["cat", "status.txt"]
  every: ${every}
`;

beforeEach(() => {
  box = createSandbox('agent-os-health-');
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

/** What the status command prints next: some chatter, then the report line. */
const report = (value: Record<string, unknown>): void => writeFileSync(join(shop, 'status.txt'), `checking shop…\n${JSON.stringify(value)}\n`);

async function runStatus(): Promise<Run> {
  const started = engine().handlers['runs.start']({ task: 'shop/_status' });
  return engine().handlers['runs.wait']({ id: started.id });
}

const health = (): ProjectHealth | null | undefined =>
  engine()
    .handlers['status.get']()
    .projects.find((p) => p.name === 'shop')?.health;
const downAlerts = (): AlertWithDeliveries[] =>
  engine()
    .handlers['alerts.list']({ limit: 1000 })
    .filter((a) => a.kind === 'down' && a.subject === 'project:shop');

describe('a status command reporting degraded, then down, then ok', () => {
  it('shows each report on the project, raises one down alert and resolves it on ok', async () => {
    shop = writeProject(box.root, 'shop', { manifest: SHOP('1d') });
    writeConfig(box.home, [shop]);
    core = await startCore(box.home);
    expect(
      engine()
        .handlers['projects.list']()
        .find((p) => p.name === 'shop')?.tasks,
    ).toContain('shop/_status');
    expect(health() ?? null).toBeNull();

    report({ state: 'degraded', message: 'checkout is slow', metrics: { p95_ms: 2300 } });
    const degraded = await runStatus();
    expect(degraded.status).toBe('success');
    expect(health()).toMatchObject({ state: 'degraded', message: 'checkout is slow', metrics: { p95_ms: 2300 }, error: null, run_id: degraded.id });
    expect(downAlerts()).toEqual([]);

    report({ state: 'down', message: 'payments provider unreachable' });
    const down = await runStatus();
    expect(health()).toMatchObject({ state: 'down', message: 'payments provider unreachable', error: null, run_id: down.id });
    expect(downAlerts()).toHaveLength(1);
    expect(downAlerts()[0]).toMatchObject({ state: 'open', critical: true, run_id: down.id });
    expect(`${downAlerts()[0]?.title ?? ''} ${downAlerts()[0]?.detail ?? ''}`).toContain('payments provider unreachable');

    // Still down on the next check: still the one alert, not a second.
    await runStatus();
    expect(downAlerts()).toHaveLength(1);
    expect(downAlerts()[0]?.state).toBe('open');

    report({ state: 'ok', message: 'all good', metrics: { p95_ms: 180 } });
    await runStatus();
    expect(health()).toMatchObject({ state: 'ok', message: 'all good', metrics: { p95_ms: 180 }, error: null });
    expect(downAlerts()).toHaveLength(1);
    expect(downAlerts()[0]?.state).toBe('resolved');
    expect(downAlerts()[0]?.resolved_at).not.toBeNull();

    // Every report is kept, in order, in the home's database.
    const history = withDatabase(
      box.home,
      (db) => db.prepare("SELECT state FROM project_status WHERE project = 'shop' ORDER BY id").all() as Array<{ state: string }>,
    );
    expect(history.map((h) => h.state)).toEqual(['degraded', 'down', 'down', 'ok']);
  });

  it('resolves the down alert on degraded too, and a later down opens a new one', async () => {
    shop = writeProject(box.root, 'shop', { manifest: SHOP('1d') });
    writeConfig(box.home, [shop]);
    core = await startCore(box.home);

    report({ state: 'down', message: 'db gone' });
    await runStatus();
    report({ state: 'degraded', message: 'db back, replica lagging' });
    await runStatus();
    expect(downAlerts().map((a) => a.state)).toEqual(['resolved']);

    report({ state: 'down', message: 'db gone again' });
    await runStatus();
    const states = downAlerts()
      .sort((a, b) => a.id - b.id)
      .map((a) => a.state);
    expect(states).toEqual(['resolved', 'open']);
  });
});

describe("a status command in the project's own environment", () => {
  it("sees the project's env file and reports from it, as any task of the project would", async () => {
    shop = writeProject(box.root, 'shop', {
      manifest: 'name: shop\ntasks:\n  web:\n    command: ["true"]\nstatus:\n  command: ["sh", "status.sh"]\n  every: 1d\n',
      env: { SHOP_REGION: 'eu-north-1' },
    });
    writeFileSync(join(shop, 'status.sh'), `printf '{"state":"ok","message":"serving from %s","metrics":{"region_set":%s}}\\n' "$SHOP_REGION" true\n`);
    writeConfig(box.home, [shop]);
    core = await startCore(box.home);

    const run = await runStatus();

    expect(run.status).toBe('success');
    expect(health()).toMatchObject({ state: 'ok', message: 'serving from eu-north-1', metrics: { region_set: true } });
  });
});

describe('a status command on its every interval', () => {
  it('runs by itself and its report appears on the project', async () => {
    shop = writeProject(box.root, 'shop', { manifest: SHOP('1s') });
    report({ state: 'degraded', message: 'warming up' });
    writeConfig(box.home, [shop]);
    core = await startEngine(box.home);

    const seen = await waitFor('a scheduled status report on shop', () => health() ?? undefined, { timeoutMs: 15_000 });

    expect(seen).toMatchObject({ state: 'degraded', message: 'warming up', error: null });
    const run = engine().handlers['runs.get']({ id: seen.run_id ?? 0 }).run;
    expect(run).toMatchObject({ task: 'shop/_status', trigger: 'schedule', status: 'success' });
  });
});

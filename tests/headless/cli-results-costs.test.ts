// Acceptance: the AGENT_OS_OUTPUT protocol — keyed results replace, keyless results append, cost lines
// become cost records of the project, the task and the run (SPEC §4, §10).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, listRuns, runCli, type ResultRow } from '../helpers/cli';
import { withDatabase } from '../helpers/db';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

interface CostRow {
  source: string;
  project: string | null;
  task_id: string | null;
  run_id: number | null;
  provider: string | null;
  model: string | null;
  usd: number;
  day: string;
}

const REPORT_SCRIPT = `out="$AGENT_OS_OUTPUT"
echo "{\\"type\\":\\"result\\",\\"key\\":\\"2026-11-20\\",\\"run\\":$AGENT_OS_RUN_ID,\\"rows\\":$AGENT_OS_RUN_ID}" >> "$out"
echo "{\\"type\\":\\"result\\",\\"note\\":\\"keyless\\",\\"run\\":$AGENT_OS_RUN_ID}" >> "$out"
echo '{"type":"cost","usd":0.12,"provider":"openai","model":"gpt-4o"}' >> "$out"
echo reported
`;

let box: Sandbox;
let runIds: number[] = [];

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'acct', { manifest: 'name: acct\ntasks:\n  report:\n    command: ["sh", "report.sh"]\n' });
  writeFileSync(join(dir, 'report.sh'), REPORT_SCRIPT);
  writeConfig(box.home, [dir]);
  for (let i = 0; i < 2; i++) {
    const result = await runCli(['run', 'acct/report', '--wait'], { home: box.home });
    if (result.code !== 0) throw new Error(`run ${i + 1} of acct/report failed: ${result.stderr}`);
  }
  runIds = (await listRuns(box.home, ['--task', 'acct/report'])).map((r) => r.id).reverse();
}, 60_000);

afterAll(() => box.cleanup());

describe('task results and costs', () => {
  it('ran the task twice successfully', () => {
    expect(runIds).toHaveLength(2);
  });

  it("keeps one result per key: the second run's result with the same key replaces the first one", async () => {
    const results = await cliJson<ResultRow[]>(['results', 'acct/report', '--json'], { home: box.home });
    const keyed = results.filter((r) => r.key !== null);
    expect(keyed).toHaveLength(1);
    expect(keyed[0]).toMatchObject({ key: '2026-11-20', run_id: runIds[1], data: { run: runIds[1], rows: runIds[1] } });
    expect(keyed[0]?.data).not.toHaveProperty('type');
    expect(Number.isNaN(Date.parse(keyed[0]?.recorded_at ?? ''))).toBe(false);
  });

  it('appends keyless results: two runs leave two rows, newest first', async () => {
    const results = await cliJson<ResultRow[]>(['results', 'acct/report', '--json'], { home: box.home });
    const keyless = results.filter((r) => r.key === null);
    expect(keyless.map((r) => r.run_id)).toEqual([runIds[1], runIds[0]]);
    expect(keyless.map((r) => r.data)).toEqual([
      { note: 'keyless', run: runIds[1] },
      { note: 'keyless', run: runIds[0] },
    ]);
  });

  it('stores each cost line as a cost record of the project, the task and the run', () => {
    const costs = withDatabase(
      box.home,
      (db) => db.prepare('SELECT source, project, task_id, run_id, provider, model, usd, day FROM costs ORDER BY run_id').all() as CostRow[],
    );
    expect(costs).toHaveLength(2);
    costs.forEach((cost, i) => {
      expect(cost).toMatchObject({ project: 'acct', task_id: 'acct/report', run_id: runIds[i], provider: 'openai', model: 'gpt-4o' });
      expect(cost.usd).toBeCloseTo(0.12, 10);
      expect(cost.day).toMatch(/^\d{4}-\d\d-\d\d$/);
    });
  });

  it('stores three result rows for two runs: one per key plus each keyless result', () => {
    const count = withDatabase(box.home, (db) => (db.prepare("SELECT COUNT(*) AS n FROM results WHERE task_id = 'acct/report'").get() as { n: number }).n);
    expect(count).toBe(3);
  });
});

// Acceptance (SPEC §4, §5; issue 9): project-reported costs. Cost lines a task writes to $AGENT_OS_OUTPUT
// count once per run; a manifest's `costs.command` (task `<project>/_costs`) printing
// {"date","usd","provider","model"} lines is the project's daily report and replaces itself when re-run;
// where the provider's own figure exists for a project, provider and day, it is used instead of the
// report (never their sum), and both columns stay visible.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostSummary } from '../../src-main/common/costs';
import { cliJson, runCli } from '../helpers/cli';
import { withDatabase } from '../helpers/db';
import { costsConfig, startFakeProviders, utcDay, type FakeProviders } from '../helpers/fake-providers';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const OPENAI_KEY = `sk-admin-${'7f3a'.repeat(10)}`;
const PROJ = 'proj_Cq3rT8mNv2LkWx5Y';
const TODAY = utcDay(0);
const YESTERDAY = utcDay(-1);
const TWO_DAYS_AGO = utcDay(-2);

let box: Sandbox;
let fake: FakeProviders;
let dir = '';

const cli = async (args: string[]): Promise<void> => {
  const result = await runCli(args, { home: box.home, env: { AGENT_OS_OPENAI_ADMIN_KEY: OPENAI_KEY } });
  if (result.code !== 0) throw new Error(`agent-os ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}`);
};
/** What cortana's costs.command prints: one line per day, provider and model, in the SPEC §5 shape. */
const writeReport = (lines: ReadonlyArray<{ date: string; usd: number; provider: string; model: string }>): void =>
  writeFileSync(join(dir, 'report.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
const summary = (by: CostSummary['by']): Promise<CostSummary> => cliJson<CostSummary>(['costs', '--json', '--by', by], { home: box.home });
const rowOf = (s: CostSummary, key: string): CostSummary['rows'][number] | undefined => s.rows.find((r) => r.key === key);
const reportRows = (): number =>
  withDatabase(box.home, (db) => (db.prepare("SELECT COUNT(*) AS n FROM costs WHERE task_id = 'cortana/_costs'").get() as { n: number }).n);

beforeAll(async () => {
  box = createSandbox();
  fake = await startFakeProviders({ openai: OPENAI_KEY, anthropic: 'sk-ant-admin01-unused' });
  fake.setOpenAIPages([
    [
      {
        day: YESTERDAY,
        results: [
          [PROJ, 'gpt-4o-2024-08-06, input', 1.2],
          [PROJ, 'gpt-4o-2024-08-06, output', 1.8],
        ],
      },
    ],
  ]);
  dir = writeProject(box.root, 'cortana', {
    manifest: [
      'name: cortana',
      'tasks:',
      '  answer:',
      `    command: ${JSON.stringify(['sh', '-c', `echo '{"type":"cost","usd":0.12,"provider":"openai","model":"gpt-4o"}' >> "$AGENT_OS_OUTPUT"`])}`,
      'costs:',
      `  command: ${JSON.stringify(['sh', '-c', 'cat report.jsonl >> "$AGENT_OS_OUTPUT"'])}`,
      '',
    ].join('\n'),
  });
  writeConfig(box.home, [dir], costsConfig(fake, { projects: { [PROJ]: 'cortana' } }));
}, 30_000);

afterAll(async () => {
  await fake.close();
  box.cleanup();
});

describe('costs a project reports itself', () => {
  it('counts a {"type":"cost"} line of $AGENT_OS_OUTPUT once per run: two runs, twice 0.12 USD', async () => {
    await cli(['run', 'cortana/answer', '--wait']);
    await cli(['run', 'cortana/answer', '--wait']);
    const byDay = await summary('day');
    expect(byDay.rows.map((r) => r.key)).toEqual([TODAY]);
    expect(rowOf(byDay, TODAY)?.usd).toBeCloseTo(0.24, 9);
    expect(rowOf(byDay, TODAY)?.reported_usd).toBeCloseTo(0.24, 9);
    expect(rowOf(byDay, TODAY)?.provider_usd).toBe(0);
  });

  it('stores the costs.command report as daily figures of the project (run as cortana/_costs)', async () => {
    writeReport([
      { date: YESTERDAY, usd: 2.5, provider: 'openai', model: 'gpt-4o' },
      { date: YESTERDAY, usd: 0.4, provider: 'anthropic', model: 'claude-sonnet-4-20250514' },
      { date: TWO_DAYS_AGO, usd: 1.0, provider: 'openai', model: 'gpt-4o' },
    ]);
    await cli(['run', 'cortana/_costs', '--wait']);
    expect(reportRows()).toBe(3);
    const byDay = await summary('day');
    expect(rowOf(byDay, YESTERDAY)?.reported_usd).toBeCloseTo(2.9, 9);
    expect(rowOf(byDay, TWO_DAYS_AGO)?.reported_usd).toBeCloseTo(1.0, 9);
  });

  it('re-running the report replaces it: the same report changes nothing, a revised figure replaces the old one', async () => {
    await cli(['run', 'cortana/_costs', '--wait']);
    expect(reportRows()).toBe(3);
    expect(rowOf(await summary('project'), 'cortana')?.reported_usd).toBeCloseTo(0.24 + 2.9 + 1.0, 9);
    writeReport([
      { date: YESTERDAY, usd: 2.75, provider: 'openai', model: 'gpt-4o' },
      { date: YESTERDAY, usd: 0.4, provider: 'anthropic', model: 'claude-sonnet-4-20250514' },
      { date: TWO_DAYS_AGO, usd: 1.0, provider: 'openai', model: 'gpt-4o' },
    ]);
    await cli(['run', 'cortana/_costs', '--wait']);
    expect(reportRows()).toBe(3);
    const byDay = await summary('day');
    expect(rowOf(byDay, YESTERDAY)?.reported_usd).toBeCloseTo(3.15, 9);
  });

  it("where OpenAI's own figure exists for cortana yesterday, the summary shows both and uses the provider's, not the sum", async () => {
    await cli(['run', 'agent-os/openai-costs', '--wait']);
    const byDay = await summary('day');
    // Yesterday: OpenAI says 3.00, cortana reported 2.75 for OpenAI (+ 0.40 for Anthropic, which has no provider figure).
    expect(rowOf(byDay, YESTERDAY)?.provider_usd).toBeCloseTo(3.0, 9);
    expect(rowOf(byDay, YESTERDAY)?.reported_usd).toBeCloseTo(3.15, 9);
    expect(rowOf(byDay, YESTERDAY)?.usd).toBeCloseTo(3.4, 9);
    // Days without provider data keep the project's own figures.
    expect(rowOf(byDay, TWO_DAYS_AGO)?.usd).toBeCloseTo(1.0, 9);
    expect(rowOf(byDay, TODAY)?.usd).toBeCloseTo(0.24, 9);

    const byProject = await summary('project');
    expect(byProject.rows.map((r) => r.key)).toEqual(['cortana']);
    expect(rowOf(byProject, 'cortana')).toMatchObject({ provider_usd: 3, reported_usd: 4.39, usd: 4.64 });
    expect(byProject.total_usd).toBeCloseTo(4.64, 9);
    expect(byProject.unattributed_usd).toBe(0);
  });

  it('by provider, OpenAI counts its own 3.00 for yesterday plus the reported days it has no figure for', async () => {
    const byProvider = await summary('provider');
    expect(rowOf(byProvider, 'openai')).toMatchObject({ provider_usd: 3, usd: 4.24 });
    expect(rowOf(byProvider, 'openai')?.reported_usd).toBeCloseTo(0.24 + 2.75 + 1.0, 9);
    expect(rowOf(byProvider, 'anthropic')).toMatchObject({ provider_usd: 0, reported_usd: 0.4, usd: 0.4 });
  });
});

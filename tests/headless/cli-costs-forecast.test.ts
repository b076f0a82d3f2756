// Acceptance (issue 26, CLI): `agent-os costs` shows the month-end forecast against each budget, in its
// text and in `--json`; `--since` says its unit. Real CLI processes on a real home, costs reported by a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli } from '../helpers/cli';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

interface Forecast {
  today: string;
  month_usd: number;
  forecast_usd: number;
  budgets: Array<{ project: string | null; period: 'monthly' | 'daily'; limit_usd: number; spent_usd: number; forecast_usd: number | null; over: boolean }>;
}

let box: Sandbox;
/** This month's run rate carried to its last day, as the CLI computes it on the same local calendar. */
let expected = 0;

beforeAll(async () => {
  box = createSandbox('agent-os-costs-forecast-');
  const cost = `echo '{"type":"cost","usd":3,"provider":"openai","model":"gpt-4o"}' >> "$AGENT_OS_OUTPUT"`;
  const cortana = writeProject(box.root, 'cortana', {
    manifest: `name: cortana\ntasks:\n  answer:\n    command: ${JSON.stringify(['sh', '-c', cost])}\nbudget: { monthly_usd: 10, daily_usd: 2 }\n`,
  });
  writeConfig(box.home, [cortana], 'budgets:\n  monthly_usd: 1000\n');
  const run = await runCli(['run', 'cortana/answer', '--wait'], { home: box.home });
  if (run.code !== 0) throw new Error(`the costing run failed: ${run.stderr}`);
  const now = new Date();
  expected = (3 / now.getDate()) * new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
}, 60_000);

afterAll(() => box.cleanup());

describe('agent-os costs forecast', () => {
  it('gives the month-end forecast against every budget in --json: overall and per project, monthly and daily', async () => {
    const doc = await cliJson<{ total_usd: number; forecast: Forecast }>(['costs', '--json'], { home: box.home });
    expect(doc.total_usd).toBe(3);
    expect(doc.forecast.month_usd).toBe(3);
    expect(doc.forecast.forecast_usd).toBeCloseTo(expected, 6);
    expect(doc.forecast.budgets).toEqual([
      { project: null, period: 'monthly', limit_usd: 1000, spent_usd: 3, forecast_usd: expect.closeTo(expected, 6) as number, over: false },
      { project: 'cortana', period: 'monthly', limit_usd: 10, spent_usd: 3, forecast_usd: expect.closeTo(expected, 6) as number, over: expected > 10 },
      { project: 'cortana', period: 'daily', limit_usd: 2, spent_usd: 3, forecast_usd: null, over: true },
    ]);
  });

  it('prints the forecast and a row per budget under the spend table', async () => {
    const { stdout, code } = await runCli(['costs'], { home: box.home });
    expect(code).toBe(0);
    expect(stdout).toContain(`Month-end forecast $${expected.toFixed(2)} ($3.00 spent this month to `);
    expect(stdout).toMatch(/^all projects, monthly +\$1000\.00 +\$3\.00 this month +\$\S+ +on track \(\d+%\)$/m);
    const cortana = expected > 10 ? `heading \\$${(expected - 10).toFixed(2)} over` : 'on track \\(\\d+%\\)';
    expect(stdout).toMatch(new RegExp(`^cortana, monthly +\\$10\\.00 +\\$3\\.00 this month +\\$${expected.toFixed(2)} +${cortana}$`, 'm'));
    expect(stdout).toMatch(/^cortana, daily +\$2\.00 +\$3\.00 today +— +over by \$1\.00 today$/m);
  });

  it('says the unit of --since in its help and when the value is not one', async () => {
    const help = await runCli(['costs', '--help'], { home: box.home });
    expect(help.stdout).toMatch(/--since <days> +how many days back, in days: 7d, 90d/);
    expect(help.stdout).toContain('(default: 30d)');
    const wrong = await runCli(['costs', '--since', '2x'], { home: box.home });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^agent-os costs: .*'2x'.* give a number of days, at least one, such as 7d/)]);
  });
});

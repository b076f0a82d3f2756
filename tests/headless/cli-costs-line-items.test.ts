// Issue 23 (MCP and costs): OpenAI cost line items that name no model ("Text tokens", "Image models", as
// the Costs API groups some of them) are shown by their line item, never as an empty model; those that do
// name one keep the model. Real CLI runs of the built-in fetcher against a fake server speaking the Costs API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli } from '../helpers/cli';
import { adminKeys, keyEnv, PROJ_CORTANA, writeCostsHome } from '../helpers/cost-data';
import { startFakeProviders, utcDay, type FakeProviders } from '../helpers/fake-providers';
import { createSandbox, type Sandbox } from '../helpers/fixtures';

const keys = adminKeys();
let box: Sandbox;
let fake: FakeProviders;

beforeAll(async () => {
  box = createSandbox();
  fake = await startFakeProviders(keys);
  fake.setOpenAIPages([
    [
      {
        day: utcDay(-2),
        results: [
          [PROJ_CORTANA, 'Text tokens', 1.25],
          [PROJ_CORTANA, 'Image models', 0.5],
          [PROJ_CORTANA, 'gpt-4o-2024-08-06, input', 2],
        ],
      },
    ],
  ]);
  fake.setAnthropicPages([[]]);
  writeCostsHome(box.root, box.home, fake);
  const fetched = await runCli(['run', 'agent-os/openai-costs', '--wait'], { home: box.home, env: keyEnv(keys) });
  expect(fetched.code, fetched.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await fake.close();
  box.cleanup();
});

describe('OpenAI line items without a model', () => {
  it('are listed by their line item in `costs --by model`, beside the models that are named', async () => {
    const costs = await cliJson<{ rows: Array<{ key: string; usd: number }> }>(['costs', '--json', '--by', 'model'], { home: box.home });
    const rows = Object.fromEntries(costs.rows.map((r) => [r.key, r.usd]));
    expect(rows).toEqual({ 'gpt-4o-2024-08-06': 2, 'Text tokens': 1.25, 'Image models': 0.5 });
    expect(costs.rows.some((r) => r.key === '' || r.key === 'unknown' || r.key === 'null')).toBe(false);
  });
});

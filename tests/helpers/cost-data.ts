// Realistic provider spend for the cost tests: three UTC days, two pages per provider, two Agent OS
// projects (cortana mapped in config.yml, trading matched by equal name) and spend nobody claims (an
// unmapped OpenAI project, OpenAI lines without a project, Anthropic's default workspace and an unmapped
// workspace). The expected totals are written out by hand in the tests that use this.
import { randomBytes } from 'node:crypto';
import { writeConfig, writeProject } from './fixtures';
import { costsConfig, utcDay, type AnthropicResult, type Bucket, type FakeProviders, type OpenAIResult } from './fake-providers';

export const PROJ_CORTANA = 'proj_Cq3rT8mNv2LkWx5Y';
export const PROJ_TRADING = 'proj_Tr4dEx9Pq1ZsHb7K';
export const PROJ_PLAYGROUND = 'proj_Un8mApp3dQwEr6Ty';
export const WS_CORTANA = 'wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ';
export const WS_TRADING = 'wrkspc_01KtRd9sW4mNpQ2xYzA8bCdE';
export const WS_SANDBOX = 'wrkspc_01LsNd8bX3oPqR5tUvW7yZaB';

/** Fresh admin keys in the providers' shapes (random, so a byte search cannot hit anything else). */
export function adminKeys(): { openai: string; anthropic: string } {
  return {
    openai: `sk-admin-${randomBytes(24).toString('hex')}`,
    anthropic: `sk-ant-admin01-${randomBytes(24).toString('base64url')}-${randomBytes(4).toString('hex')}AA`,
  };
}

const sonnetIn = (ws: string | null, cents: string): AnthropicResult => ({
  workspace_id: ws,
  description: 'Claude Sonnet 4 Usage - Input Tokens',
  model: 'claude-sonnet-4-20250514',
  cents,
});

/** OpenAI: cortana 5.25, trading 0.75, unattributed 0.90 (0.75 + 0.05 Playground, 0.10 without a project). */
export function openaiPages(): Array<Array<Bucket<OpenAIResult>>> {
  return [
    [
      {
        day: utcDay(-3),
        results: [
          [PROJ_CORTANA, 'gpt-4o-2024-08-06, input', 1.25],
          [PROJ_CORTANA, 'gpt-4o-2024-08-06, output', 2.5],
          [PROJ_TRADING, 'gpt-4o-mini-2024-07-18, input', 0.125],
          [PROJ_PLAYGROUND, 'gpt-4o-2024-08-06, input', 0.75],
        ],
      },
      {
        day: utcDay(-2),
        results: [
          [PROJ_CORTANA, 'gpt-4o-2024-08-06, input', 1.0],
          [PROJ_TRADING, 'o3-mini-2025-01-31, output', 0.375],
        ],
      },
    ],
    [
      {
        day: utcDay(-1),
        results: [
          [PROJ_CORTANA, 'gpt-4o-2024-08-06, output', 0.5],
          [PROJ_TRADING, 'gpt-4o-mini-2024-07-18, input', 0.25],
          [PROJ_PLAYGROUND, 'text-embedding-3-small', 0.05],
          [null, 'gpt-4o-2024-08-06, input', 0.1],
        ],
      },
    ],
  ];
}

/** Anthropic (cents): cortana 450.5, trading 401, unattributed 36 (15.044 default workspace, 20.956 Sandbox). */
export function anthropicPages(): Array<Array<Bucket<AnthropicResult>>> {
  return [
    [
      {
        day: utcDay(-3),
        results: [
          sonnetIn(WS_CORTANA, '123.456'),
          { workspace_id: WS_CORTANA, description: 'Claude Sonnet 4 Usage - Output Tokens', model: 'claude-sonnet-4-20250514', cents: '250.5' },
          { workspace_id: null, description: 'Claude Haiku 3.5 Usage - Input Tokens', model: 'claude-3-5-haiku-20241022', cents: '10.044' },
        ],
      },
      {
        day: utcDay(-2),
        results: [
          { workspace_id: WS_TRADING, description: 'Claude Opus 4 Usage - Output Tokens', model: 'claude-opus-4-20250514', cents: '400' },
          sonnetIn(WS_CORTANA, '76.544'),
        ],
      },
    ],
    [
      {
        day: utcDay(-1),
        results: [
          { workspace_id: WS_TRADING, description: 'Web Search Usage', model: null, cents: '1.0', cost_type: 'web_search' },
          sonnetIn(WS_SANDBOX, '20.956'),
          { workspace_id: null, description: 'Claude Haiku 3.5 Usage - Output Tokens', model: 'claude-3-5-haiku-20241022', cents: '5.0' },
        ],
      },
    ],
  ];
}

/** Loads the sample data and the provider-side names into the fake. */
export function loadSampleData(fake: FakeProviders): void {
  fake.setOpenAIPages(openaiPages());
  fake.setAnthropicPages(anthropicPages());
  fake.setNames('openai', { [PROJ_CORTANA]: 'Cortana assistant', [PROJ_TRADING]: 'trading', [PROJ_PLAYGROUND]: 'Playground' });
  fake.setNames('anthropic', { [WS_CORTANA]: 'Cortana', [WS_TRADING]: 'trading', [WS_SANDBOX]: 'sandbox-eval' });
}

/**
 * Writes the projects cortana and trading and a config.yml pointing the fetchers at `base` (default: the
 * fake), with cortana mapped by id and trading left to the equal-name rule. Their one task, `env`, prints
 * its environment: an admin key leaking into task processes would land in that run's log.
 */
export function writeCostsHome(root: string, home: string, fake: FakeProviders, extra = '', base?: { openai?: string; anthropic?: string }): string[] {
  const dirs = ['cortana', 'trading'].map((name) => writeProject(root, name, { manifest: `name: ${name}\ntasks:\n  env:\n    command: ["env"]\n` }));
  writeConfig(
    home,
    dirs,
    costsConfig(fake, {
      projects: { [PROJ_CORTANA]: 'cortana' },
      workspaces: { [WS_CORTANA]: 'cortana' },
      openaiBase: base?.openai,
      anthropicBase: base?.anthropic,
    }) + extra,
  );
  return dirs;
}

/** The CLI environment that enables both built-in fetchers. */
export const keyEnv = (keys: { openai: string; anthropic: string }): Record<string, string> => ({
  AGENT_OS_OPENAI_ADMIN_KEY: keys.openai,
  AGENT_OS_ANTHROPIC_ADMIN_KEY: keys.anthropic,
});

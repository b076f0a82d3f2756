import type { CostFetchOptions, CostProviderPlugin, ProviderCostLine } from '../../src-main/common/plugins';
import { fetchJson, ProviderError } from '../shared/fetch-json';
import { providerNames } from '../shared/provider-names';

interface AnthropicPage {
  data?: Array<{
    starting_at?: string;
    results?: Array<{ amount?: string; currency?: string; workspace_id?: string | null; description?: string | null; model?: string | null }>;
  }>;
  has_more?: boolean;
  next_page?: string | null;
}

const MAX_PAGES = 100;

/**
 * Anthropic's Admin cost_report, grouped by workspace and description, daily. Amounts are decimal strings
 * in cents; the default workspace comes back as `workspace_id: null` (kept, shown as unattributed).
 */
export async function fetchAnthropicCosts(options: CostFetchOptions): Promise<ProviderCostLine[]> {
  const lines: ProviderCostLine[] = [];
  let page: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const query = new URLSearchParams({ starting_at: options.since.toISOString(), bucket_width: '1d', limit: '31' });
    query.append('group_by[]', 'workspace_id');
    query.append('group_by[]', 'description');
    if (page) query.set('page', page);
    const body = (await fetchJson(`${options.baseUrl.replace(/\/$/, '')}/organizations/cost_report?${query.toString()}`, {
      headers: { 'x-api-key': options.adminKey, 'anthropic-version': '2023-06-01' },
      label: 'Anthropic cost_report API',
      authHint: 'it needs an Anthropic Admin API key (sk-ant-admin…) in AGENT_OS_ANTHROPIC_ADMIN_KEY',
      signal: options.signal,
      log: options.log,
      backoffMs: options.backoffMs,
    })) as AnthropicPage;
    if (!Array.isArray(body.data)) throw new ProviderError('Anthropic cost_report answered without a "data" list');
    for (const bucket of body.data) {
      if (!bucket.starting_at) continue;
      const day = bucket.starting_at.slice(0, 10);
      for (const r of bucket.results ?? []) {
        const cents = Number(r.amount);
        if (!Number.isFinite(cents)) {
          options.log?.(`skipped an amount that is not a number: ${JSON.stringify(r.amount)}`);
          continue;
        }
        lines.push({
          provider: 'anthropic',
          day,
          provider_project: r.workspace_id ?? null,
          line_item: r.description ?? 'total',
          model: r.model ?? null,
          usd: cents / 100,
        });
      }
    }
    if (!body.has_more || !body.next_page) return lines;
    page = body.next_page;
  }
  throw new ProviderError(`Anthropic cost_report kept paging past ${MAX_PAGES} pages; narrow the window`);
}

/** Anthropic's Admin cost_report, as the built-in `agent-os/anthropic-costs` task. */
export const anthropicCostsPlugin: CostProviderPlugin = {
  id: 'anthropic',
  label: 'Anthropic',
  description: 'Anthropic costs per workspace',
  fetchCosts: fetchAnthropicCosts,
  names: ({ baseUrl, adminKey, log }) =>
    providerNames(
      `${baseUrl.replace(/\/$/, '')}/organizations/workspaces?limit=100`,
      { 'x-api-key': adminKey, 'anthropic-version': '2023-06-01' },
      'Anthropic workspaces',
      log,
    ),
};

import type { CostFetchOptions, CostProviderPlugin, ProviderCostLine } from '../../src-main/common/plugins';
import { fetchJson, ProviderError } from '../shared/fetch-json';
import { providerNames } from '../shared/provider-names';

interface OpenAIPage {
  data?: Array<{
    start_time?: number;
    results?: Array<{ amount?: { value?: number; currency?: string }; line_item?: string | null; project_id?: string | null }>;
  }>;
  has_more?: boolean;
  next_page?: string | null;
}

const MAX_PAGES = 100;

/** OpenAI's organization Costs API, grouped by project and line item, one day per bucket, every page. */
export async function fetchOpenAICosts(options: CostFetchOptions): Promise<ProviderCostLine[]> {
  const lines: ProviderCostLine[] = [];
  let page: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const query = new URLSearchParams({ start_time: String(Math.floor(options.since.getTime() / 1000)), bucket_width: '1d', limit: '180' });
    query.append('group_by[]', 'project_id');
    query.append('group_by[]', 'line_item');
    if (page) query.set('page', page);
    const body = (await fetchJson(`${options.baseUrl.replace(/\/$/, '')}/organization/costs?${query.toString()}`, {
      headers: { authorization: `Bearer ${options.adminKey}`, 'content-type': 'application/json' },
      label: 'OpenAI Costs API',
      authHint: 'it needs an OpenAI organization admin key (sk-admin-…) in AGENT_OS_OPENAI_ADMIN_KEY, not a project key',
      signal: options.signal,
      log: options.log,
      backoffMs: options.backoffMs,
    })) as OpenAIPage;
    if (!Array.isArray(body.data)) throw new ProviderError('OpenAI Costs API answered without a "data" list');
    for (const bucket of body.data) {
      if (typeof bucket.start_time !== 'number') continue;
      const day = new Date(bucket.start_time * 1000).toISOString().slice(0, 10);
      for (const r of bucket.results ?? []) {
        const usd = Number(r.amount?.value ?? 0);
        if (!Number.isFinite(usd)) continue;
        if (r.amount?.currency && r.amount.currency.toLowerCase() !== 'usd') options.log?.(`skipped an amount in ${r.amount.currency}: only USD is summed`);
        else
          lines.push({ provider: 'openai', day, provider_project: r.project_id ?? null, line_item: r.line_item ?? 'total', model: modelOf(r.line_item), usd });
      }
    }
    if (!body.has_more || !body.next_page) return lines;
    page = body.next_page;
  }
  throw new ProviderError(`OpenAI Costs API kept paging past ${MAX_PAGES} pages; narrow the window`);
}

/** OpenAI line items read like "gpt-4o-2024-08-06, input": the model is the part before the comma. */
function modelOf(lineItem: string | null | undefined): string | null {
  if (!lineItem) return null;
  const head = lineItem.split(',')[0]?.trim() ?? '';
  return /^(gpt|o\d|text-|dall-e|whisper|tts|chatgpt|davinci|babbage|omni|computer-use|codex)/i.test(head) ? head : null;
}

/** OpenAI's organization Costs API, as the built-in `agent-os/openai-costs` task. */
export const openaiCostsPlugin: CostProviderPlugin = {
  id: 'openai',
  label: 'OpenAI',
  description: 'OpenAI organization costs per project',
  fetchCosts: fetchOpenAICosts,
  names: ({ baseUrl, adminKey, log }) =>
    providerNames(`${baseUrl.replace(/\/$/, '')}/organization/projects?limit=100`, { authorization: `Bearer ${adminKey}` }, 'OpenAI projects', log),
};

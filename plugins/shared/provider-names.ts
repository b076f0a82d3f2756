import { fetchJson } from './fetch-json';

/**
 * Names of OpenAI projects / Anthropic workspaces by id, for "map by equal name". Best effort: a failure
 * (an older key scope, a proxy without the endpoint) returns what was read and a note, never throws.
 */
export async function providerNames(url: string, headers: Record<string, string>, label: string, log?: (line: string) => void): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    const body = (await fetchJson(url, { headers, label, authHint: 'listing names needs the same admin key', attempts: 2, backoffMs: 200, log })) as {
      data?: Array<{ id?: string; name?: string }>;
    };
    for (const item of body.data ?? []) if (item.id && item.name) names.set(item.id, item.name);
  } catch (error) {
    log?.(`${label}: could not list names (${(error as Error).message}); mapping by config only`);
  }
  return names;
}

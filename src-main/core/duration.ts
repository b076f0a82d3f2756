// Durations as written in manifests and config: `500ms`, `2s`, `30m`, `1h`, `1d`, and combinations (`1h30m`).
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** Milliseconds for a duration string, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(PART)) total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  return Math.round(total);
}

/** Milliseconds of a duration a schema has already checked; its default lives in that schema, not beside each use. */
export function checkedDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new Error(`"${text}" is not a duration; the schema should have refused it`);
  return ms;
}

/**
 * Whole days for a look-back such as `30d`, `36h` (rounded up) or a bare `30`; null when it is not one or is
 * shorter than a day. Shared by `agent-os costs --since` and the MCP `costs` tool.
 */
export function lookBackDays(text: string): number | null {
  const ms = parseDuration(text) ?? (/^\d+$/.test(text.trim()) ? Number(text.trim()) * 86_400_000 : null);
  return ms && ms >= 86_400_000 ? Math.ceil(ms / 86_400_000) : null;
}

/** A channel error; `retryAfterMs` carries a provider's Retry-After (429) so the retry waits long enough. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** What a channel POSTs: headers and a body already encoded. */
export interface HttpRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * POSTs to a channel's endpoint; any non-2xx answer, a timeout (via `signal`) or a network error rejects
 * with a ChannelError that never holds the URL (its path or query may be the secret). `retryAfterOf` reads a
 * provider's own "wait this long" from an error body (Telegram puts it there, not in Retry-After).
 */
export async function postTo(
  url: string,
  request: HttpRequest,
  signal: AbortSignal,
  label: string,
  retryAfterOf: (body: string) => number | null = () => null,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': 'agent-os', ...request.headers },
      body: request.body,
      signal,
      redirect: 'error',
    });
  } catch (error) {
    const reason = signal.aborted ? 'no answer before the timeout' : ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    throw new ChannelError(`${label} could not be reached: ${reason}`);
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return text;
  const retryAfter = Number(response.headers.get('retry-after'));
  const fromHeader = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
  const snippet = text.replace(/\s+/g, ' ').slice(0, 200);
  throw new ChannelError(`${label} answered ${response.status}${snippet ? `: ${snippet}` : ''}`, fromHeader ?? retryAfterOf(text));
}

/** POSTs JSON to a webhook (see postTo). */
export async function postJson(url: string, body: unknown, signal: AbortSignal, label: string): Promise<void> {
  await postTo(url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, signal, label);
}

/** The host of a webhook URL, for display: the path holds the webhook's secret and is never shown. */
export function safeTarget(url: string): string {
  try {
    return `${new URL(url).host}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/** Cuts text to n characters with a mark. */
export function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

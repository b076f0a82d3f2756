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

/** POSTs JSON to a webhook; any non-2xx answer, a timeout (via `signal`) or a network error rejects. */
export async function postJson(url: string, body: unknown, signal: AbortSignal, label: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'agent-os' },
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
  } catch (error) {
    const reason = signal.aborted ? 'no answer before the timeout' : ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    throw new ChannelError(`${label} could not be reached: ${reason}`);
  }
  if (response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ChannelError(
    `${label} answered ${response.status}${text ? `: ${text}` : ''}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
  );
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

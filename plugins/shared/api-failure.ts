// What the cloud observers (GitHub Actions, Railway) share about a provider call that failed: its kind, which
// decides the poller's next step (pause every look until a rate limit resets, back off while the provider is
// down or the network gone), and a sentence a user can act on, never the token.

/** Why a call failed, classified for the poller's next step. */
export type ApiFailureKind = 'unauthorized' | 'forbidden' | 'rate_limited' | 'not_found' | 'server' | 'offline' | 'invalid';

/** A failed provider call, with a sentence a user can act on (never the token). */
export class ApiFailure extends Error {
  constructor(
    readonly kind: ApiFailureKind,
    message: string,
    /** rate_limited: when calls may resume. */
    readonly retryAt: Date | null = null,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/**
 * When a rate-limited call may be made again: `retry-after` (seconds, or an HTTP date), else a reset time in
 * epoch seconds (GitHub's x-ratelimit-reset), else in a minute.
 */
export function retryAtOf(headers: Headers, resetHeader = 'x-ratelimit-reset'): Date {
  const retryAfter = headers.get('retry-after');
  const seconds = Number(retryAfter);
  if (retryAfter && seconds > 0) return new Date(Date.now() + seconds * 1000);
  const date = retryAfter ? Date.parse(retryAfter) : NaN;
  if (Number.isFinite(date)) return new Date(date);
  const reset = Number(headers.get(resetHeader));
  return reset > 0 ? new Date(reset * 1000) : new Date(Date.now() + 60_000);
}

/** A fetch with a timeout (and the caller's signal) whose network failure is an `offline` ApiFailure. */
export async function fetchOrOffline(url: string, init: RequestInit, offline: (cause: string) => string, timeoutMs = 20_000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : [])]) });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ApiFailure('offline', offline(cause));
  }
}

/** An error body's own words, on one line: its JSON `message` when it has one. */
export async function saidBy(response: Response): Promise<string> {
  const body = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: Array<{ message?: unknown }> };
    const message = parsed.message ?? parsed.errors?.[0]?.message;
    return typeof message === 'string' ? message : body;
  } catch {
    return body;
  }
}

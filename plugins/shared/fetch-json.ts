/** Options for a provider API GET with the failure handling a long-running fetcher needs. */
export interface FetchJsonOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Attempts for 429 and 5xx answers and network errors (first try included). */
  attempts?: number;
  /** First backoff delay; doubles each retry (a 429's Retry-After wins when longer). */
  backoffMs?: number;
  /** Names the provider in error messages. */
  label: string;
  /** What a 401/403 means for this provider, said to the user. */
  authHint: string;
  /** Progress notes (retries) for the run log. */
  log?: (line: string) => void;
}

/** A provider request that failed for good, with a sentence a user can act on. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ProviderError('cancelled'));
    });
  });

/** GETs JSON, retrying 429 (honouring Retry-After), 5xx and network errors with backoff; never returns a non-2xx. */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const attempts = options.attempts ?? 5;
  let delay = options.backoffMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000), ...(options.signal ? [options.signal] : [])];
      response = await fetch(url, { headers: options.headers, signal: AbortSignal.any(signals), redirect: 'error' });
    } catch (error) {
      if (options.signal?.aborted) throw new ProviderError('cancelled');
      const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      if (attempt >= attempts)
        throw new ProviderError(`${options.label} could not be reached (${cause}) after ${attempts} attempts; check the network or costs base_url`);
      options.log?.(`${options.label}: ${cause}; retrying in ${delay} ms`);
      await sleep(delay, options.signal);
      delay *= 2;
      continue;
    }
    if (response.ok) {
      try {
        return await response.json();
      } catch {
        throw new ProviderError(`${options.label} answered with a body that is not JSON`);
      }
    }
    const body = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
    if (response.status === 401 || response.status === 403)
      throw new ProviderError(`${options.label} refused the key (${response.status}): ${options.authHint}`);
    const retryable = response.status === 429 || response.status >= 500;
    if (!retryable || attempt >= attempts) throw new ProviderError(`${options.label} answered ${response.status}${body ? `: ${body}` : ''}`);
    const retryAfter = Number(response.headers.get('retry-after'));
    const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(retryAfter * 1000, delay) : delay;
    options.log?.(`${options.label}: ${response.status}; retrying in ${wait} ms`);
    await sleep(wait, options.signal);
    delay *= 2;
  }
}

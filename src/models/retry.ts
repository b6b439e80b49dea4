import { ModelError } from '../errors.js';

export interface RetryOptions {
  /** How many times to retry after the first attempt. */
  maxRetries?: number | undefined;
  /** First backoff delay; doubles each retry, with jitter. */
  baseDelayMs?: number | undefined;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxDelayMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called before each wait, so a caller can report it. */
  onRetry?: ((info: { attempt: number; delayMs: number; error: ModelError }) => void) | undefined;
}

/**
 * Runs `attempt` and retries it on retryable `ModelError`s (429, 5xx, network failures).
 * Honours a Retry-After hint carried on the error; otherwise exponential backoff with jitter.
 */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxRetries = options.maxRetries ?? 3;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ModelError) || !error.retryable || tries >= maxRetries) throw error;
      options.signal?.throwIfAborted();
      const hinted = error.retryAfterMs;
      const backoff = base * 2 ** tries * (0.75 + Math.random() * 0.5);
      const delayMs = Math.min(max, hinted ?? backoff);
      options.onRetry?.({ attempt: tries + 1, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

/** Parses a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** True for the statuses worth retrying: rate limits and server errors. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

import { withRetry, type RetryOptions } from './retry.js';

/**
 * Opens a stream with retries, but only up to its first item: once anything has reached the
 * caller a retry would replay it, so later failures are final. `toError` maps provider errors to
 * `ModelError` (retryable or not) both while opening and while reading.
 */
export async function* streamWithRetry<T>(
  open: () => Promise<AsyncIterable<T>>,
  options: RetryOptions & { toError: (error: unknown) => unknown },
): AsyncGenerator<T, void> {
  const { toError, ...retryOptions } = options;
  const { iterator, first } = await withRetry(async () => {
    try {
      const iterator = (await open())[Symbol.asyncIterator]();
      return { iterator, first: await iterator.next() };
    } catch (error) {
      throw toError(error);
    }
  }, retryOptions);
  // Some SDKs (openai's Stream) end quietly when their signal aborts: a cut-short reply must not
  // pass for a complete one, so an abort always surfaces as the signal's reason.
  const endOrAbort = (): void => options.signal?.throwIfAborted();
  if (first.done) return endOrAbort();
  try {
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return endOrAbort();
      yield next.value;
    }
  } catch (error) {
    throw options.signal?.aborted ? options.signal.reason : toError(error);
  } finally {
    // A consumer that stops early must not leave the HTTP response open.
    await iterator.return?.();
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import { isRetryableStatus, parseRetryAfter, withRetry } from '../../src/models/retry.js';

test('retries retryable ModelErrors, honouring retryAfterMs, then succeeds', async () => {
  let attempts = 0;
  const delays: number[] = [];
  const result = await withRetry(
    async () => {
      attempts++;
      if (attempts < 3) throw new ModelError('busy', { status: 429, retryable: true, retryAfterMs: 5 });
      return 'ok';
    },
    { onRetry: ({ delayMs }) => delays.push(delayMs) },
  );
  assert.equal(result, 'ok');
  assert.equal(attempts, 3);
  assert.deepEqual(delays, [5, 5]);
});

test('does not retry non-retryable errors, and gives up after maxRetries', async () => {
  let attempts = 0;
  await assert.rejects(
    withRetry(async () => {
      attempts++;
      throw new ModelError('bad request', { status: 400 });
    }),
    /bad request/,
  );
  assert.equal(attempts, 1);
  attempts = 0;
  await assert.rejects(
    withRetry(
      async () => {
        attempts++;
        throw new ModelError('down', { status: 503, retryable: true, retryAfterMs: 0 });
      },
      { maxRetries: 2 },
    ),
    /down/,
  );
  assert.equal(attempts, 3);
});

test('an abort during the backoff stops retrying', async () => {
  const controller = new AbortController();
  const pending = withRetry(
    async () => {
      throw new ModelError('busy', { status: 429, retryable: true, retryAfterMs: 60_000 });
    },
    { signal: controller.signal },
  );
  controller.abort(new Error('stop'));
  await assert.rejects(pending, /stop/);
});

test('Retry-After parses seconds and HTTP dates; retryable statuses', () => {
  assert.equal(parseRetryAfter('2'), 2000);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.deepEqual([429, 500, 503, 400, 401, 404].map(isRetryableStatus), [true, true, true, false, false, false]);
});

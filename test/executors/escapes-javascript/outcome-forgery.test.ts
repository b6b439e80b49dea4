import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { forgeryAttempts } from './outcome-forgery.js';

describe('the outcome of an action cannot be forged by replacing builtins', () => {
  for (const attempt of forgeryAttempts) {
    test(attempt.name, async () => {
      // A fresh sandbox each: the attempts poison builtins for good.
      const executor = new LocalJsExecutor({ timeoutMs: 2000 });
      try {
        const outcome = await executor.execute(attempt.code).then(
          (result) => ({ output: result.output, isFinalAnswer: result.isFinalAnswer, logs: result.logs }),
          (error: unknown) => {
            assert.ok(error instanceof CodeExecutionError, `a host error escaped: ${String(error)}`);
            return { output: 'error', isFinalAnswer: false, logs: error.logs };
          },
        );
        assert.deepEqual({ output: outcome.output, isFinalAnswer: outcome.isFinalAnswer }, attempt.expected);
        assert.doesNotMatch(outcome.logs, /still running|forged/);
        // The prelude still works with the builtins replaced. (A primitive: an inherited toJSON
        // legitimately shapes the model's own objects.)
        const next = await executor.execute('final_answer("still works");');
        assert.equal(next.output, 'still works');
        assert.equal(next.isFinalAnswer, true);
      } finally {
        await executor.dispose();
      }
    });
  }
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeExecutionError } from '../../../src/errors.js';
import { DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import { FakeDockerEngine } from '../../fixtures/docker/fake-engine.js';
import { heapViewAttempts } from './heap-view.js';
import { forgeryAttempts } from './outcome-forgery.js';

/**
 * The Docker executor's JavaScript side shares the guest prelude, so the attacks on the prelude
 * apply to it too. The fake engine runs the container's node locally (the protocol and the
 * prelude are under test here, not the container's walls; the real-engine run is
 * docker.conformance.test.ts).
 */
describe('DockerExecutor (JavaScript) against prelude attacks', () => {
  const IMAGE = 'example/node:test';
  let engine: FakeDockerEngine;
  before(async () => {
    engine = await FakeDockerEngine.start([IMAGE]);
  });
  after(() => engine.close());

  for (const attempt of forgeryAttempts) {
    test(`outcome not forged: ${attempt.name}`, async () => {
      const executor = new DockerExecutor({ language: 'javascript', image: IMAGE, docker: { socketPath: engine.socketPath }, timeoutMs: 3000 });
      try {
        const outcome = await executor.execute(attempt.code).then(
          (result) => ({ output: result.output, isFinalAnswer: result.isFinalAnswer }),
          (error: unknown) => {
            assert.ok(error instanceof CodeExecutionError, `a host error escaped: ${String(error)}`);
            return { output: 'error', isFinalAnswer: false };
          },
        );
        assert.deepEqual(outcome, attempt.expected);
      } finally {
        await executor.dispose();
      }
    });
  }

  test('the heap-view snippets hold (V8 has no such bug; the snippets must not break the runner)', async () => {
    const executor = new DockerExecutor({ language: 'javascript', image: IMAGE, docker: { socketPath: engine.socketPath }, timeoutMs: 3000 });
    try {
      for (const attempt of heapViewAttempts) {
        const output = await executor.execute(attempt.code).then((result) => result.output, () => 'failed');
        assert.notEqual(output, 'ESCAPED', attempt.name);
      }
    } finally {
      await executor.dispose();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';
import { startSmolagent } from './run-smolagent.js';

/**
 * Ctrl-C while the model's code spins in the sandbox: the sandbox runs on a worker thread, so the
 * CLI's own thread still gets the signal, aborts the action and exits (docs/cli.md).
 */
describe('smolagent and Ctrl-C while the sandbox is busy', () => {
  // The timeout is a safety net so that a regression fails the test instead of hanging the suite.
  it('SIGINT stops a busy loop in the sandbox and exits 130', { timeout: 60_000 }, async () => {
    const server = await startOpenAIWireServer({ replies: ['Thought: spin\n```js\nlet spins = 0;\nwhile (true) { spins++; }\n```'] });
    try {
      const { child, done } = startSmolagent(['spin forever', '--api-base', server.url, '--model-id', 'm'], { env: { NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Wait (by events, not by time) until the logger has shown the code action: it runs next.
      await new Promise<void>((resolve) => {
        const check = () => (stderr.includes('spins++') ? resolve() : child.stderr.once('data', check));
        child.once('close', () => resolve());
        check();
      });
      child.kill('SIGINT');
      const run = await done;
      assert.equal(run.code, 130, stderr);
      assert.match(stderr, /Interrupted: stopping the run/);
      assert.match(stderr, /smolagent: interrupted\./);
    } finally {
      await server.close();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { AgentAbortedError, AgentGenerationError, ModelError } from '../../src/errors.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { tool } from '../../src/tools/tool.js';

describe('errors that end a run print short and keep what matters', () => {
  test('an AgentGenerationError keeps the memory in `steps` but does not print it', async () => {
    const model = new ScriptedModel(['```js\nconsole.log("step one")\n```', new ModelError('Model request failed (500): upstream down', { status: 500 })]);
    const agent = new CodeAgent({ model, logger: false });
    try {
      const error = await agent.run('a task whose memory should not be printed').then(
        () => assert.fail('the run should fail'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof AgentGenerationError);
      assert.equal(error.steps.length, 3, 'task, the first action, the failed second action');
      assert.ok(!Object.keys(error).includes('steps'), 'steps is not enumerable');
      const printed = inspect(error);
      assert.doesNotMatch(printed, /a task whose memory should not be printed/);
      assert.doesNotMatch(printed, new RegExp(agent.memory.systemPrompt.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(printed, /upstream down/, 'the cause is still shown');
      assert.ok(printed.split('\n').length < 60, `printed in ${printed.split('\n').length} lines:\n${printed}`);
    } finally {
      await agent.dispose();
    }
  });

  test('an AgentAbortedError carries the abort reason as its cause, from inside a tool', async () => {
    const controller = new AbortController();
    const slow = tool({
      name: 'slow',
      description: 'Waits for the abort.',
      inputSchema: z.object({}),
      execute: (_args, { signal }) => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('tool stopped')))),
    });
    const model = new ScriptedModel([{ role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'slow', arguments: {} }] }]);
    const agent = new ToolCallingAgent({ model, tools: [slow], logger: false });
    const reason = new Error('the user closed the tab');
    const run = agent.run('x', { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await assert.rejects(run, (error: unknown) => {
      assert.ok(error instanceof AgentAbortedError);
      assert.equal(error.cause, reason);
      assert.match(error.message, /aborted: the user closed the tab/);
      assert.ok(!Object.keys(error).includes('steps'));
      assert.equal(error.steps.filter((step) => (step as { type: string }).type === 'action').length, 1);
      return true;
    });
  });

  test('an abort during the model call and before a step both carry the reason', async () => {
    const reason = 'stopped by a test';
    const before = new AbortController();
    before.abort(reason);
    const agent = new ToolCallingAgent({ model: new ScriptedModel([]), logger: false });
    await assert.rejects(agent.run('x', { signal: before.signal }), (error: unknown) => error instanceof AgentAbortedError && error.cause === reason);

    const during = new AbortController();
    const model = new ScriptedModel([
      () => {
        during.abort(reason);
        return new Error('the request was cut');
      },
    ]);
    const second = new ToolCallingAgent({ model, logger: false });
    await assert.rejects(second.run('x', { signal: during.signal }), (error: unknown) => error instanceof AgentAbortedError && error.cause === reason);
  });
});

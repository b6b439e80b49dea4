import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';
import { runSmolagent } from './run-smolagent.js';

it('--tools python_interpreter: a tool-calling agent runs Python in the sandbox and reads its output', async () => {
  const server = await startOpenAIWireServer({
    replies: [
      { content: '', toolCalls: [{ name: 'python_interpreter', arguments: { code: 'print(2**100)\nsum(range(10))' } }] },
      { content: '', toolCalls: [{ name: 'final_answer', arguments: { answer: 'done' } }] },
    ],
  });
  try {
    const run = await runSmolagent(['compute', '--api-base', server.url, '--model-id', 'm', '--agent-type', 'tool-calling', '--tools', 'python_interpreter'], {
      env: { NO_COLOR: '1' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lastLine, 'done');
    const tools = (server.requests[0]!.body as { tools?: { function: { name: string } }[] }).tools ?? [];
    assert.ok(tools.some((tool) => tool.function.name === 'python_interpreter'));
    const observation = JSON.stringify(server.requests[1]!.body.messages);
    assert.match(observation, /1267650600228229401496703205376/);
    assert.match(observation, /Output: 45/);
  } finally {
    await server.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentMemory, MEMORY_SCHEMA_VERSION } from '../../src/memory/agent-memory.js';
import { javascriptCodeAgentPrompts } from '../../src/prompts/code-agent-javascript.js';
import { contentText } from '../../src/models/message-content.js';

function sampleMemory(): AgentMemory {
  const memory = new AgentMemory(javascriptCodeAgentPrompts);
  memory.systemPrompt = 'SYSTEM';
  memory.steps.push(
    { type: 'task', task: 'Count to 3' },
    {
      type: 'action',
      stepNumber: 1,
      timing: { startTime: 1, endTime: 2, duration: 1 },
      modelOutput: 'Thought: print\n```js\nconsole.log(1)\n```',
      modelOutputMessage: { role: 'assistant', content: 'x', raw: { huge: 'provider payload' } },
      codeAction: 'console.log(1)',
      observations: '1',
      isFinalAnswer: false,
      tokenUsage: { inputTokens: 7, outputTokens: 3 },
    },
    {
      type: 'action',
      stepNumber: 2,
      timing: { startTime: 2 },
      modelOutput: 'oops',
      error: { type: 'AgentParsingError', message: 'no code' },
      isFinalAnswer: false,
    },
  );
  return memory;
}

test('toMessages renders system, task, model output, observations and errors in order', () => {
  const messages = sampleMemory().toMessages();
  assert.deepEqual(
    messages.map((message) => message.role),
    ['system', 'user', 'assistant', 'user', 'assistant', 'user'],
  );
  assert.equal(contentText(messages[1]!.content), 'New task:\nCount to 3');
  assert.equal(contentText(messages[3]!.content), 'Observation:\n1');
  assert.match(contentText(messages[5]!.content), /^Error:\nno code\nNow let's retry/);
  assert.equal(sampleMemory().toMessages({ summaryMode: true })[0]!.role, 'user');
});

test('JSON round trip keeps every step, drops raw provider payloads, and checks schemaVersion', () => {
  const memory = sampleMemory();
  const json = JSON.parse(JSON.stringify(memory.toJSON()));
  assert.equal(json.schemaVersion, MEMORY_SCHEMA_VERSION);
  assert.equal(json.steps[1].modelOutputMessage.raw, undefined);
  const restored = new AgentMemory(javascriptCodeAgentPrompts);
  restored.load(json);
  assert.deepEqual(restored.toMessages(), memory.toMessages());
  assert.deepEqual(restored.tokenUsage, { inputTokens: 7, outputTokens: 3 });
  assert.throws(() => restored.load({ ...json, schemaVersion: 99 }), /schemaVersion 99/);
});

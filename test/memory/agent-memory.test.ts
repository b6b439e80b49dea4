import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentMemory, MEMORY_SCHEMA_VERSION } from '../../src/memory/agent-memory.js';
import { alternateRoles } from '../../src/memory/alternate-roles.js';
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
  assert.equal(messages[1]!.content, 'Task:\nCount to 3');
  assert.equal(messages[3]!.content, 'Observation:\n1');
  assert.equal(messages[5]!.content, 'Error:\nno code');
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

test('a failed step that printed something is one user message: what it printed, then the error', () => {
  const memory = new AgentMemory(javascriptCodeAgentPrompts);
  memory.steps.push(
    { type: 'task', task: 'Divide' },
    {
      type: 'action',
      stepNumber: 1,
      timing: { startTime: 1 },
      modelOutput: 'Next.\n```js\nconsole.log("half");\nnull.x;\n```',
      observations: 'half',
      error: { type: 'AgentExecutionError', message: 'Code execution failed at line 2 due to: TypeError: x' },
      isFinalAnswer: false,
    },
  );
  const messages = memory.toMessages();
  assert.deepEqual(messages.map((message) => message.role), ['user', 'assistant', 'user']);
  assert.equal(messages[2]!.content, 'Observation:\nhalf\nError:\nCode execution failed at line 2 due to: TypeError: x');
});

test('alternateRoles joins runs of user, assistant or system messages, and keeps tool messages and tool calls apart', () => {
  const joined = alternateRoles([
    { role: 'system', content: 'a' },
    { role: 'user', content: 'task' },
    { role: 'user', content: 'notes' },
    { role: 'assistant', content: 'plan' },
    { role: 'assistant', content: 'calling', toolCalls: [{ id: '1', name: 't', arguments: {} }, { id: '2', name: 't', arguments: {} }] },
    { role: 'tool', toolCallId: '1', content: 'one' },
    { role: 'tool', toolCallId: '2', content: 'two' },
    { role: 'user', content: '' },
    { role: 'user', content: 'answer now' },
  ]);
  assert.deepEqual(joined, [
    { role: 'system', content: 'a' },
    { role: 'user', content: 'task\n\nnotes' },
    { role: 'assistant', content: 'plan\n\ncalling', toolCalls: [{ id: '1', name: 't', arguments: {} }, { id: '2', name: 't', arguments: {} }] },
    { role: 'tool', toolCallId: '1', content: 'one' },
    { role: 'tool', toolCallId: '2', content: 'two' },
    { role: 'user', content: 'answer now' },
  ]);
});

test('alternateRoles joins messages with images by their parts: every image kept in order, text meeting at the seam joined', () => {
  const red = { type: 'image' as const, image: 'iVBORw0KGgo=', mediaType: 'image/png' };
  const blue = { type: 'image' as const, image: 'https://example.com/blue.png' };
  const joined = alternateRoles([
    { role: 'user', content: 'Task:\nLook.' },
    { role: 'user', content: [{ type: 'text', text: 'Observation:\nstep 1' }, red] },
    { role: 'user', content: 'Now revise the plan.' },
    { role: 'user', content: [blue, { type: 'text', text: 'and this one' }] },
    { role: 'assistant', content: 'ok' },
    { role: 'user', content: [] },
    { role: 'user', content: [red] },
  ]);
  assert.deepEqual(joined, [
    { role: 'user', content: [{ type: 'text', text: 'Task:\nLook.\n\nObservation:\nstep 1' }, red, { type: 'text', text: 'Now revise the plan.' }, blue, { type: 'text', text: 'and this one' }] },
    { role: 'assistant', content: 'ok' },
    { role: 'user', content: [red] },
  ]);
  // Without images, joined content stays a string, even when a side was a list of text parts.
  assert.deepEqual(alternateRoles([{ role: 'user', content: [{ type: 'text', text: 'a' }] }, { role: 'user', content: 'b' }]), [{ role: 'user', content: 'a\n\nb' }]);
});

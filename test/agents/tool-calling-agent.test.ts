import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import type { ActionStep } from '../../src/memory/steps.js';
import type { ChatMessage } from '../../src/models/model.js';
import { contentText } from '../../src/models/message-content.js';

const call = (name: string, args: unknown, id = `call_${name}`): ChatMessage => ({
  role: 'assistant',
  content: '',
  toolCalls: [{ id, name, arguments: args }],
});

const add = tool({
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  outputType: 'number',
  execute: ({ a, b }) => a + b,
});

describe('ToolCallingAgent', () => {
  test('calls a tool, reads the observation, and finishes with final_answer', async () => {
    const model = new ScriptedModel([call('add', { a: 2, b: 3 }), call('final_answer', { answer: 5 })]);
    const agent = new ToolCallingAgent({ model, tools: [add] });
    const result = await agent.run('What is 2 + 3?', { returnFullResult: true });
    assert.equal(result.output, 5);
    assert.equal(result.state, 'success');
    const second = model.calls[1]!.messages;
    const toolMessage = second.find((message) => message.role === 'tool');
    assert.equal(toolMessage?.toolCallId, 'call_add');
    assert.match(contentText(toolMessage!.content), /5/);
    assert.deepEqual(model.calls[0]!.options.tools?.map((definition) => definition.name).sort(), ['add', 'final_answer']);
    assert.equal(model.calls[0]!.options.toolChoice, 'required');
  });

  test('runs several tool calls from one reply concurrently', async () => {
    let started = 0;
    let releaseAll!: () => void;
    const bothStarted = new Promise<void>((resolve) => (releaseAll = resolve));
    const wait = tool({
      name: 'wait',
      description: 'Waits until both calls have started.',
      inputSchema: z.object({ id: z.string() }),
      execute: async ({ id }) => {
        started++;
        if (started === 2) releaseAll();
        // Sequential execution would leave the first call waiting here forever: fail fast instead.
        const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('not concurrent'), 2000).unref());
        return await Promise.race([bothStarted.then(() => `done ${id}`), timeout]);
      },
    });
    const model = new ScriptedModel([
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'a', name: 'wait', arguments: { id: 'a' } },
          { id: 'b', name: 'wait', arguments: { id: 'b' } },
        ],
      },
      call('final_answer', { answer: 'ok' }),
    ]);
    const agent = new ToolCallingAgent({ model, tools: [wait] });
    await agent.run('go');
    const step = agent.memory.actionSteps[0]!;
    assert.deepEqual(step.toolCalls?.map((record) => record.observation), ['done a', 'done b']);
  });

  test('unknown tools, bad arguments and unparsable JSON become error observations and the run goes on', async () => {
    const model = new ScriptedModel([
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: '1', name: 'nope', arguments: {} },
          { id: '2', name: 'add', arguments: { a: 'two' } },
          { id: '3', name: 'add', arguments: '{"a": 1,' },
        ],
      },
      call('final_answer', { answer: 'recovered' }),
    ]);
    const agent = new ToolCallingAgent({ model, tools: [add] });
    assert.equal(await agent.run('go'), 'recovered');
    const [unknown, badArgs, badJson] = agent.memory.actionSteps[0]!.toolCalls!;
    assert.match(unknown!.error!.message, /no tool named 'nope'.*add/);
    assert.equal(badArgs!.error!.type, 'AgentToolCallError');
    assert.match(badArgs!.error!.message, /Expected parameters: a \(number, required\), b \(number, required\)/);
    assert.match(badJson!.error!.message, /not valid JSON/);
    const toolMessages = model.calls[1]!.messages.filter((message) => message.role === 'tool');
    assert.equal(toolMessages.length, 3);
    assert.ok(toolMessages.every((message) => contentText(message.content).startsWith('Error:')));
  });

  test('a tool that throws becomes an AgentToolExecutionError observation', async () => {
    const broken = tool({ name: 'broken', description: 'Always fails.', inputSchema: z.object({}), execute: () => { throw new Error('disk on fire'); } });
    const model = new ScriptedModel([call('broken', {}), call('final_answer', { answer: 'ok' })]);
    const agent = new ToolCallingAgent({ model, tools: [broken] });
    await agent.run('go');
    const record = agent.memory.actionSteps[0]!.toolCalls![0]!;
    assert.equal(record.error?.type, 'AgentToolExecutionError');
    assert.match(record.error!.message, /disk on fire/);
  });

  test('a reply without tool calls is a parsing error; JSON in the text is accepted as a call', async () => {
    const model = new ScriptedModel([
      'I think the answer is 4.',
      'Action:\n{"name": "final_answer", "arguments": {"answer": 4}}',
    ]);
    const agent = new ToolCallingAgent({ model, tools: [] });
    assert.equal(await agent.run('2+2?'), 4);
    const [first] = agent.memory.actionSteps as ActionStep[];
    assert.equal(first!.error?.type, 'AgentParsingError');
    assert.match(contentText(model.calls[1]!.messages.at(-1)!.content), /called no tool/);
  });
});

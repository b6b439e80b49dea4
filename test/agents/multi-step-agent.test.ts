import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { ModelError, AgentGenerationError, AgentAbortedError } from '../../src/errors.js';
import { tool } from '../../src/tools/tool.js';
import type { AgentEvent } from '../../src/agents/events.js';
import type { ChatMessage } from '../../src/models/model.js';
import { contentText } from '../../src/models/message-content.js';

const call = (name: string, args: unknown): ChatMessage => ({ role: 'assistant', content: '', toolCalls: [{ id: `id_${name}`, name, arguments: args }] });
const finalAnswer = (answer: unknown) => call('final_answer', { answer });
const echo = tool({ name: 'echo', description: 'Echoes.', inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text });

describe('the multi-step loop', () => {
  test('stream() yields typed events in order and returns the run result; run() drains the same loop', async () => {
    const model = new ScriptedModel([call('echo', { text: 'hi' }), finalAnswer('bye')]);
    const agent = new ToolCallingAgent({ model, tools: [echo] });
    const events: AgentEvent[] = [];
    const stream = agent.stream('say hi');
    let next = await stream.next();
    while (!next.done) {
      events.push(next.value);
      next = await stream.next();
    }
    assert.deepEqual(
      events.map((event) => event.type),
      [
        ...['run_start', 'step_start', 'model_request', 'model_output', 'tool_call', 'tool_result', 'step_end'],
        ...['step_start', 'model_request', 'model_output', 'tool_call', 'tool_result', 'step_end', 'final_answer'],
      ],
    );
    assert.equal(next.value.output, 'bye');
    assert.equal(next.value.steps[0]!.type, 'task');
    assert.deepEqual(next.value.tokenUsage, { inputTokens: 20, outputTokens: 10 });
    assert.ok(next.value.timing.duration! >= 0);
  });

  test('streamOutputs emits model deltas and assembles the same reply', async () => {
    const model = new ScriptedModel([finalAnswer('streamed')]);
    const agent = new ToolCallingAgent({ model, streamOutputs: true });
    const types: string[] = [];
    for await (const event of agent.stream('x')) types.push(event.type);
    assert.ok(types.includes('model_delta'));
    assert.equal(agent.memory.actionSteps[0]!.actionOutput, 'streamed');
  });

  test('at maxSteps the model is asked once more for an answer from memory', async () => {
    const model = new ScriptedModel([call('echo', { text: '1' }), call('echo', { text: '2' }), 'My best answer: 42']);
    const agent = new ToolCallingAgent({ model, tools: [echo], maxSteps: 2 });
    const result = await agent.run('loop', { returnFullResult: true });
    assert.equal(result.state, 'max_steps_error');
    assert.equal(result.output, 'My best answer: 42');
    const last = model.calls[2]!.messages;
    assert.equal(last[0]!.role, 'system');
    assert.match(contentText(last[0]!.content), /ran out of steps/);
    assert.match(contentText(last.at(-1)!.content), /loop/);
    const finalStep = agent.memory.actionSteps.at(-1)!;
    assert.equal(finalStep.error?.type, 'AgentMaxStepsError');
  });

  test('planningInterval plans first and then every N steps, and the plan is in memory', async () => {
    const model = new ScriptedModel([
      'Facts: none.\nPlan: echo twice.<end_plan>ignored',
      call('echo', { text: '1' }),
      call('echo', { text: '2' }),
      'Updated plan: finish.',
      finalAnswer('done'),
    ]);
    const agent = new ToolCallingAgent({ model, tools: [echo], planningInterval: 2 });
    const plans: string[] = [];
    for await (const event of agent.stream('plan it')) if (event.type === 'plan') plans.push(event.step.plan);
    assert.deepEqual(plans, ['Facts: none.\nPlan: echo twice.', 'Updated plan: finish.']);
    assert.deepEqual(model.calls[0]!.options.stopSequences, ['<end_plan>']);
    const afterPlan = model.calls[1]!.messages;
    assert.match(afterPlan.map((message) => message.content).join('\n'), /The facts and my plan:\nFacts: none\.\nPlan: echo twice\./);
    // The plan is the model's message; the go-ahead after it makes the request end on a user message.
    assert.deepEqual(afterPlan.slice(-2).map((message) => message.role), ['assistant', 'user']);
    assert.equal(model.calls[3]!.messages[0]!.role, 'system');
    assert.match(contentText(model.calls[3]!.messages.at(-1)!.content), /18 steps remain/);
  });

  test('stepCallbacks see every action step; finalAnswerChecks can reject an answer', async () => {
    const seen: number[] = [];
    const model = new ScriptedModel([finalAnswer('wrong'), finalAnswer('right')]);
    const agent = new ToolCallingAgent({
      model,
      stepCallbacks: [(step) => void (step.type === 'action' && seen.push(step.stepNumber))],
      finalAnswerChecks: [function mustBeRight(answer) { return answer === 'right' || 'the answer must be "right"'; }],
    });
    assert.equal(await agent.run('x'), 'right');
    assert.deepEqual(seen, [1, 2]);
    const rejected = agent.memory.actionSteps[0]!;
    assert.equal(rejected.isFinalAnswer, false);
    assert.equal(rejected.error!.message, `The final answer was refused by the check 'mustBeRight', and the task goes on. the answer must be "right"`);
  });

  test('reset: false keeps memory for a follow-up task; additionalArgs and instructions reach the model', async () => {
    const model = new ScriptedModel([finalAnswer('one'), finalAnswer('two')]);
    const agent = new ToolCallingAgent({ model, instructions: 'Always answer in French.' });
    await agent.run('first task', { additionalArgs: { city: 'Paris' } });
    await agent.run('second task', { reset: false });
    const messages = model.calls[1]!.messages.map((message) => contentText(message.content)).join('\n');
    assert.match(messages, /first task/);
    assert.match(messages, /"city": "Paris"/);
    assert.match(messages, /second task/);
    assert.match(contentText(model.calls[0]!.messages[0]!.content), /Always answer in French\./);
  });

  test('a provider failure ends the run with AgentGenerationError carrying the memory', async () => {
    const model = new ScriptedModel([call('echo', { text: 'a' }), new ModelError('429 rate limited', { status: 429 })]);
    const agent = new ToolCallingAgent({ model, tools: [echo] });
    await assert.rejects(agent.run('x'), (error: unknown) => {
      assert.ok(error instanceof AgentGenerationError);
      assert.match(error.message, /429 rate limited/);
      assert.equal(error.steps.filter((step: any) => step.type === 'action').length, 2);
      return true;
    });
    assert.equal(agent.memory.actionSteps[0]!.toolCalls![0]!.observation, 'a');
  });

  test('an AbortSignal stops the run between steps and inside a tool', async () => {
    const controller = new AbortController();
    const slow = tool({
      name: 'slow',
      description: 'Waits for the abort.',
      inputSchema: z.object({}),
      execute: (_args, { signal }) => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    const model = new ScriptedModel([call('slow', {}), finalAnswer('never')]);
    const agent = new ToolCallingAgent({ model, tools: [slow] });
    const run = agent.run('x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(run, AgentAbortedError);
    assert.equal(model.calls.length, 1);
    assert.equal(agent.memory.actionSteps.length, 1);
  });

  test('promptTemplates override any prompt, nested groups key by key', async () => {
    const model = new ScriptedModel([finalAnswer('x')]);
    const agent = new ToolCallingAgent({ model, promptTemplates: { systemPrompt: 'CUSTOM {{tools}}', task: 'TASK: {{task}}' } });
    await agent.run('hello');
    assert.match(contentText(model.calls[0]!.messages[0]!.content), /^CUSTOM - final_answer/);
    assert.equal(contentText(model.calls[0]!.messages[1]!.content), 'TASK: hello');
    assert.throws(() => new ToolCallingAgent({ model, promptTemplates: { nope: 'x' } as never }), /Unknown prompt template 'nope'/);
  });

  test('invalid options fail fast with clear errors', () => {
    const model = new ScriptedModel([]);
    assert.throws(() => new ToolCallingAgent({ model, maxSteps: 0 }), /maxSteps must be a positive integer/);
    assert.throws(() => new ToolCallingAgent({ model, tools: [echo, echo] }), /named 'echo'/);
  });

  test('managed agents are called like tools and report back', async () => {
    const workerModel = new ScriptedModel([finalAnswer('Paris is the capital.')]);
    const worker = new ToolCallingAgent({ model: workerModel, name: 'researcher', description: 'Looks things up.' });
    const managerModel = new ScriptedModel([call('researcher', { task: 'Find the capital of France' }), finalAnswer('Paris')]);
    const manager = new ToolCallingAgent({ model: managerModel, managedAgents: [worker] });
    assert.equal(await manager.run('Capital of France?'), 'Paris');
    assert.match(contentText(workerModel.calls[0]!.messages[1]!.content), /managed|manager/);
    assert.match(contentText(workerModel.calls[0]!.messages[1]!.content), /Find the capital of France/);
    const report = manager.memory.actionSteps[0]!.toolCalls![0]!.observation!;
    assert.match(report, /Answer from 'researcher':\nParis is the capital\./);
    assert.match(contentText(managerModel.calls[0]!.messages[0]!.content), /Team members[\s\S]*researcher/);
    assert.throws(() => new ToolCallingAgent({ model: managerModel, managedAgents: [new ToolCallingAgent({ model: workerModel })] }), /needs a `name` and a `description`/);
  });
});

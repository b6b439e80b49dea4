import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { AgentEvent } from '../../src/agents/events.js';
import { RunNotFinishedError, type RunContext, type RunObserver, type RunOutcome } from '../../src/agents/run-observer.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { AgentAbortedError, AgentGenerationError, ModelError } from '../../src/errors.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { tool } from '../../src/tools/tool.js';

const js = (code: string) => `Thought: go\n\`\`\`js\n${code}\n\`\`\``;
const finalAnswerCall = (answer: unknown) => ({
  role: 'assistant' as const,
  content: '',
  toolCalls: [{ id: 'call_final', name: 'final_answer', arguments: { answer } }],
});

/** Records what an observer is shown, per run. */
function recordingObserver() {
  const runs: { context: RunContext; events: AgentEvent[]; outcomes: RunOutcome[] }[] = [];
  const observer: RunObserver = {
    startRun(context) {
      const run = { context, events: [] as AgentEvent[], outcomes: [] as RunOutcome[] };
      runs.push(run);
      return { event: (event) => void run.events.push(event), end: (outcome) => void run.outcomes.push(outcome) };
    },
  };
  return { observer, runs };
}

const slowTool = tool({
  name: 'slow_lookup',
  description: 'Looks something up slowly.',
  inputSchema: z.object({ key: z.string() }),
  execute: async ({ key }) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (key === 'missing') throw new Error(`no entry for ${key}`);
    return { key, value: key.length };
  },
});

describe('run observers', () => {
  test('see every event the consumer sees, in the same order, then the result once', async () => {
    const { observer, runs } = recordingObserver();
    const model = new ScriptedModel([js('console.log(1 + 1)'), js('final_answer("two")')]);
    const agent = new CodeAgent({ model, observers: [observer] });
    try {
      const consumed: AgentEvent[] = [];
      const stream = agent.stream('add');
      let next = await stream.next();
      while (!next.done) {
        consumed.push(next.value);
        next = await stream.next();
      }
      assert.equal(runs.length, 1);
      assert.deepEqual(runs[0]!.events, consumed);
      assert.equal(runs[0]!.context.task, 'add');
      assert.equal(runs[0]!.context.agent, agent);
      assert.equal(runs[0]!.outcomes.length, 1);
      assert.ok('result' in runs[0]!.outcomes[0]!);
      assert.equal((runs[0]!.outcomes[0] as { result: { output: unknown } }).result.output, 'two');
    } finally {
      await agent.dispose();
    }
  });

  test('model_request carries the exact messages and options sent to the model (no signal)', async () => {
    const { observer, runs } = recordingObserver();
    const model = new ScriptedModel([js('final_answer(1)')]);
    const agent = new CodeAgent({ model, observers: [observer] });
    try {
      await agent.run('one', { signal: new AbortController().signal });
      const request = runs[0]!.events.find((event) => event.type === 'model_request');
      assert.ok(request && request.type === 'model_request');
      assert.deepEqual(request.messages, model.calls[0]!.messages);
      assert.deepEqual(request.options, { stopSequences: ['Observation:'] });
      assert.equal(request.stepNumber, 1);
    } finally {
      await agent.dispose();
    }
  });

  test('a provider failure reaches the observers as the error outcome', async () => {
    const { observer, runs } = recordingObserver();
    const agent = new ToolCallingAgent({ model: new ScriptedModel([new ModelError('boom', { status: 500 })]), observers: [observer] });
    await assert.rejects(agent.run('x'), AgentGenerationError);
    const outcome = runs[0]!.outcomes[0]!;
    assert.ok('error' in outcome && outcome.error instanceof AgentGenerationError);
    assert.equal(runs[0]!.events.at(-1)!.type, 'error');
  });

  test('an aborted run and a consumer that stops early both end the observation', async () => {
    const { observer, runs } = recordingObserver();
    const controller = new AbortController();
    const model = new ScriptedModel([
      () => {
        controller.abort();
        return { role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 'slow_lookup', arguments: { key: 'k' } }] };
      },
    ]);
    const agent = new ToolCallingAgent({ model, tools: [slowTool], observers: [observer] });
    await assert.rejects(agent.run('x', { signal: controller.signal }), AgentAbortedError);
    assert.ok('error' in runs[0]!.outcomes[0]! && runs[0]!.outcomes[0].error instanceof AgentAbortedError);

    const early = new ToolCallingAgent({ model: new ScriptedModel([finalAnswerCall('never read')]), observers: [observer] });
    for await (const event of early.stream('y')) if (event.type === 'step_start') break;
    assert.equal(runs.length, 2);
    assert.equal(runs[1]!.outcomes.length, 1);
    assert.ok('error' in runs[1]!.outcomes[0]! && runs[1]!.outcomes[0].error instanceof RunNotFinishedError);
  });

  test('an observer that cannot end its record fails a successful run loudly', async () => {
    const failing: RunObserver = { startRun: () => ({ event() {}, end: () => Promise.reject(new Error('disk full')) }) };
    const agent = new ToolCallingAgent({ model: new ScriptedModel([finalAnswerCall('ok')]), observers: [failing] });
    await assert.rejects(agent.run('x'), /disk full/);
  });
});

describe('tool calls made by code actions are events', () => {
  test('each call streams as tool_call then tool_result, with arguments, result, errors and timing', async () => {
    const { observer, runs } = recordingObserver();
    const model = new ScriptedModel([
      js('const found = await slow_lookup({ key: "abc" });\ntry { await slow_lookup({ key: "missing" }); } catch (e) { console.log("caught"); }\nconsole.log(found.value);'),
      js('final_answer("done")'),
    ]);
    const agent = new CodeAgent({ model, tools: [slowTool], observers: [observer] });
    try {
      await agent.run('look up');
      const events = runs[0]!.events;
      const step1 = events.filter((event) => 'stepNumber' in event && event.stepNumber === 1).map((event) => event.type);
      assert.deepEqual(step1, ['step_start', 'model_request', 'model_output', 'code_action', 'tool_call', 'tool_result', 'tool_call', 'tool_result', 'observation']);
      const calls = events.filter((event) => event.type === 'tool_call');
      const results = events.filter((event) => event.type === 'tool_result');
      assert.deepEqual(calls.map((event) => event.toolCall), [
        { id: 'step1-call1', name: 'slow_lookup', arguments: { key: 'abc' } },
        { id: 'step1-call2', name: 'slow_lookup', arguments: { key: 'missing' } },
      ]);
      assert.equal(results[0]!.toolCallId, 'step1-call1');
      assert.deepEqual(JSON.parse(results[0]!.observation), { key: 'abc', value: 3 });
      assert.equal(results[0]!.isError, false);
      assert.equal(results[1]!.isError, true);
      assert.match(results[1]!.observation, /no entry for missing/);
      for (const result of results) {
        assert.ok(result.timing && result.timing.endTime! >= result.timing.startTime);
        assert.equal(result.timing.duration, result.timing.endTime! - result.timing.startTime);
      }
      // The tool results reach the observer before the code action's observation does.
      assert.match(agent.memory.actionSteps[0]!.observations!, /caught\n3/);
    } finally {
      await agent.dispose();
    }
  });

  test('tool-calling steps time each call on its record and its tool_result', async () => {
    const { observer, runs } = recordingObserver();
    const model = new ScriptedModel([
      { role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 'slow_lookup', arguments: { key: 'k' } }] },
      finalAnswerCall('fine'),
    ]);
    const agent = new ToolCallingAgent({ model, tools: [slowTool], observers: [observer] });
    await agent.run('go');
    const result = runs[0]!.events.find((event) => event.type === 'tool_result' && event.toolCallId === 'a');
    assert.ok(result && result.type === 'tool_result' && result.timing);
    assert.deepEqual(agent.memory.actionSteps[0]!.toolCalls![0]!.timing, result.timing);
  });
});

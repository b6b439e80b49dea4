import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { LocalJsExecutor } from '../../src/executors/quickjs/local-js-executor.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { contentText } from '../../src/models/message-content.js';

const js = (code: string, thought = 'Next.') => `${thought}\n\`\`\`js\n${code}\n\`\`\``;

const population = tool({
  name: 'population',
  description: 'Population of a city, in millions.',
  inputSchema: z.object({ city: z.string().describe('City name') }),
  outputType: 'number',
  execute: ({ city }) => ({ Shanghai: 26, Guangzhou: 15 })[city] ?? 0,
});

describe('CodeAgent', () => {
  test('runs code actions that call tools; printed output becomes the next observation', async () => {
    const model = new ScriptedModel([
      js('const [a, b] = await Promise.all([population({ city: "Shanghai" }), population({ city: "Guangzhou" })]);\nconsole.log(a, b);'),
      js('final_answer(a > b ? "Shanghai" : "Guangzhou");'),
    ]);
    const agent = new CodeAgent({ model, tools: [population] });
    try {
      const result = await agent.run('Which city is bigger?', { returnFullResult: true });
      assert.equal(result.output, 'Shanghai');
      assert.equal(result.state, 'success');
      const observation = contentText(model.calls[1]!.messages.at(-1)!.content);
      assert.equal(observation, 'Observation:\n26 15');
      assert.deepEqual(model.calls[0]!.options.stopSequences, ['Observation:']);
      const system = contentText(model.calls[0]!.messages[0]!.content);
      assert.match(system, /declare function population\(args: \{ city: string \}\): Promise<number>;/);
      assert.match(system, /Promise\.allSettled/);
    } finally {
      await agent.dispose();
    }
  });

  test('a reply without code is an error observation that shows the expected format; the run goes on', async () => {
    const model = new ScriptedModel(['The answer is 4.', js('final_answer(4)')]);
    const agent = new CodeAgent({ model });
    try {
      assert.equal(await agent.run('2+2?'), 4);
      const [first] = agent.memory.actionSteps;
      assert.equal(first!.error?.type, 'AgentParsingError');
      const errorMessage = contentText(model.calls[1]!.messages.at(-1)!.content);
      assert.match(errorMessage, /no code block fenced with ```js/);
      assert.match(errorMessage, /```js/);
    } finally {
      await agent.dispose();
    }
  });

  test('an execution error keeps the logs, names the error type and line, and state survives it', async () => {
    const model = new ScriptedModel([
      js('const kept = 41;\nconsole.log("before");\nundefinedFunction();'),
      js('final_answer(kept + 1)'),
    ]);
    const agent = new CodeAgent({ model });
    try {
      assert.equal(await agent.run('x'), 42);
      const failed = agent.memory.actionSteps[0]!;
      assert.equal(failed.error?.type, 'AgentExecutionError');
      assert.match(failed.error!.message, /at line 3 due to: ReferenceError: .*undefinedFunction/);
      assert.match(failed.observations!, /before/);
      const messages = model.calls[1]!.messages.map((message) => message.content).join('\n');
      // What it printed and the error are one message.
      assert.match(messages, /Observation:\nbefore\nError:\nCode execution failed at line 3 due to: ReferenceError/);
    } finally {
      await agent.dispose();
    }
  });

  test('TypeScript in an action is stripped; additionalArgs are variables; non-string answers pass through', async () => {
    const model = new ScriptedModel([
      '```ts\ninterface Row { n: number }\nconst rows: Row[] = numbers.map((n: number) => ({ n }));\nfinal_answer({ total: rows.reduce((s, r) => s + r.n, 0) } as const);\n```',
    ]);
    const agent = new CodeAgent({ model });
    try {
      assert.deepEqual(await agent.run('sum', { additionalArgs: { numbers: [1, 2, 3] } }), { total: 6 });
    } finally {
      await agent.dispose();
    }
  });

  test('code that loops forever is interrupted and the model can try again', async () => {
    const model = new ScriptedModel([js('while (true) {}'), js('final_answer("escaped the loop")')]);
    const agent = new CodeAgent({ model, executor: new LocalJsExecutor({ timeoutMs: 200 }) });
    try {
      assert.equal(await agent.run('x'), 'escaped the loop');
      assert.equal(agent.memory.actionSteps[0]!.error?.type, 'AgentExecutionError');
    } finally {
      await agent.dispose();
    }
  });

  test('a huge last value is truncated with a clear marker', async () => {
    const model = new ScriptedModel([js('"x".repeat(50000)'), js('final_answer("ok")')]);
    const agent = new CodeAgent({ model, maxOutputChars: 1000 });
    try {
      await agent.run('x');
      const observation = agent.memory.actionSteps[0]!.observations!;
      assert.ok(observation.length < 1500);
      assert.match(observation, /49000 more characters not shown/);
    } finally {
      await agent.dispose();
    }
  });

  test('managed agents are async functions in the sandbox', async () => {
    const helperModel = new ScriptedModel([{ role: 'assistant', content: '', toolCalls: [{ id: '1', name: 'final_answer', arguments: { answer: 'Seoul' } }] }]);
    const helper = new ToolCallingAgent({ model: helperModel, name: 'geographer', description: 'Knows capitals.' });
    const model = new ScriptedModel([
      js('const report = await geographer({ task: "Capital of South Korea?" });\nconsole.log(report);'),
      js('final_answer(report.includes("Seoul") ? "Seoul" : "unknown")'),
    ]);
    const agent = new CodeAgent({ model, managedAgents: [helper] });
    try {
      assert.equal(await agent.run('Capital?'), 'Seoul');
      assert.match(contentText(model.calls[0]!.messages[0]!.content), /Team members[\s\S]*declare function geographer/);
    } finally {
      await agent.dispose();
    }
  });

  test('observations are in JavaScript words: a last value as JSON, no value left out, never "None"', async () => {
    const model = new ScriptedModel([
      js('const record = { ok: true, missing: null, share: 0.5 };\nrecord'),
      js('const quiet = 1;'),
      js('console.log("printed");\nundefined'),
      js('console.log("partial");\nnull.x;'),
      js('final_answer(quiet)'),
    ]);
    const agent = new CodeAgent({ model });
    try {
      assert.equal(await agent.run('Show values.'), 1);
      const observations = model.calls.slice(1).map((call) => call.messages.at(-1)!);
      assert.deepEqual(
        observations.slice(0, 3).map((message) => message.content),
        [
          'Observation:\nValue of the last expression:\n{\n  "ok": true,\n  "missing": null,\n  "share": 0.5\n}',
          'Observation:\n(The code printed nothing.)',
          'Observation:\nprinted',
        ],
      );
      assert.match(contentText(observations[3]!.content), /^Observation:\npartial\nError:\nCode execution failed at line 2 due to: TypeError: /);
      assert.ok(observations.every((message) => message.role === 'user'));
      // The answer stays in memory for a follow-up task (or a refusal) to read.
      assert.equal(agent.memory.actionSteps.at(-1)!.observations, 'The code called final_answer with:\n1');
      for (const call of model.calls) {
        for (const message of call.messages.filter((message) => message.role === 'user')) assert.doesNotMatch(contentText(message.content), /\bNone\b/);
      }
    } finally {
      await agent.dispose();
    }
  });
});

describe('CodeAgent runs are separate', () => {
  test('with reset, a new run gets the real tools and final_answer, whatever the last run wrapped', async () => {
    const seen: unknown[] = [];
    const add = tool({
      name: 'add',
      description: 'Adds.',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      outputType: 'number',
      execute: ({ a, b }) => {
        seen.push({ a, b });
        return a + b;
      },
    });
    const model = new ScriptedModel([
      js('const realAdd = add;\nadd = (args) => realAdd({ a: 666, b: 0 });\nconst realFinal = final_answer;\nfinal_answer = () => realFinal("rewritten");\nfinal_answer(await add({ a: 1, b: 1 }));'),
      js('final_answer(await add({ a: 2, b: 3 }));'),
      js('final_answer(typeof realAdd);'),
    ]);
    const agent = new CodeAgent({ model, tools: [add] });
    try {
      assert.equal(await agent.run('first'), 'rewritten');
      assert.equal(await agent.run('second'), 5);
      assert.deepEqual(seen.at(-1), { a: 2, b: 3 });
      assert.equal(await agent.run('third', { reset: false }), 'undefined');
    } finally {
      await agent.dispose();
    }
  });

  test('without reset, variables carry over to the next run', async () => {
    const model = new ScriptedModel([js('const memo = 41;\nfinal_answer("stored");'), js('final_answer(memo + 1);')]);
    const agent = new CodeAgent({ model });
    try {
      await agent.run('first');
      assert.equal(await agent.run('follow-up', { reset: false }), 42);
    } finally {
      await agent.dispose();
    }
  });

  test('a sandbox that fails inside the engine becomes an error observation, and the next step gets a fresh one', async () => {
    const model = new ScriptedModel([js('const lost = 1;\nJSON.parse("[".repeat(1e6));'), js('final_answer(typeof lost);')]);
    // A QuickJS stack allowance this large lets deep recursion overflow the worker thread's own stack.
    const agent = new CodeAgent({ model, executor: new LocalJsExecutor({ maxStackSizeBytes: 4 * 2 ** 20 }) });
    try {
      assert.equal(await agent.run('x'), 'undefined');
      const failed = agent.memory.actionSteps[0]!;
      assert.equal(failed.error?.type, 'AgentExecutionError');
      assert.match(failed.error!.message, /SandboxError: The sandbox stopped working .*The sandbox was restarted: variables and functions from earlier steps are lost/);
    } finally {
      await agent.dispose();
    }
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { LocalJsExecutor } from '../../src/executors/quickjs/local-js-executor.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { contentText } from '../../src/models/message-content.js';

const js = (code: string, thought = 'Thought: next') => `${thought}\nCode:\n\`\`\`js\n${code}\n\`\`\`<end_code>`;

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
      assert.match(observation, /^Observation:\nExecution logs:\n26 15/);
      assert.deepEqual(model.calls[0]!.options.stopSequences, ['<end_code>', 'Observation:', 'Calling tools:']);
      const system = contentText(model.calls[0]!.messages[0]!.content);
      assert.match(system, /declare function population\(args: \{ city: string \}\): Promise<number>;/);
      assert.match(system, /```js\nconst \[guangzhou, shanghai\] = await Promise\.all/);
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
      assert.match(errorMessage, /did not contain a code block/);
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
      const messages = model.calls[1]!.messages.map((message) => contentText(message.content)).join('\n');
      assert.match(messages, /Observation:\nExecution logs:\nbefore/);
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
      assert.match(observation, /49000 more characters truncated/);
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
      assert.match(contentText(model.calls[0]!.messages[0]!.content), /team members[\s\S]*declare function geographer/);
    } finally {
      await agent.dispose();
    }
  });
});

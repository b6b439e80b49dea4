import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent, OpenAIServerModel, tool, ToolCallingAgent, WebSearchTool } from '../../src/index.js';
import { startOpenAIWireServer, type OpenAIWireServer } from '../support/openai-wire-server.js';
import { CelsiusTool, forecast } from './fixtures/weather-tools.js';
import { loadInFreshProcess } from './support/spawn-loader.js';

const SAVED_KEY = 'sk-saved-in-the-test-process-only';

describe('save → load in a fresh process → run', () => {
  let root: string;
  let server: OpenAIWireServer;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'smolagents-round-trip-'));
    server = await startOpenAIWireServer({
      replies: [
        // The manager's one step: its tools from three kinds of module, and its team member.
        {
          content:
            'Thought: use every tool.\n```js\nconst c = await to_celsius({ fahrenheit: 212 });\nconst f = await forecast({ city: "Seoul" });\n' +
            'const team = await helper({ task: "multiply 6 by 7" });\nfinal_answer(`${c}|${f}|${await add({ a: 1, b: 2 })}|${team}`)\n```',
        },
        // The managed ToolCallingAgent: a tool call, then its final answer.
        { toolCalls: [{ id: 'call_1', name: 'multiply', arguments: { a: 6, b: 7 } }] },
        { toolCalls: [{ id: 'call_2', name: 'final_answer', arguments: { answer: 'product 42' } }] },
      ],
    });
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('a CodeAgent with module, class, inline and default tools and a managed agent comes back whole', async () => {
    const multiply = tool({ name: 'multiply', description: 'Multiplies.', inputSchema: z.object({ a: z.number(), b: z.number() }), outputType: 'number', execute: ({ a, b }) => a * b });
    const add = tool({ name: 'add', description: 'Adds.', inputSchema: z.object({ a: z.number(), b: z.number() }), outputType: 'number', execute: ({ a, b }) => a + b });
    const model = new OpenAIServerModel({ modelId: 'wire-model', apiKey: SAVED_KEY, apiBase: 'http://127.0.0.1:9/v1' });
    const helper = new ToolCallingAgent({ model, name: 'helper', description: 'Multiplies numbers.', tools: [multiply], maxSteps: 3 });
    const agent = new CodeAgent({
      model,
      tools: [forecast, new CelsiusTool(), add, new WebSearchTool()],
      managedAgents: [helper],
      name: 'weather_team',
      description: 'A weather agent with a helper.',
      instructions: 'Always use every tool.',
      maxSteps: 5,
      promptTemplates: { task: 'Task for you: {{task}}' },
    });
    const folder = join(root, 'weather-team');
    await agent.save(folder);
    await agent.dispose();

    // The fresh process builds the model from the descriptor, with its key and URL from its own environment.
    const result = await loadInFreshProcess(
      { class: 'CodeAgent', folder, task: 'Report the weather.', trustRemoteCode: true, sandboxTools: true },
      { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-from-the-child-environment' },
    );
    assert.equal(result.error, undefined);
    assert.match(result.output, /^100\|Seoul: sunny for 1 day\(s\)\|3\|.*product 42/s);
    assert.equal(result.name, 'weather_team');
    assert.equal(result.maxSteps, 5);
    assert.equal(result.instructions, 'Always use every tool.');
    assert.deepEqual(result.model, { class: 'OpenAIServerModel', modelId: 'wire-model' });
    assert.equal(result.tools.add, 'SandboxedTool', 'the inline tool was saved as plain JavaScript and runs sandboxed');
    assert.equal(result.tools.to_celsius, 'CelsiusTool');
    assert.equal(result.tools.web_search, 'WebSearchTool');
    assert.equal(result.tools.helper, 'ManagedAgentTool');

    const [manager, member] = server.requests.filter((request) => request.method === 'POST');
    assert.equal(manager!.headers.authorization, 'Bearer sk-from-the-child-environment');
    assert.match(manager!.body.messages[0].content, /Always use every tool\./);
    assert.match(manager!.body.messages[0].content, /declare function to_celsius/);
    assert.equal(manager!.body.messages[1].content, 'Task for you: Report the weather.');
    assert.deepEqual(member!.body.tools.map((definition: { function: { name: string } }) => definition.function.name).sort(), ['final_answer', 'multiply']);
  });
});

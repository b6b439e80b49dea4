import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { tool } from '../../src/tools/tool.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

// End to end: the real agent loop, the real `openai` SDK, real HTTP — only the model's words are scripted.

const population = tool({
  name: 'population',
  description: 'Population of a city, in millions.',
  inputSchema: z.object({ city: z.string() }),
  outputType: 'number',
  execute: ({ city }) => ({ Shanghai: 26, Guangzhou: 15 })[city] ?? 0,
});

for (const streamOutputs of [false, true]) {
  describe(`agents over OpenAIServerModel (streamOutputs: ${streamOutputs})`, () => {
    test('ToolCallingAgent makes native tool calls and finishes with final_answer', async () => {
      const server = await startOpenAIWireServer({
        replies: [
          { toolCalls: [{ id: 'call_a', name: 'population', arguments: { city: 'Shanghai' } }, { id: 'call_b', name: 'population', arguments: { city: 'Guangzhou' } }] },
          { toolCalls: [{ id: 'call_c', name: 'final_answer', arguments: { answer: 'Shanghai' } }] },
        ],
      });
      try {
        const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
        const agent = new ToolCallingAgent({ model, tools: [population], streamOutputs });
        const result = await agent.run('Which city is bigger?', { returnFullResult: true });
        assert.equal(result.output, 'Shanghai');
        assert.equal(result.state, 'success');
        assert.equal(server.requests.length, 2);
        const first = server.requests[0]!.body;
        assert.equal(first.stream, streamOutputs);
        assert.deepEqual(first.tools.map((t: { function: { name: string } }) => t.function.name).sort(), ['final_answer', 'population']);
        // The second request carries the calls and their results, matched by id.
        const tools = server.requests[1]!.body.messages.filter((m: { role: string }) => m.role === 'tool');
        assert.deepEqual(tools.map((m: { tool_call_id: string; content: string }) => [m.tool_call_id, m.content.includes('26') || m.content.includes('15')]), [['call_a', true], ['call_b', true]]);
        const assistant = server.requests[1]!.body.messages.find((m: { role: string }) => m.role === 'assistant');
        assert.equal(assistant.tool_calls.length, 2);
      } finally {
        await server.close();
      }
    });

    test('CodeAgent runs code actions in the JS sandbox; stop sequences cut the reply', async () => {
      const server = await startOpenAIWireServer({
        replies: [
          'Thought: look both up.\nCode:\n```js\nconst a = await population({ city: "Shanghai" });\nconst b = await population({ city: "Guangzhou" });\nconsole.log(a, b);\n```<end_code>\nObservation: hallucinated',
          'Thought: compare.\nCode:\n```js\nfinal_answer(a > b ? "Shanghai" : "Guangzhou");\n```<end_code>',
        ],
      });
      const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
      const agent = new CodeAgent({ model, tools: [population], streamOutputs });
      try {
        const result = await agent.run('Which city is bigger?', { returnFullResult: true });
        assert.equal(result.output, 'Shanghai');
        assert.equal(server.requests.length, 2);
        assert.deepEqual(server.requests[0]!.body.stop, ['Observation:']);
        const last = server.requests[1]!.body.messages.at(-1);
        assert.match(last.content, /26 15/);
        assert.doesNotMatch(JSON.stringify(server.requests[1]!.body.messages), /hallucinated/);
      } finally {
        await agent.dispose();
        await server.close();
      }
    });
  });
}

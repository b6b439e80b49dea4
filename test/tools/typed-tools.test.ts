import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { ToolResultError } from '../../src/errors.js';
import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { renderPythonToolSignature } from '../../src/tools/render-python.js';
import { renderTypeScriptToolSignature } from '../../src/tools/render-typescript.js';
import { Tool, tool } from '../../src/tools/tool.js';
import { startOpenAIWireServer, type WireReply } from '../support/openai-wire-server.js';

// Typed tools end to end: what the model is shown about a tool's result (the request bodies), and
// what it reads when a result breaks the declared type. Only the model's words are scripted.

const cities: Record<string, unknown> = {
  Paris: { population: 2_102_650, area_km2: 105.4, landmarks: [{ name: 'Louvre', year: 1793 }] },
  Atlantis: { population: 'unknown', area_km2: 0, landmarks: [] }, // a data bug the schema catches
};

const cityFacts = tool({
  name: 'get_city_facts',
  description: 'Facts about a city.',
  inputSchema: z.object({ city: z.string().describe('City name, e.g. "Paris"') }),
  outputSchema: z.object({
    population: z.number().int().describe('Inhabitants, latest census'),
    area_km2: z.number(),
    landmarks: z.array(z.object({ name: z.string(), year: z.number().int().optional() })),
  }),
  execute: ({ city }) => cities[city] as never,
});

const expectedTypeScript = [
  'declare function get_city_facts(args: { city: string }): Promise<{',
  '  /** Inhabitants, latest census */',
  '  population: number;',
  '  area_km2: number;',
  '  landmarks: {',
  '    name: string;',
  '    year?: number;',
  '  }[];',
  '}>;',
].join('\n');

const expectedPython = [
  'def get_city_facts(city: str) -> dict:',
  '    """Facts about a city.',
  '',
  '    Args:',
  '        city: City name, e.g. "Paris"',
  '',
  '    Returns:',
  '        A dict with keys:',
  '            population (int): Inhabitants, latest census',
  '            area_km2 (float)',
  '            landmarks (list[dict])',
  '                A list of dicts with keys:',
  '                    name (str)',
  '                    year (int, optional)',
  '    """',
].join('\n');

function systemPrompt(body: { messages: { role: string; content: string }[] }): string {
  return body.messages.find((message) => message.role === 'system')!.content;
}

test('an output schema renders as a TypeScript return type and a Python "Returns:" section', () => {
  assert.ok(renderTypeScriptToolSignature(cityFacts).endsWith(expectedTypeScript), renderTypeScriptToolSignature(cityFacts));
  assert.equal(renderPythonToolSignature(cityFacts), expectedPython);
});

test('outputType alone is checked too, and a class-style tool may set it without readonly', async () => {
  class Count extends Tool<Record<string, never>, number> {
    readonly name = 'count';
    readonly description = 'Counts.';
    readonly inputSchema = z.object({});
    override outputType = 'integer';
    constructor(private readonly value: unknown) {
      super();
    }
    forward(): number {
      return this.value as number;
    }
  }
  assert.equal(await new Count(3).call({}), 3);
  await assert.rejects(new Count(2.5).call({}), (error: unknown) => error instanceof ToolResultError && /\(result\): expected integer, received number/.test(error.message));
  await assert.rejects(new Count('3').call({}), /expected integer, received string/);

  class Misspelt extends Count {
    override outputType = 'integr';
  }
  const model = new OpenAIServerModel({ modelId: 'm', apiBase: 'http://127.0.0.1:9/v1', apiKey: 'k' });
  assert.throws(() => new ToolCallingAgent({ model, tools: [new Misspelt(1)] }), /Tool 'count' has outputType 'integr': use one of string, number, integer/);
});

describe('typed tools through the OpenAI wire server', () => {
  test('JavaScript: the request shows the return type, the code uses the fields directly, a bad result names the field', async () => {
    const server = await startOpenAIWireServer({
      replies: [
        'Thought: the fields are declared, no need to print a result first.\nCode:\n```js\nconst paris = await get_city_facts({ city: "Paris" });\nconst density = Math.round(paris.population / paris.area_km2);\nconst atlantis = await get_city_facts({ city: "Atlantis" });\n```<end_code>',
        'Thought: Atlantis has bad data; answer for Paris.\nCode:\n```js\nfinal_answer(density);\n```<end_code>',
      ],
    });
    const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
    const agent = new CodeAgent({ model, tools: [cityFacts] });
    try {
      assert.equal(await agent.run('Population density of Paris?'), Math.round(2_102_650 / 105.4));
      const system = systemPrompt(server.requests[0]!.body);
      assert.ok(system.includes(expectedTypeScript), system);
      assert.ok(system.includes('declare function final_answer(answer: unknown): never;'));
      const observation = server.requests[1]!.body.messages.at(-1).content as string;
      assert.match(observation, /Tool 'get_city_facts' returned a result that does not match its declared result type: population: .*expected number, received string/);
    } finally {
      await agent.dispose();
      await server.close();
    }
  });

  test('tool calling: a bad result is the tool message, naming the tool and the field', async () => {
    const replies: WireReply[] = [
      { toolCalls: [{ id: 'a', name: 'get_city_facts', arguments: { city: 'Atlantis' } }] },
      { toolCalls: [{ id: 'b', name: 'final_answer', arguments: { answer: 'no data' } }] },
    ];
    const server = await startOpenAIWireServer({ replies });
    const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
    const agent = new ToolCallingAgent({ model, tools: [cityFacts] });
    try {
      assert.equal(await agent.run('Population of Atlantis?'), 'no data');
      assert.match(systemPrompt(server.requests[0]!.body), /Returns: \{"type":"object","properties":\{"population":\{"type":"integer","description":"Inhabitants, latest census"\}/);
      const toolMessage = server.requests[1]!.body.messages.find((message: { role: string }) => message.role === 'tool');
      assert.match(toolMessage.content, /Tool 'get_city_facts' returned a result that does not match its declared result type: population: /);
    } finally {
      await server.close();
    }
  });

  // One Pyodide child for both tests: it takes seconds to start.
  describe('Python (PyodideExecutor): typed tools and a typed agent', () => {
    let executor: PyodideExecutor;
    before(() => {
      executor = new PyodideExecutor({ timeoutMs: 10_000 });
    });
    after(async () => {
      await executor.dispose();
    });

    test('the request shows the keys of the result; a bad result is a ToolError naming the field', async () => {
      const server = await startOpenAIWireServer({
        replies: [
          'Thought: use the keys.\nCode:\n```py\nparis = get_city_facts(city="Paris")\ndensity = round(paris["population"] / paris["area_km2"])\natlantis = get_city_facts(city="Atlantis")\n```<end_code>',
          'Thought: answer for Paris.\nCode:\n```py\nfinal_answer(density)\n```<end_code>',
        ],
      });
      const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
      const agent = new CodeAgent({ model, tools: [cityFacts], executor });
      try {
        assert.equal(await agent.run('Population density of Paris?'), Math.round(2_102_650 / 105.4));
        const system = systemPrompt(server.requests[0]!.body);
        assert.ok(system.includes(expectedPython), system);
        assert.match(system, /def final_answer\(answer: Any\) -> None:/);
        const observation = server.requests[1]!.body.messages.at(-1).content as string;
        assert.match(observation, /ToolError: .*get_city_facts.*population: .*expected number, received string/);
      } finally {
        await server.close();
      }
    });

    test('a typed agent: final_answer is declared with the dict keys; a wrong answer is rejected, the keyword form works', async () => {
      const server = await startOpenAIWireServer({
        replies: [
          'Thought: answer.\nCode:\n```py\nfinal_answer({"city": "Paris"})\n```<end_code>',
          'Thought: add the density.\nCode:\n```py\nfinal_answer(answer={"city": "Paris", "density": 19949})\n```<end_code>',
        ],
      });
      const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
      const outputSchema = z.object({ city: z.string(), density: z.number().describe('Inhabitants per km²') });
      const agent = new CodeAgent({ model, executor, outputSchema });
      try {
        assert.deepEqual(await agent.run('Density of Paris?'), { city: 'Paris', density: 19949 });
        const system = systemPrompt(server.requests[0]!.body);
        const keys = ['A dict with keys:', '    city (str)', '    density (float): Inhabitants per km²'].join('\n');
        assert.ok(system.includes(`def final_answer(answer: dict) -> None:`), system);
        assert.ok(system.includes(`## The shape of the final answer\nfinal_answer must get a value of this type, itself (not a string that describes it or holds it as JSON):\n${keys}`), system);
        assert.match(server.requests[1]!.body.messages.at(-1).content, /The final answer was refused, and the task goes on: it does not have the required shape \(density: .*expected number, received undefined\)/);
      } finally {
        await server.close();
      }
    });
  });
});

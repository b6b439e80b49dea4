/**
 * Type-level tests, checked by `npm run typecheck` (and by test/types/type-tests.test.ts in `npm test`):
 * every `@ts-expect-error` line must be an error, or tsc fails with "Unused '@ts-expect-error' directive".
 * Nothing here runs.
 */
import { z } from 'zod';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { z as z3 } from 'zod3';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import type { Model } from '../../src/models/model.js';
import { Tool, tool, type ToolContext } from '../../src/tools/tool.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_proof?: T) => undefined;
declare const model: Model;

export async function typedTools(): Promise<void> {
  // zod 4: arguments typed from the input schema, `call()` takes the schema's input (defaults optional).
  const search = tool({
    name: 'search',
    description: 'Searches.',
    inputSchema: z.object({ query: z.string(), limit: z.number().default(5) }),
    outputType: 'string',
    execute: ({ query, limit }) => {
      expectType<Equal<typeof query, string>>();
      expectType<Equal<typeof limit, number>>();
      return `${query}:${limit}`;
    },
  });
  const text: string = await search.call({ query: 'cats' });
  // @ts-expect-error unknown key
  await search.call({ nope: 1 });
  // @ts-expect-error wrong type of a known key
  await search.call({ query: 3 });
  // @ts-expect-error the result is a string, not a number
  const wrong: number = await search.call({ query: 'x' });

  // @ts-expect-error outputType 'number' but execute returns a string
  tool({ name: 'count', description: 'Counts.', inputSchema: z.object({}), outputType: 'number', execute: () => 'three' });
  tool({ name: 'count', description: 'Counts.', inputSchema: z.object({}), outputType: 'number', execute: async () => 3 });

  // An output schema types the result, and execute must return what it accepts.
  const facts = tool({
    name: 'city_facts',
    description: 'Facts about a city.',
    inputSchema: z.object({ city: z.string() }),
    outputSchema: z.object({ population: z.number(), area_km2: z.number() }),
    execute: async ({ city }) => ({ population: city.length, area_km2: 1 }),
  });
  const result = await facts.call({ city: 'Paris' });
  expectType<Equal<typeof result, { population: number; area_km2: number }>>();
  tool({
    name: 'city_facts',
    description: 'Facts about a city.',
    inputSchema: z.object({ city: z.string() }),
    outputSchema: z.object({ population: z.number() }),
    // @ts-expect-error population must be a number
    execute: () => ({ population: 'many' }),
  });

  // zod 3 (the classic API): the same inference through Standard Schema's types.
  const zod3Tool = tool({
    name: 'zod3_tool',
    description: 'zod 3.',
    inputSchema: z3.object({ n: z3.number() }),
    outputSchema: z3.object({ doubled: z3.number() }),
    execute: ({ n }) => ({ doubled: n * 2 }),
  });
  expectType<Equal<Awaited<ReturnType<typeof zod3Tool.call>>, { doubled: number }>>();
  // @ts-expect-error n is a number
  await zod3Tool.call({ n: 'two' });

  // Any Standard Schema: valibot here.
  const valibotTool = tool({
    name: 'valibot_tool',
    description: 'valibot.',
    inputSchema: toStandardJsonSchema(v.object({ tags: v.array(v.string()) })),
    outputType: 'number',
    execute: ({ tags }) => tags.length,
  });
  // @ts-expect-error tags is an array of strings
  await valibotTool.call({ tags: 'a,b' });

  // A JSON Schema written inline is typed too; one built at run time gives `any`.
  const weather = tool({
    name: 'weather',
    description: 'Weather.',
    inputSchema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
    outputSchema: { type: 'object', properties: { summary: { type: 'string' }, unit: { enum: ['C', 'F'] } }, required: ['summary', 'unit'] },
    execute: ({ city, days }) => {
      expectType<Equal<typeof city, string>>();
      expectType<Equal<typeof days, number | undefined>>();
      return { summary: `sunny in ${city}`, unit: 'C' as const };
    },
  });
  const forecast = await weather.call({ city: 'Seoul' });
  expectType<Equal<typeof forecast, { summary: string; unit: 'C' | 'F' }>>();
  // @ts-expect-error city is required
  await weather.call({ days: 2 });
  const runtimeSchema: Record<string, unknown> = JSON.parse('{"type":"object"}');
  tool({ name: 'loose', description: 'Loose.', inputSchema: runtimeSchema, execute: (args) => args.anything });

  // Class-style tools set outputType without `readonly`.
  class Shout extends Tool<{ text: string }, string> {
    readonly name = 'shout';
    readonly description = 'Shouts.';
    readonly inputSchema = z.object({ text: z.string() });
    override outputType = 'string';
    forward({ text }: { text: string }, _context: ToolContext): string {
      return text.toUpperCase();
    }
  }
  const shouted: string = await new Shout().call({ text: 'hi' });
  // @ts-expect-error the arguments are typed by the class's type parameter
  await new Shout().call({ txt: 'hi' });
  void [text, wrong, shouted];
}

export async function typedAgents(): Promise<void> {
  const agent = new CodeAgent({ model, outputSchema: z.object({ city: z.string(), population: z.number() }) });
  const answer = await agent.run('Which city?');
  expectType<Equal<typeof answer, { city: string; population: number }>>();
  const full = await agent.run('Which city?', { returnFullResult: true });
  expectType<Equal<typeof full.output, { city: string; population: number }>>();
  // @ts-expect-error population is a number
  const population: string = answer.population;

  const untyped = await new CodeAgent({ model }).run('Anything?');
  expectType<Equal<typeof untyped, unknown>>();

  const listing = new ToolCallingAgent({
    model,
    outputSchema: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
  });
  const names = await listing.run('Names?');
  expectType<Equal<typeof names, { name: string }[]>>();

  const zod3Agent = new ToolCallingAgent({ model, outputSchema: z3.array(z3.string()) });
  expectType<Equal<Awaited<ReturnType<typeof zod3Agent.run>>, string[]>>();
  void population;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Tool, tool } from '../../src/tools/tool.js';
import { ToolArgumentsError } from '../../src/errors.js';
import { renderTypeScriptToolSignature } from '../../src/tools/render-typescript.js';

const search = tool({
  name: 'web_search',
  description: 'Searches the web.',
  inputSchema: z.object({
    query: z.string().describe('What to search for'),
    max_results: z.number().int().default(5).describe('How many results'),
  }),
  outputType: 'string',
  execute: ({ query, max_results }) => `${query}:${max_results}`,
});

test('tool() with a zod schema validates, applies defaults and types execute', async () => {
  assert.equal(await search.call({ query: 'cats' }), 'cats:5');
  await assert.rejects(search.call({ query: 3 } as never), (error: unknown) => {
    assert.ok(error instanceof ToolArgumentsError);
    assert.match(error.message, /Invalid arguments for tool 'web_search': query: .*expected string/);
    assert.match(error.message, /Expected parameters: query \(string, required\), max_results \(integer\)/);
    return true;
  });
  assert.deepEqual(search.parameterNames, ['query', 'max_results']);
  assert.deepEqual(search.parametersSchema.required, ['query']);
});

test('tool() with a JSON Schema validates too', async () => {
  const weather = tool({
    name: 'weather',
    description: 'Weather for a city.',
    inputSchema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
    execute: (args) => `sunny in ${args.city}`,
  });
  assert.equal(await weather.call({ city: 'Seoul' }), 'sunny in Seoul');
  await assert.rejects(weather.call({ days: 2 } as never), /city/);
  assert.throws(() => tool({ name: 'bad name', description: '', inputSchema: {}, execute: () => 1 }), /not a valid identifier/);
});

test('class-style tools work through forward()', async () => {
  class Multiply extends Tool<{ a: number; b: number }, number> {
    readonly name = 'multiply';
    readonly description = 'Multiplies.';
    readonly inputSchema = z.object({ a: z.number(), b: z.number() });
    override readonly outputType = 'number';
    forward({ a, b }: { a: number; b: number }) {
      return a * b;
    }
  }
  const multiply = new Multiply();
  assert.equal(await multiply.call({ a: 6, b: 7 }), 42);
  assert.deepEqual(multiply.toDefinition().parameters.required, ['a', 'b']);
});

test('tools render as TypeScript declarations with JSDoc for the code agent', () => {
  const rendered = renderTypeScriptToolSignature(search);
  assert.equal(
    rendered,
    [
      '/**',
      ' * Searches the web.',
      ' * @param args.query - What to search for',
      ' * @param args.max_results - How many results (default: 5)',
      ' */',
      'declare function web_search(args: { query: string; max_results?: number }): Promise<string>;',
    ].join('\n'),
  );
});

test('"Expected parameters" lists the allowed values of enums, consts and literal unions', async () => {
  const convert = tool({
    name: 'convert',
    description: 'Converts.',
    inputSchema: z.object({
      unit: z.enum(['C', 'F']),
      mode: z.union([z.literal('fast'), z.literal('exact')]).optional(),
      limit: z.number().nullable(),
    }),
    execute: () => 0,
  });
  await assert.rejects(
    convert.call({ unit: 'K' } as never),
    /Expected parameters: unit \(string, required, one of "C" \| "F"\), mode \(string, one of "fast" \| "exact"\), limit \(number \| null, required\)\.$/,
  );
});

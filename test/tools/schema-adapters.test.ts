import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { z as z3 } from 'zod3';
import { z as z3v4 } from 'zod3/v4';
import { MissingDependencyError, ToolArgumentsError, ToolResultError } from '../../src/errors.js';
import { requireOptional } from '../../src/optional-dependency.js';
import { renderTypeScriptToolSignature } from '../../src/tools/render-typescript.js';
import { isZod3Schema, isZod4Schema } from '../../src/tools/schema/zod-json-schema.js';
import { tool, type ToolInputSchema } from '../../src/tools/tool.js';

/**
 * The same tool written with every kind of schema the library accepts, each from the real package:
 * zod 4 (classic and mini), zod 3.25 (its classic v3 API, and the zod 4 it ships as zod/v4), valibot
 * and arktype through Standard Schema, and plain JSON Schema.
 */
const inputs: Record<string, ToolInputSchema> = {
  'zod 4': z.object({ city: z.string().describe('City name'), unit: z.enum(['C', 'F']).default('C') }),
  'zod 4 mini': zm.object({ city: zm.string(), unit: zm._default(zm.enum(['C', 'F']), 'C') }),
  'zod 3': z3.object({ city: z3.string().describe('City name'), unit: z3.enum(['C', 'F']).default('C') }),
  "zod 3.25's zod/v4": z3v4.object({ city: z3v4.string(), unit: z3v4.enum(['C', 'F']).default('C') }),
  valibot: toStandardJsonSchema(v.object({ city: v.pipe(v.string(), v.description('City name')), unit: v.optional(v.picklist(['C', 'F']), 'C') })),
  arktype: type({ city: 'string', unit: "'C' | 'F' = 'C'" }),
  'JSON Schema': {
    type: 'object',
    properties: { city: { type: 'string', description: 'City name' }, unit: { type: 'string', enum: ['C', 'F'], default: 'C' } },
    required: ['city'],
  },
};

const outputs: Record<string, ToolInputSchema> = {
  'zod 4': z.object({ temperature: z.number(), unit: z.string() }),
  'zod 4 mini': zm.object({ temperature: zm.number(), unit: zm.string() }),
  'zod 3': z3.object({ temperature: z3.number(), unit: z3.string() }),
  "zod 3.25's zod/v4": z3v4.object({ temperature: z3v4.number(), unit: z3v4.string() }),
  valibot: toStandardJsonSchema(v.object({ temperature: v.number(), unit: v.string() })),
  arktype: type({ temperature: 'number', unit: 'string' }),
  'JSON Schema': { type: 'object', properties: { temperature: { type: 'number' }, unit: { type: 'string' } }, required: ['temperature', 'unit'] },
};

describe('tool schemas from every kind of schema', () => {
  for (const [kind, inputSchema] of Object.entries(inputs)) {
    test(kind, async () => {
      let reported: unknown = { temperature: 21, unit: 'C' };
      const weather = tool({
        name: 'weather',
        description: 'Current weather.',
        inputSchema,
        outputSchema: outputs[kind]!,
        execute: (args: any) => ({ ...(reported as object), unit: args.unit }),
      });

      // What the model and the provider are shown.
      const parameters = weather.parametersSchema;
      assert.equal(parameters.type, 'object');
      assert.deepEqual(parameters.required, ['city'], 'a field with a default is optional');
      assert.deepEqual((parameters.properties as any).unit.enum, ['C', 'F']);
      assert.equal('$schema' in parameters, false);
      assert.match(renderTypeScriptToolSignature(weather), /declare function weather\(args: \{ city: string; unit\?: "C" \| "F" \}\): Promise<\{\n  temperature: number;\n  unit: string;\n\}>;/);

      // Arguments: defaults applied; a bad call names each field, then lists the parameters with their values.
      assert.deepEqual(await weather.call({ city: 'Paris' } as never), { temperature: 21, unit: 'C' });
      await assert.rejects(weather.call({ city: 7, unit: 'K' } as never), (error: unknown) => {
        assert.ok(error instanceof ToolArgumentsError);
        assert.match(error.message, /^Invalid arguments for tool 'weather': city: .+; unit: .+\. Expected parameters: city \(string, required\), unit \([a-z]+, one of "C" \| "F"\)\.$/);
        return true;
      });

      // Results: a result that breaks the output schema is an error naming the field.
      reported = { temperature: 'warm' };
      await assert.rejects(weather.call({ city: 'Paris' } as never), (error: unknown) => {
        assert.ok(error instanceof ToolResultError);
        assert.match(error.message, /^Tool 'weather' returned a result that does not match its declared result type: temperature: .+\.$/);
        return true;
      });
    });
  }

  test('zod 3 and zod 4 schemas are told apart by their structure', () => {
    assert.equal(isZod3Schema(z3.string()), true);
    assert.equal(isZod4Schema(z3.string()), false);
    assert.equal(isZod4Schema(z.string()), true);
    assert.equal(isZod4Schema(z3v4.string()), true);
    assert.equal(isZod4Schema(zm.string()), true);
    assert.equal(isZod3Schema(z.string()), false);
  });

  test("zod 4's .describe() texts reach the parameters, from zod's own copy of its registry", () => {
    const described = tool({ name: 'a', description: 'A.', inputSchema: inputs['zod 4']!, execute: () => 1 });
    assert.equal((described.parametersSchema.properties as any).city.description, 'City name');
    const zod3Described = tool({ name: 'b', description: 'B.', inputSchema: inputs['zod 3']!, execute: () => 1 });
    assert.equal((zod3Described.parametersSchema.properties as any).city.description, 'City name');
  });

  test('a Standard Schema that cannot give a JSON Schema is refused when the tool is made, saying what to do', () => {
    assert.throws(
      () => tool({ name: 'plain_valibot', description: 'V.', inputSchema: v.object({ city: v.string() }), execute: () => 1 }),
      /This valibot schema cannot be converted to JSON Schema.*toStandardJsonSchema\(\) from @valibot\/to-json-schema/,
    );
  });

  test('an object of zod schemas (a "raw shape") is refused rather than taken for a JSON Schema that allows anything', () => {
    assert.throws(
      () => tool({ name: 'shape', description: 'S.', inputSchema: { city: z.string() } as never, execute: () => 1 }),
      /This object holds schemas \(city\) but is not one: wrap it, e\.g\. z\.object\(\{ \.\.\. \}\)\./,
    );
  });

  test('a transform in an output schema: the caller gets the parsed value', async () => {
    const parsed = tool({
      name: 'parsed',
      description: 'P.',
      inputSchema: z.object({}),
      outputSchema: z.object({ when: z.string().transform((text) => new Date(text).getUTCFullYear()) }),
      execute: () => ({ when: '2024-05-01T00:00:00Z' }),
    });
    assert.deepEqual(await parsed.call({}), { when: 2024 });
  });

  test('zod 3 conversion needs @ai-sdk/provider-utils; a missing optional package names its install command', () => {
    assert.throws(
      () => requireOptional('@smolagents-test/not-installed', 'Tools and agents with zod 3 schemas'),
      (error: unknown) => error instanceof MissingDependencyError && error.installCommand === 'npm install @smolagents-test/not-installed',
    );
  });
});

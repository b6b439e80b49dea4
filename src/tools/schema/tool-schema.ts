import type { JsonSchema } from '../../models/model.js';
import { validateJsonSchema, type SchemaIssue, type ValidationResult } from './json-schema-validator.js';
import type { SchemaInput } from './schema-types.js';
import { isStandardSchema, type StandardSchemaIssue, type StandardSchemaV1 } from './standard-schema.js';
import { isZod3Schema, isZod4Schema, withoutDialect, zod3ToJsonSchema, zod4ToJsonSchema, type SchemaDirection } from './zod-json-schema.js';

/**
 * One face for every kind of schema a tool or an agent accepts: its JSON Schema (what the model and
 * the provider are shown) and a check of a value against it (what the model's values meet).
 */
export interface ToolSchema {
  /** Without `$schema`. 'input': what the schema accepts (defaulted fields optional); 'output': what it produces. */
  jsonSchema(direction: SchemaDirection): JsonSchema;
  /** The value as the schema produces it (defaults applied, transforms run), or what is wrong with it. */
  validate(value: unknown): Promise<ValidationResult>;
}

const adapted = new WeakMap<object, ToolSchema>();

export function toToolSchema(schema: SchemaInput): ToolSchema {
  let adapter = adapted.get(schema);
  if (!adapter) {
    adapter = isStandardSchema(schema) ? fromStandardSchema(schema) : fromJsonSchema(schema);
    adapted.set(schema, adapter);
  }
  return adapter;
}

export function isSchemaInput(value: unknown): value is SchemaInput {
  return isStandardSchema(value) || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function fromJsonSchema(schema: JsonSchema): ToolSchema {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new TypeError('A schema must be a Standard Schema (zod, valibot, arktype…) or a JSON Schema object.');
  }
  // `{ city: z.string() }` (the MCP SDK's "raw shape") would pass for a JSON Schema that allows anything.
  if (Object.values(schema).some(isStandardSchema)) {
    throw new TypeError(`This object holds schemas (${Object.keys(schema).join(', ')}) but is not one: wrap it, e.g. z.object({ ... }).`);
  }
  const jsonSchema = withoutDialect(schema);
  return {
    jsonSchema: () => jsonSchema,
    validate: async (value) => validateJsonSchema(schema, value),
  };
}

function fromStandardSchema(schema: StandardSchemaV1): ToolSchema {
  const cache: Partial<Record<SchemaDirection, JsonSchema>> = {};
  return {
    jsonSchema(direction) {
      cache[direction] ??= standardToJsonSchema(schema, direction);
      return cache[direction];
    },
    async validate(value) {
      const result = await schema['~standard'].validate(value);
      if (!result.issues) return { ok: true, value: result.value };
      return { ok: false, issues: result.issues.map(toIssue) };
    },
  };
}

function standardToJsonSchema(schema: StandardSchemaV1, direction: SchemaDirection): JsonSchema {
  if (isZod4Schema(schema)) return zod4ToJsonSchema(schema, direction);
  if (isZod3Schema(schema)) return zod3ToJsonSchema(schema);
  const converter = schema['~standard'].jsonSchema;
  if (!converter) {
    throw new TypeError(
      `This ${schema['~standard'].vendor} schema cannot be converted to JSON Schema, which the model and the provider need to see. ` +
        'Use a schema that implements Standard JSON Schema (valibot: toStandardJsonSchema() from @valibot/to-json-schema), or a JSON Schema object.',
    );
  }
  return withoutDialect(converter[direction]({ target: 'draft-2020-12' }));
}

function toIssue(issue: StandardSchemaIssue): SchemaIssue {
  const path = (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });
  return { path, message: issue.message };
}

/** `rows[2].name: expected number, received string; city: required, but missing` */
export function formatIssues(issues: readonly SchemaIssue[], rootLabel: string): string {
  return issues.map((issue) => `${formatPath(issue.path) || rootLabel}: ${issue.message}`).join('; ');
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

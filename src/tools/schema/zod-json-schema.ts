import { toJSONSchema } from 'zod/v4/core';
import type { JsonSchema } from '../../models/model.js';
import { requireOptional } from '../../optional-dependency.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/**
 * JSON Schema from zod schemas, whichever zod made them. zod is a peer dependency (`^3.25 || ^4`):
 * `zod/v4/core` exists in both (zod 3.25 ships zod 4 inside), so zod 4 schemas — classic or mini,
 * from zod 4 or from `zod/v4` of zod 3.25 — convert through its `toJSONSchema`. A zod 3 schema
 * (`zod/v3`, or `zod` at 3.x) is a different structure that zod itself cannot convert: for those we
 * use the converter the AI SDK maintains for the same job (`zodSchema` of `@ai-sdk/provider-utils`,
 * an optional peer dependency; `zod-to-json-schema`, which the MCP SDK uses, is deprecated).
 */

export type SchemaDirection = 'input' | 'output';

/** zod 4 schemas carry `_zod`; zod 3 schemas have `_def` and no `_zod`. */
export function isZod4Schema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

export function isZod3Schema(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null || '_zod' in schema) return false;
  const candidate = schema as { _def?: unknown; safeParse?: unknown };
  return typeof candidate._def === 'object' && typeof candidate.safeParse === 'function';
}

export function zod4ToJsonSchema(schema: StandardSchemaV1, direction: SchemaDirection): JsonSchema {
  // 'input' lists fields that have defaults as optional; unrepresentable parts (dates, transforms'
  // results) become "any" rather than failing the whole tool.
  const options = { unrepresentable: 'any' } as const;
  // zod ≥ 4.2 converts through the schema's own copy of zod (Standard JSON Schema), which also
  // holds its .describe() texts; older zod 4, zod mini and zod 3.25's zod/v4 through zod/v4/core.
  const converter = schema['~standard'].jsonSchema;
  const converted = converter
    ? converter[direction]({ target: 'draft-2020-12', libraryOptions: options })
    : toJSONSchema(schema as unknown as Parameters<typeof toJSONSchema>[0], { io: direction, ...options });
  return withoutSafeIntegerBounds(withoutDialect(converted as JsonSchema)) as JsonSchema;
}

/**
 * zod 4 writes `.int()` as an integer between ±(2^53 - 1): bounds that say nothing to a model and
 * cost some 20 tokens per field, dropped here.
 */
function withoutSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'minimum' && item === Number.MIN_SAFE_INTEGER) continue;
    if (key === 'maximum' && item === Number.MAX_SAFE_INTEGER) continue;
    result[key] = withoutSafeIntegerBounds(item);
  }
  return result;
}

interface ProviderUtils {
  zodSchema(schema: unknown, options?: { useReferences?: boolean }): { readonly jsonSchema: JsonSchema | PromiseLike<JsonSchema> };
}

export function zod3ToJsonSchema(schema: unknown): JsonSchema {
  const { zodSchema } = requireOptional<ProviderUtils>('@ai-sdk/provider-utils', 'Tools and agents with zod 3 schemas');
  const converted = zodSchema(schema, { useReferences: false }).jsonSchema;
  if (typeof (converted as PromiseLike<unknown>).then === 'function') {
    throw new TypeError('This version of @ai-sdk/provider-utils converts zod 3 schemas asynchronously; install @ai-sdk/provider-utils 4 or 5.');
  }
  return withoutDialect(converted as JsonSchema);
}

/** `$schema` says nothing to a model or a provider and costs tokens. */
export function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

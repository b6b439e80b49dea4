import { toJSONSchema } from 'zod/v4/core';
import type { JsonSchema } from '../../models/model.js';
import { requireOptional } from '../../optional-dependency.js';

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

export function zod4ToJsonSchema(schema: unknown, direction: SchemaDirection): JsonSchema {
  // 'input' lists fields that have defaults as optional; unrepresentable parts (dates, transforms'
  // results) become "any" rather than failing the whole tool.
  const converted = toJSONSchema(schema as Parameters<typeof toJSONSchema>[0], { io: direction, unrepresentable: 'any' }) as JsonSchema;
  return withoutDialect(converted);
}

interface ProviderUtils {
  zodSchema(schema: unknown, options?: { useReferences?: boolean }): { readonly jsonSchema: JsonSchema | PromiseLike<JsonSchema> };
}

export function zod3ToJsonSchema(schema: unknown): JsonSchema {
  const { zodSchema } = requireOptional<ProviderUtils>('@ai-sdk/provider-utils', 'Tools and agents with zod 3 schemas');
  const converted = zodSchema(schema, { useReferences: false }).jsonSchema;
  if (typeof (converted as PromiseLike<unknown>).then === 'function') {
    throw new TypeError('This version of @ai-sdk/provider-utils converts zod 3 schemas asynchronously; install @ai-sdk/provider-utils ^4.');
  }
  return withoutDialect(converted as JsonSchema);
}

/** `$schema` says nothing to a model or a provider and costs tokens. */
export function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/**
 * The Standard Schema interface (standardschema.dev), which zod ≥ 3.24, zod 4, valibot, arktype and
 * others implement, and its Standard JSON Schema extension (zod ≥ 4.2, arktype, valibot through
 * `@valibot/to-json-schema`). The spec is meant to be declared by its users rather than imported, so
 * the library's public types depend on no schema package: a zod 3 schema and a zod 4 schema are
 * both simply "something with `~standard`".
 */

export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/** `jsonSchema.input` / `.output` of Standard JSON Schema; `target` is e.g. 'draft-07' or 'draft-2020-12'. */
export interface StandardJsonSchemaOptions {
  readonly target: string;
  readonly libraryOptions?: Record<string, unknown> | undefined;
}

export interface StandardJsonSchemaConverter {
  readonly input: (options: StandardJsonSchemaOptions) => Record<string, unknown>;
  readonly output: (options: StandardJsonSchemaOptions) => Record<string, unknown>;
}

export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    readonly jsonSchema?: StandardJsonSchemaConverter | undefined;
  };
}

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if (typeof value !== 'object' && typeof value !== 'function') return false;
  const props = (value as { '~standard'?: unknown } | null)?.['~standard'] as { validate?: unknown } | undefined;
  return typeof props === 'object' && props !== null && typeof props.validate === 'function';
}

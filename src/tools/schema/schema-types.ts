import type { JsonSchema } from '../../models/model.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/**
 * What tools and agents accept as a schema: any Standard Schema (zod 3 or 4, valibot, arktype…) or
 * a plain JSON Schema object.
 */
export type SchemaInput = StandardSchemaV1 | JsonSchema;

type StandardTypes<S> = S extends { readonly '~standard': { readonly types?: infer T } } ? NonNullable<T> : never;

/** The type a schema produces (after defaults and transforms): what `execute` receives, what `run()` returns. */
export type InferSchemaOutput<S> = [S] extends [StandardSchemaV1]
  ? [StandardTypes<S>] extends [never]
    ? unknown
    : StandardTypes<S> extends { readonly output: infer O }
      ? O
      : unknown
  : FromJsonSchema<S>;

/** The type a schema accepts (before defaults): what `call()` takes, what `execute` may return. */
export type InferSchemaInput<S> = [S] extends [StandardSchemaV1]
  ? [StandardTypes<S>] extends [never]
    ? unknown
    : StandardTypes<S> extends { readonly input: infer I }
      ? I
      : unknown
  : FromJsonSchema<S>;

type Depth = readonly unknown[];
type Deeper<D extends Depth> = readonly [...D, unknown];

/**
 * The TypeScript type of a JSON Schema written literally (inline in `tool({...})`, or `as const`).
 * A schema whose keywords TypeScript sees only as `string` (a schema built at run time) gives `any`:
 * nothing can be told about it before it is checked.
 */
export type FromJsonSchema<S, D extends Depth = []> = D['length'] extends 10
  ? any
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly enum: ReadonlyArray<infer E> }
      ? E
      : S extends { readonly anyOf: ReadonlyArray<infer M> }
        ? FromJsonSchema<M, Deeper<D>>
        : S extends { readonly oneOf: ReadonlyArray<infer M> }
          ? FromJsonSchema<M, Deeper<D>>
          : S extends { readonly type: infer T }
            ? T extends ReadonlyArray<infer Name>
              ? FromTypeName<S, Name, D>
              : FromTypeName<S, T, D>
            : any;

type FromTypeName<S, Name, D extends Depth> = string extends Name
  ? any
  : Name extends 'string'
    ? string
    : Name extends 'number' | 'integer'
      ? number
      : Name extends 'boolean'
        ? boolean
        : Name extends 'null'
          ? null
          : Name extends 'array'
            ? S extends { readonly items: infer Item }
              ? FromJsonSchema<Item, Deeper<D>>[]
              : unknown[]
            : Name extends 'object'
              ? FromJsonObject<S, D>
              : any;

type RequiredKeys<S> = S extends { readonly required: ReadonlyArray<infer K> } ? K : never;

type FromJsonObject<S, D extends Depth> = S extends { readonly properties: infer P }
  ? string extends RequiredKeys<S>
    ? any
    : Flatten<
        { -readonly [K in keyof P as K extends RequiredKeys<S> ? K : never]: FromJsonSchema<P[K], Deeper<D>> } & {
          -readonly [K in keyof P as K extends RequiredKeys<S> ? never : K]?: FromJsonSchema<P[K], Deeper<D>>;
        }
      >
  : Record<string, unknown>;

type Flatten<T> = { [K in keyof T]: T[K] };

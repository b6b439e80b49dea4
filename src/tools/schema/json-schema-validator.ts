import type { JsonSchema } from '../../models/model.js';

/** One problem found in a value: where (keys from the root) and what. */
export interface SchemaIssue {
  path: (string | number)[];
  message: string;
}

export type ValidationResult<Value = unknown> = { ok: true; value: Value } | { ok: false; issues: SchemaIssue[] };

/**
 * Checks a value against a JSON Schema and fills in the `default`s of missing object properties
 * (on a copy: the value passed in is never changed). It covers what tool and MCP schemas use —
 * type, enum, const, properties/required/additionalProperties, items/prefixItems, the numeric and
 * length bounds, pattern, anyOf/oneOf/allOf/not and local `$ref`s — and ignores annotations
 * (format, title, examples…). Ours rather than a validator package because zod 3 has no
 * `fromJSONSchema`, and because its messages are written for the model that has to fix the value.
 */
export function validateJsonSchema(schema: JsonSchema | boolean, value: unknown): ValidationResult {
  const issues: SchemaIssue[] = [];
  const checked = check(schema, value, [], issues, typeof schema === 'object' ? schema : {}, 0);
  return issues.length === 0 ? { ok: true, value: checked } : { ok: false, issues };
}

const MAX_DEPTH = 64;

function check(schema: unknown, value: unknown, path: (string | number)[], issues: SchemaIssue[], root: JsonSchema, depth: number): unknown {
  if (schema === true || schema === undefined) return value;
  if (schema === false) return fail(issues, path, 'no value is allowed here');
  if (typeof schema !== 'object' || schema === null) return value;
  if (depth > MAX_DEPTH) return fail(issues, path, 'the schema nests too deeply (a $ref cycle?)');
  const s = schema as JsonSchema;
  if (typeof s.$ref === 'string') value = check(resolveRef(root, s.$ref), value, path, issues, root, depth + 1);
  if (value === null && s.nullable === true) return value; // OpenAPI 3.0's spelling of "or null"

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => hasType(value, type))) {
      return fail(issues, path, `expected ${types.join(' or ')}, received ${describeType(value)}`);
    }
  }
  if ('const' in s && !deepEqual(value, s.const)) return fail(issues, path, `expected ${JSON.stringify(s.const)}, received ${preview(value)}`);
  if (Array.isArray(s.enum) && !s.enum.some((member) => deepEqual(value, member))) {
    return fail(issues, path, `expected one of ${s.enum.map((member) => JSON.stringify(member)).join(', ')}, received ${preview(value)}`);
  }

  if (typeof value === 'string') checkString(s, value, path, issues);
  if (typeof value === 'number') checkNumber(s, value, path, issues);
  if (Array.isArray(value)) value = checkArray(s, value, path, issues, root, depth);
  else if (isObject(value)) value = checkObject(s, value, path, issues, root, depth);

  if (Array.isArray(s.allOf)) for (const member of s.allOf) value = check(member, value, path, issues, root, depth + 1);
  if (Array.isArray(s.anyOf)) value = checkAlternatives(s.anyOf, 'any', value, path, issues, root, depth);
  if (Array.isArray(s.oneOf)) value = checkAlternatives(s.oneOf, 'one', value, path, issues, root, depth);
  if (s.not !== undefined && validateAgainst(s.not, value, root, depth).length === 0) fail(issues, path, 'matches a schema it must not match');
  return value;
}

function checkString(s: JsonSchema, value: string, path: (string | number)[], issues: SchemaIssue[]): void {
  const length = [...value].length;
  if (typeof s.minLength === 'number' && length < s.minLength) fail(issues, path, `expected at least ${s.minLength} characters, received ${length}`);
  if (typeof s.maxLength === 'number' && length > s.maxLength) fail(issues, path, `expected at most ${s.maxLength} characters, received ${length}`);
  if (typeof s.pattern === 'string' && !safeRegExp(s.pattern)?.test(value)) fail(issues, path, `expected a string matching /${s.pattern}/`);
}

function checkNumber(s: JsonSchema, value: number, path: (string | number)[], issues: SchemaIssue[]): void {
  // Draft 4 spells exclusive bounds as booleans beside minimum/maximum; later drafts as numbers.
  const exclusiveMinimum = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : s.exclusiveMinimum === true ? s.minimum : undefined;
  const exclusiveMaximum = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : s.exclusiveMaximum === true ? s.maximum : undefined;
  if (typeof exclusiveMinimum === 'number' && !(value > exclusiveMinimum)) fail(issues, path, `expected a number greater than ${exclusiveMinimum}, received ${value}`);
  else if (typeof s.minimum === 'number' && value < s.minimum) fail(issues, path, `expected a number of at least ${s.minimum}, received ${value}`);
  if (typeof exclusiveMaximum === 'number' && !(value < exclusiveMaximum)) fail(issues, path, `expected a number less than ${exclusiveMaximum}, received ${value}`);
  else if (typeof s.maximum === 'number' && value > s.maximum) fail(issues, path, `expected a number of at most ${s.maximum}, received ${value}`);
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(Number((value / s.multipleOf).toPrecision(12)))) {
    fail(issues, path, `expected a multiple of ${s.multipleOf}, received ${value}`);
  }
}

function checkArray(s: JsonSchema, value: unknown[], path: (string | number)[], issues: SchemaIssue[], root: JsonSchema, depth: number): unknown[] {
  if (typeof s.minItems === 'number' && value.length < s.minItems) fail(issues, path, `expected at least ${s.minItems} items, received ${value.length}`);
  if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail(issues, path, `expected at most ${s.maxItems} items, received ${value.length}`);
  if (s.uniqueItems === true && value.some((item, index) => value.findIndex((other) => deepEqual(other, item)) !== index)) {
    fail(issues, path, 'expected unique items');
  }
  // Draft 2020-12 has prefixItems + items; older drafts an array-valued items + additionalItems.
  const prefix = (Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : []) as unknown[];
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  return value.map((item, index) => check(index < prefix.length ? prefix[index] : rest, item, [...path, index], issues, root, depth + 1));
}

function checkObject(
  s: JsonSchema,
  value: Record<string, unknown>,
  path: (string | number)[],
  issues: SchemaIssue[],
  root: JsonSchema,
  depth: number,
): Record<string, unknown> {
  const properties = (isObject(s.properties) ? s.properties : {}) as Record<string, unknown>;
  const result: Record<string, unknown> = { ...value };
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  // In the schema's order, so that the problems read in the order the model was shown the fields.
  for (const [key, property] of Object.entries(properties)) {
    if (key in value) result[key] = check(property, value[key], [...path, key], issues, root, depth + 1);
    else if (hasDefault(property)) result[key] = structuredClone((property as JsonSchema).default);
    else if (required.has(key)) fail(issues, [...path, key], 'required, but missing');
  }
  for (const key of required) if (!(key in properties) && !(key in value)) fail(issues, [...path, key], 'required, but missing');
  const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
  for (const key of Object.keys(value)) {
    if (key in properties) continue;
    const matching = patterns.filter(([pattern]) => safeRegExp(pattern)?.test(key));
    for (const [, property] of matching) result[key] = check(property, result[key], [...path, key], issues, root, depth + 1);
    if (matching.length > 0 || s.additionalProperties === undefined || s.additionalProperties === true) continue;
    if (s.additionalProperties === false) {
      const known = Object.keys(properties);
      fail(issues, [...path, key], `unknown key${known.length > 0 ? ` (known keys: ${known.join(', ')})` : ''}`);
    } else result[key] = check(s.additionalProperties, value[key], [...path, key], issues, root, depth + 1);
  }
  return result;
}

function checkAlternatives(
  members: unknown[],
  mode: 'any' | 'one',
  value: unknown,
  path: (string | number)[],
  issues: SchemaIssue[],
  root: JsonSchema,
  depth: number,
): unknown {
  const outcomes = members.map((member) => ({ member, problems: validateAgainst(member, value, root, depth) }));
  const matching = outcomes.filter((outcome) => outcome.problems.length === 0);
  if (matching.length === 0) {
    // One alternative of the right type: its own problems say more than "matches none".
    const sameType = outcomes.filter((outcome) => !outcome.problems.some((problem) => problem.path.length === 0 && problem.message.startsWith('expected ')));
    if (sameType.length === 1) issues.push(...sameType[0]!.problems.map((problem) => ({ ...problem, path: [...path, ...problem.path] })));
    else fail(issues, path, `expected ${members.map(describeSchema).join(' | ')}, received ${preview(value)}`);
    return value;
  }
  if (mode === 'one' && matching.length > 1) return fail(issues, path, 'matches more than one of the allowed schemas');
  return check(matching[0]!.member, value, path, [], root, depth + 1); // applies that member's defaults
}

function validateAgainst(schema: unknown, value: unknown, root: JsonSchema, depth: number): SchemaIssue[] {
  const problems: SchemaIssue[] = [];
  check(schema, value, [], problems, root, depth + 1);
  return problems;
}

/** Local references only (`#`, `#/$defs/x`, `#/definitions/x`): a tool schema never fetches others. */
function resolveRef(root: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#')) return true;
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    target = isObject(target) ? target[key] : undefined;
  }
  return target ?? true;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // NaN, Infinity: not JSON numbers
  return typeof value;
}

function describeSchema(schema: unknown): string {
  if (!isObject(schema)) return 'any';
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((member) => JSON.stringify(member)).join(' | ');
  if (schema.type !== undefined) return Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type);
  return 'a matching value';
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function hasDefault(schema: unknown): boolean {
  return isObject(schema) && 'default' in schema;
}

function fail(issues: SchemaIssue[], path: (string | number)[], message: string): undefined {
  issues.push({ path, message });
  return undefined;
}

const regExpCache = new Map<string, RegExp | undefined>();

/** A schema's pattern as a RegExp; an invalid one matches nothing rather than throwing. */
function safeRegExp(pattern: string): RegExp | undefined {
  if (!regExpCache.has(pattern)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      compiled = undefined;
    }
    regExpCache.set(pattern, compiled);
  }
  return regExpCache.get(pattern);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

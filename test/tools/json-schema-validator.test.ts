import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateJsonSchema } from '../../src/tools/schema/json-schema-validator.js';
import { formatIssues } from '../../src/tools/schema/tool-schema.js';

function problems(schema: Record<string, unknown> | boolean, value: unknown): string {
  const result = validateJsonSchema(schema, value);
  return result.ok ? 'ok' : formatIssues(result.issues, '(value)');
}

test('types, including integer, arrays of types and nullable', () => {
  assert.equal(problems({ type: 'string' }, 'a'), 'ok');
  assert.equal(problems({ type: 'string' }, 3), '(value): expected string, received integer');
  assert.equal(problems({ type: 'integer' }, 2.5), '(value): expected integer, received number');
  assert.equal(problems({ type: 'number' }, 2), 'ok');
  assert.equal(problems({ type: ['string', 'null'] }, null), 'ok');
  assert.equal(problems({ type: 'string', nullable: true }, null), 'ok');
  assert.equal(problems({ type: 'object' }, []), '(value): expected object, received array');
  assert.equal(problems({ type: 'number' }, Number.NaN), '(value): expected number, received NaN');
  assert.equal(problems(true, 'anything'), 'ok');
  assert.equal(problems(false, 'anything'), '(value): no value is allowed here');
});

test('objects: required keys, nested paths, unknown keys, defaults applied on a copy', () => {
  const schema = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      unit: { type: 'string', enum: ['C', 'F'], default: 'C' },
      rows: { type: 'array', items: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } },
    },
    required: ['city', 'unit'],
    additionalProperties: false,
  };
  const input = { city: 'Paris' };
  const result = validateJsonSchema(schema, input);
  assert.deepEqual(result, { ok: true, value: { city: 'Paris', unit: 'C' } });
  assert.deepEqual(input, { city: 'Paris' }, 'the value passed in is not changed');
  assert.equal(
    problems(schema, { unit: 'K', rows: [{ n: 1 }, { n: 'two' }, {}], extra: 1 }),
    'city: required, but missing; unit: expected one of "C", "F", received "K"; rows[1].n: expected number, received string; rows[2].n: required, but missing; extra: unknown key (known keys: city, unit, rows)',
  );
  assert.equal(problems({ type: 'object', additionalProperties: { type: 'integer' } }, { a: 1, b: 'x' }), 'b: expected integer, received string');
  assert.equal(problems({ type: 'object', patternProperties: { '^x_': { type: 'number' } }, additionalProperties: false }, { x_a: 1, y: 2 }), 'y: unknown key');
});

test('numbers, strings and arrays: bounds, patterns, uniqueness, tuples', () => {
  assert.equal(problems({ type: 'integer', minimum: 1, maximum: 50 }, 51), '(value): expected a number of at most 50, received 51');
  assert.equal(problems({ type: 'number', exclusiveMinimum: 0 }, 0), '(value): expected a number greater than 0, received 0');
  assert.equal(problems({ type: 'number', minimum: 0, exclusiveMinimum: true }, 0), '(value): expected a number greater than 0, received 0');
  assert.equal(problems({ type: 'number', multipleOf: 0.1 }, 0.3), 'ok');
  assert.equal(problems({ type: 'number', multipleOf: 0.5 }, 0.3), '(value): expected a multiple of 0.5, received 0.3');
  assert.equal(problems({ type: 'string', minLength: 2, maxLength: 3 }, '한'), '(value): expected at least 2 characters, received 1');
  assert.equal(problems({ type: 'string', pattern: '^[a-z]+$' }, 'abc1'), '(value): expected a string matching /^[a-z]+$/');
  assert.equal(problems({ type: 'string', pattern: '([' }, 'a'), '(value): expected a string matching /([/', 'an invalid pattern matches nothing, without throwing');
  assert.equal(problems({ type: 'array', minItems: 1, uniqueItems: true }, []), '(value): expected at least 1 items, received 0');
  assert.equal(problems({ type: 'array', uniqueItems: true }, [{ a: 1 }, { a: 1 }]), '(value): expected unique items');
  assert.equal(problems({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false }, ['a', 1, 2]), '[2]: no value is allowed here');
  assert.equal(problems({ type: 'array', items: [{ type: 'string' }], additionalItems: { type: 'number' } }, ['a', 'b']), '[1]: expected number, received string');
});

test('const, anyOf/oneOf/allOf/not: the closest alternative explains the mismatch', () => {
  assert.equal(problems({ const: 'x' }, 'y'), '(value): expected "x", received "y"');
  assert.equal(problems({ anyOf: [{ type: 'string' }, { type: 'null' }] }, 3), '(value): expected string | null, received 3');
  const nullableObject = { anyOf: [{ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] }, { type: 'null' }] };
  assert.equal(problems({ type: 'object', properties: { item: nullableObject } }, { item: { n: 'x' } }), 'item.n: expected number, received string');
  assert.equal(problems({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1), '(value): matches more than one of the allowed schemas');
  assert.equal(problems({ allOf: [{ type: 'number' }, { minimum: 5 }] }, 3), '(value): expected a number of at least 5, received 3');
  assert.equal(problems({ not: { type: 'null' } }, null), '(value): matches a schema it must not match');
  const withDefault = validateJsonSchema({ anyOf: [{ type: 'object', properties: { a: { default: 1 } } }, { type: 'null' }] }, {});
  assert.deepEqual(withDefault, { ok: true, value: { a: 1 } });
});

test('local $refs, recursive ones included, and a $ref cycle fails instead of looping', () => {
  const tree = {
    $defs: { node: { type: 'object', properties: { value: { type: 'number' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['value'] } },
    $ref: '#/$defs/node',
  };
  assert.equal(problems(tree, { value: 1, children: [{ value: 2, children: [{ value: 'three' }] }] }), 'children[0].children[0].value: expected number, received string');
  assert.equal(problems({ definitions: { a: { type: 'string' } }, properties: { x: { $ref: '#/definitions/a' } } }, { x: 1 }), 'x: expected string, received integer');
  assert.match(problems({ $defs: { loop: { $ref: '#/$defs/loop' } }, $ref: '#/$defs/loop' }, 1), /a \$ref cycle/);
  assert.equal(problems({ $ref: 'https://example.org/remote.json' }, 1), 'ok', 'remote references are never fetched');
});

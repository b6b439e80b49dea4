import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWire, stringifyWire, toWire, WireValueError } from '../../src/executors/pyodide/wire-values.js';

test('what JSON cannot carry goes tagged, and comes back as it was', () => {
  const value = { big: 2n ** 100n, small: 5n, negative: -(2n ** 64n), nan: Number.NaN, inf: -Infinity, zero: -0, bytes: new Uint8Array([0, 255]), list: [1, 'a', null] };
  const back = parseWire(stringifyWire(value)) as typeof value;
  assert.equal(back.big, 2n ** 100n);
  assert.equal(back.small, 5, 'a bigint that fits a number exactly crosses as a number');
  assert.equal(back.negative, -(2n ** 64n));
  assert.ok(Number.isNaN(back.nan));
  assert.equal(back.inf, -Infinity);
  assert.ok(Object.is(back.zero, -0));
  assert.deepEqual([...back.bytes], [0, 255]);
  assert.deepEqual(back.list, [1, 'a', null]);
});

test('an object with a "$type" key is escaped, and "__proto__" stays an own property', () => {
  const tricky = JSON.parse('{"$type":"int","hex":"ff","__proto__":{"polluted":true}}') as Record<string, unknown>;
  const back = parseWire(stringifyWire(tricky)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(back).sort(), ['$type', '__proto__', 'hex']);
  assert.equal(back.$type, 'int');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
});

test('like JSON: toJSON, undefined and functions; plus Maps, Sets and other typed arrays', () => {
  const wire = toWire({ when: new Date(0), gone: undefined, fn: () => 1, map: new Map<unknown, unknown>([[1, 'a'], ['b', 2n ** 60n]]), set: new Set([1, 2]), floats: new Float64Array([0.5]) });
  assert.deepEqual(wire, {
    when: '1970-01-01T00:00:00.000Z',
    map: { $type: 'object', entries: [[1, 'a'], ['b', { $type: 'int', hex: '1000000000000000' }]] },
    set: [1, 2],
    floats: [0.5],
  });
});

test('cycles and runaway nesting are refused with a clear error', () => {
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  assert.throws(() => toWire(cyclic), (error: unknown) => error instanceof WireValueError && /contains itself/.test(error.message));
  let deep: unknown = 1;
  for (let index = 0; index < 300; index++) deep = [deep];
  assert.throws(() => toWire(deep), /nested more than 200/);
  const shared = { x: 1 };
  assert.deepEqual(toWire([shared, shared]), [{ x: 1 }, { x: 1 }], 'the same object twice is not a cycle');
});

test('malformed tags from the other side are errors, never values', () => {
  for (const text of ['{"$type":"int","hex":"0x1"}', '{"$type":"int","hex":"' + 'f'.repeat(100_001) + '"}', '{"$type":"bytes","base64":"abc"}', '{"$type":"object","entries":[[1]]}', '{"$type":"float","value":"toString"}', '{"$type":"constructor"}']) {
    assert.throws(() => parseWire(text), WireValueError, text.slice(0, 60));
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatJsonWithin } from '../../src/agents/format-json.js';

describe('formatJsonWithin', () => {
  const samples: unknown[] = [
    null, true, 0, -1.5, Number.NaN, Infinity, 'text with "quotes"\n', [], {}, [1, [2, [3]]],
    { a: 1, b: [true, null, 'x'], c: { d: {} } },
    { skipped: undefined, fn: () => 1, kept: 1 },
    [undefined, () => 1, Symbol('s')],
    { only: undefined },
    { when: new Date(0) },
    { custom: { toJSON: (key: string) => `toJSON of ${key}` } },
    [new Number(3), new String('boxed'), new Boolean(false)],
  ];
  for (const sample of samples) {
    test(`writes ${JSON.stringify(sample) ?? String(sample)} as JSON.stringify(value, null, 2) does`, () => {
      const expected = JSON.stringify(sample, null, 2);
      const formatted = formatJsonWithin(sample, 10_000);
      assert.equal(formatted?.text, expected);
      assert.equal(formatted?.length, expected.length);
    });
  }

  test('a value without a JSON form gives undefined', () => {
    assert.equal(formatJsonWithin(undefined, 100), undefined);
    assert.equal(formatJsonWithin(() => 1, 100), undefined);
  });

  test('circular values and BigInts throw, as with JSON.stringify', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => formatJsonWithin(loop, 100), /circular/);
    assert.throws(() => formatJsonWithin({ big: 1n }, 100), /BigInt/);
    // The same object twice, side by side, is not a cycle.
    const shared = { x: 1 };
    assert.equal(formatJsonWithin([shared, shared], 100)?.text, JSON.stringify([shared, shared], null, 2));
  });

  test('only the budget is built; the length of the rest is counted exactly', () => {
    const value = { rows: Array.from({ length: 5_000 }, (_, index) => ({ index, name: `row ${index}` })) };
    const expected = JSON.stringify(value, null, 2);
    const formatted = formatJsonWithin(value, 1_000)!;
    assert.equal(formatted.text, expected.slice(0, 1_000));
    assert.equal(formatted.length, expected.length);
  });

  test('a wide list nested 16,000 levels deep: the start is written, deeper levels shown as […]', () => {
    let value: unknown = Array.from({ length: 60_000 }, (_, index) => index);
    for (let level = 0; level < 16_000; level++) value = [value];
    // JSON.stringify(value, null, 2) would be about 2 GB of text here, or a RangeError.
    const formatted = formatJsonWithin(value, 2_000, 64)!;
    assert.equal(formatted.text.length, 2_000);
    assert.ok(formatted.text.startsWith('[\n  [\n    [\n'));
    let shallow: unknown = ['…'];
    for (let level = 0; level < 63; level++) shallow = [shallow];
    assert.equal(formatted.length, JSON.stringify(shallow, null, 2).replace('"…"', '[…]').length);
  });
});

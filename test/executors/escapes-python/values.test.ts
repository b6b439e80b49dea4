import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { tool } from '../../../src/tools/tool.js';

const echo = tool({
  name: 'echo',
  description: 'Returns its argument.',
  inputSchema: z.object({ value: z.unknown() }),
  execute: ({ value }) => value,
});
const typeOf = tool({
  name: 'type_of',
  description: 'The JavaScript type of its argument.',
  inputSchema: z.object({ value: z.unknown() }),
  execute: ({ value }) => (value instanceof Uint8Array ? 'Uint8Array' : Array.isArray(value) ? 'array' : typeof value),
});
const binary = tool({
  name: 'binary',
  description: 'Returns bytes and special numbers.',
  inputSchema: z.object({}),
  execute: () => ({ bytes: new Uint8Array([0, 1, 255]), big: 2n ** 70n, nan: Number.NaN, negativeZero: -0, infinity: -Infinity }),
});

async function failure(promise: Promise<unknown>): Promise<CodeExecutionError> {
  const error = await promise.then(
    (value) => assert.fail(`expected a failure, got ${String(value)}`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof CodeExecutionError, String(error));
  return error;
}

/** Values cross between Python and the host exactly, or not at all with a clear error (issue 16). */
describe('values crossing the Pyodide boundary', () => {
  let executor: PyodideExecutor;
  before(async () => {
    executor = new PyodideExecutor({ timeoutMs: 10_000 });
    await executor.sendTools([echo, typeOf, binary]);
  });
  after(async () => {
    await executor.dispose();
  });

  test('integers beyond 2**53 arrive exact, as bigint', async () => {
    assert.equal((await executor.execute('final_answer(2**100)')).output, 2n ** 100n);
    assert.equal((await executor.execute('-(2**64) + 1')).output, -(2n ** 64n) + 1n);
    assert.equal((await executor.execute('final_answer(2**53 - 1)')).output, 2 ** 53 - 1);
    assert.deepEqual((await executor.execute('final_answer({"n": [2**60, 3]})')).output, { n: [2n ** 60n, 3] });
  });

  test('floats arrive exact, including nan, infinities and -0.0', async () => {
    const output = (await executor.execute('final_answer([0.1, 1e308, 5e-324, float("nan"), float("inf"), -float("inf"), -0.0])')).output as number[];
    assert.deepEqual(output.slice(0, 3), [0.1, 1e308, 5e-324]);
    assert.ok(Number.isNaN(output[3]));
    assert.deepEqual(output.slice(4), [Infinity, -Infinity, -0]);
    assert.ok(Object.is(output[6], -0));
  });

  test('bytes arrive as Uint8Array; nested data keeps its shape', async () => {
    const output = (await executor.execute('final_answer({"b": b"\\x00\\xffA", "t": (1, [2, {"k": None}]), "s": "é\\u2028"})')).output as Record<string, unknown>;
    assert.ok(output.b instanceof Uint8Array);
    assert.deepEqual([...(output.b as Uint8Array)], [0, 255, 65]);
    assert.deepEqual(output.t, [1, [2, { k: null }]]);
    assert.equal(output.s, 'é\u2028');
  });

  test('tool arguments and results cross exactly both ways', async () => {
    assert.equal((await executor.execute('type_of(2**100)')).output, 'bigint');
    assert.equal((await executor.execute('type_of(b"ab")')).output, 'Uint8Array');
    assert.equal((await executor.execute('echo(2**100) == 2**100')).output, true);
    const result = (await executor.execute('r = binary()\nfinal_answer([type(r["bytes"]).__name__, r["big"] == 2**70, r["nan"] != r["nan"], str(r["negativeZero"]), r["infinity"] < 0])')).output;
    assert.deepEqual(result, ['bytes', true, true, '-0.0', true]);
  });

  test('variables sent by the host cross exactly', async () => {
    await executor.sendVariables({ huge: 2n ** 80n, raw: new Uint8Array([1, 2]), half: 0.5 });
    assert.deepEqual((await executor.execute('final_answer([huge == 2**80, raw == b"\\x01\\x02", half])')).output, [true, true, 0.5]);
  });

  test('a value that cannot cross gives a clear error naming its type', async () => {
    const error = await failure(executor.execute('import datetime\nfinal_answer(datetime.date(2024, 1, 2))'));
    assert.equal(error.errorType, 'TypeError');
    assert.match(error.message, /datetime\.date/);
    assert.match(error.message, /final_answer/);
    const cyclic = await failure(executor.execute('a = []\na.append(a)\nfinal_answer(a)'));
    assert.match(cyclic.message, /itself|cycl/i);
    assert.equal(cyclic.line, 3);
    const huge = await failure(executor.execute('big = "x" * 1_500_000\nfinal_answer(big)'));
    assert.equal(huge.errorType, 'ValueError');
    assert.equal(huge.line, 2);
    assert.match(huge.message, /final_answer\(\) got a value of 1500002 characters as JSON; at most 1000000/);
  });

  test('the last expression of a step shows what cannot cross as its repr', async () => {
    assert.equal((await executor.execute('import datetime\ndatetime.date(2024, 1, 2)')).output, 'datetime.date(2024, 1, 2)');
  });
});

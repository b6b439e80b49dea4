import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * Tool calls have caps the host keeps (red team, issue 16 follow-up): a number of calls per action,
 * and a size for each result — so code cannot make the host run a tool without end, nor fill the
 * child's pipe and heap with results.
 */
describe('the host caps the tool calls of an action', () => {
  let executor: PyodideExecutor;
  let calls = 0;
  const count = tool({
    name: 'count',
    description: 'Counts its calls.',
    inputSchema: z.object({}),
    execute: () => ++calls,
  });
  const flood = tool({
    name: 'flood',
    description: 'Returns a lot of text.',
    inputSchema: z.object({ size: z.number() }),
    execute: ({ size }) => 'z'.repeat(size),
  });
  before(async () => {
    executor = new PyodideExecutor({ timeoutMs: 30_000, maxToolCallsPerAction: 3 });
    await executor.sendTools([count, flood]);
  });
  after(() => executor.dispose());

  test('calls past maxToolCallsPerAction raise in the code without running the tool, per action', async () => {
    const code = 'errors = []\nfor i in range(6):\n    try:\n        count()\n    except Exception as error:\n        errors.append(type(error).__name__ + ": " + str(error))\nfinal_answer(errors)';
    const errors = (await executor.execute(code)).output as string[];
    assert.equal(calls, 3);
    assert.equal(errors.length, 3);
    assert.match(errors[0]!, /more than 3 times/);
    assert.equal((await executor.execute('count()')).output, 4, 'the next action may call tools again');
  });

  test('a tool result larger than a value may be is refused with a clear error, and the interpreter lives on', async () => {
    const code = 'try:\n    flood(2_000_000)\nexcept Exception as error:\n    final_answer(str(error))';
    assert.match(String((await executor.execute(code)).output), /result of tool 'flood' is longer than 1000000 characters/);
    assert.equal((await executor.execute('len(flood(1000))')).output, 1000);
  });

  test('the option is checked', () => {
    assert.throws(() => new PyodideExecutor({ maxToolCallsPerAction: 0 }), /maxToolCallsPerAction must be a whole number/);
  });
});

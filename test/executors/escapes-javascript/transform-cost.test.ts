import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { SandboxPool } from '../../../src/executors/quickjs/sandbox-pool.js';
import { transformCode } from '../../../src/executors/quickjs/transform-code.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * The code rewrite runs on a worker thread before any guest code, where no interrupt reaches it:
 * code crafted to make it slow keeps the thread (and every sandbox on it) until the watchdog ends
 * the thread. The rewrite copied each node's list of ancestors, so its cost was the code's size
 * times its depth, and it recursed once per level: a chain of 30,000 property reads (which the
 * parser reads in a loop, so nothing else limits its depth) either took seconds or overflowed the
 * worker's stack. The rewrite must finish such code within an ordinary time limit, and rewrite it
 * right. (The time it takes is in `npm run bench -- executor`.)
 */
function craftedChain(length: number): string {
  return `const o = { get a() { return o; } };\nconst same = o${'.a'.repeat(length)} === o;\n[same, tick()]`;
}

describe('the code rewrite costs time linear in the code', () => {
  const pool = new SandboxPool({ threads: 1 });
  let ticks = 0;
  const tick = tool({ name: 'tick', description: 'Counts.', inputSchema: z.object({}), execute: () => ++ticks });
  // The old rewrite needed more than 15 s of the worker's thread for the chain below.
  const executor = new LocalJsExecutor({ timeoutMs: 15_000, pool });
  after(async () => {
    await executor.dispose();
    await pool.close();
  });

  test('a chain of 30,000 property reads runs, its tool call awaited', async () => {
    await executor.sendTools([tick]);
    ticks = 0;
    const result = await executor.execute(craftedChain(30_000));
    assert.deepEqual(result.output, [true, 1]);
  });

  test('code over maxCodeChars is refused before it is parsed, and the sandbox keeps its variables', async () => {
    const small = new LocalJsExecutor({ timeoutMs: 5_000, maxCodeChars: 1_000, pool });
    try {
      await small.execute('const kept = "here";');
      const error = await small.execute(`const big = "${'x'.repeat(2_000)}";`).then(
        () => assert.fail('expected a refusal'),
        (caught: unknown) => caught as CodeExecutionError,
      );
      assert.ok(error instanceof CodeExecutionError);
      assert.match(error.message, /^The code is 2015 characters long, over the limit of 1000, so it did not run/);
      assert.equal((await small.execute('kept')).output, 'here');
    } finally {
      await small.dispose();
    }
  });

  test('the rewrite of crafted code awaits each top-level call once, and no other', () => {
    const { functionSource } = transformCode(`${craftedChain(5_000)}\nPromise.all([tick(), tick()]);\n[1].map(() => tick());\ntick().then(() => 1);`, new Set(['tick']));
    assert.equal(functionSource.split('(await tick())').length - 1, 1);
    assert.match(functionSource, /\[same, \(await tick\(\)\)\]/);
    assert.match(functionSource, /Promise\.all\(\[tick\(\), tick\(\)\]\)/);
    assert.match(functionSource, /\[1\]\.map\(\(\) => tick\(\)\)/);
  });
});

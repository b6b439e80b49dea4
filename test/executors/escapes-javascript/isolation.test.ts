import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { compileQuickJs, instantiateQuickJs } from '../../../src/executors/quickjs/quickjs-build.js';
import { SandboxPool } from '../../../src/executors/quickjs/sandbox-pool.js';
import { tool } from '../../../src/tools/tool.js';
import { hardeningHolds } from './heap-view.js';

/**
 * A memory bug in QuickJS may hand guest code its whole WASM heap (see heap-view.ts). What it must
 * not hand it is anyone else's: each sandbox is its own WASM instance with its own memory.
 */
describe('each sandbox has memory no other sandbox shares', () => {
  test('wiping one instance’s entire memory leaves another instance and its variables intact', async () => {
    const wasmModule = await compileQuickJs();
    const [attacker, victim] = await Promise.all([instantiateQuickJs(wasmModule, 32 * 2 ** 20), instantiateQuickJs(wasmModule, 32 * 2 ** 20)]);
    const victimContext = victim.newContext();
    victimContext.unwrapResult(victimContext.evalCode('globalThis.secret = { value: 42 }')).dispose();
    const attackerContext = attacker.newContext();
    attackerContext.unwrapResult(attackerContext.evalCode('globalThis.mine = 1')).dispose();
    assert.notEqual(attacker.getWasmMemory(), victim.getWasmMemory());
    // The worst a heap bug allows: every byte of the attacker's memory rewritten.
    new Uint8Array(attacker.getWasmMemory().buffer).fill(0x41);
    const read = victimContext.unwrapResult(victimContext.evalCode('secret.value + 1'));
    assert.equal(victimContext.getNumber(read), 43);
    read.dispose();
  });

  test('an engine failure (the thread’s own stack overflowing inside QuickJS) costs only that sandbox', async () => {
    const pool = new SandboxPool({ threads: 1 });
    const echo = tool({ name: 'echo', description: 'Echo.', inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text });
    // A QuickJS stack allowance this large lets deep recursion reach the thread's real stack first.
    const crashing = new LocalJsExecutor({ timeoutMs: 5000, maxStackSizeBytes: 4 * 2 ** 20, pool });
    const neighbour = new LocalJsExecutor({ timeoutMs: 5000, pool });
    try {
      await crashing.sendTools([echo]);
      await crashing.sendVariables({ city: 'Busan' });
      await crashing.execute('const scratch = 1;');
      await neighbour.execute('const kept = "neighbour";');
      const error = await crashing.execute('JSON.parse("[".repeat(1e6))').then(
        () => assert.fail('expected the sandbox to fail'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof CodeExecutionError);
      assert.equal(error.errorType, 'SandboxError');
      assert.match(error.message, /The sandbox stopped working \(RangeError: Maximum call stack size exceeded\)\. The sandbox was restarted/);
      // A fresh sandbox: tools and host variables are back, the model's own variables are gone.
      assert.deepEqual((await crashing.execute('[typeof scratch, city, await echo({ text: "ok" })]')).output, ['undefined', 'Busan', 'ok']);
      assert.equal((await neighbour.execute('kept')).output, 'neighbour');
    } finally {
      await Promise.all([crashing.dispose(), neighbour.dispose()]);
      await pool.close();
    }
  });

  test('the levers of the known heap bugs stay removed, however model code looks for them', async () => {
    const executor = new LocalJsExecutor({ timeoutMs: 2000 });
    try {
      assert.match(String((await executor.execute(hardeningHolds)).output), /^held/);
    } finally {
      await executor.dispose();
    }
  });

  test('a sandbox full to its limit does not take memory from the next one', async () => {
    const hog = new LocalJsExecutor({ timeoutMs: 5000, memoryLimitBytes: 32 * 2 ** 20 });
    const next = new LocalJsExecutor({ timeoutMs: 5000, memoryLimitBytes: 32 * 2 ** 20 });
    try {
      const error = await hog.execute('const hoard = [];\nwhile (true) hoard.push("x".repeat(1 << 16) + hoard.length);').then(
        () => assert.fail('expected a MemoryError'),
        (caught: unknown) => caught as CodeExecutionError,
      );
      assert.equal(error.errorType, 'MemoryError');
      assert.equal((await hog.execute('hoard.length > 100')).output, true);
      assert.equal((await next.execute('const block = "y".repeat(20 * 2 ** 20);\nblock.length')).output, 20 * 2 ** 20);
    } finally {
      await Promise.all([hog.dispose(), next.dispose()]);
    }
  });
});

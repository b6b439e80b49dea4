import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { QuickJSContext } from 'quickjs-emscripten-core';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { compileQuickJs } from '../../../src/executors/quickjs/quickjs-build.js';
import { QuickJsSandbox, SandboxBroken } from '../../../src/executors/quickjs/quickjs-sandbox.js';
import { SandboxPool } from '../../../src/executors/quickjs/sandbox-pool.js';
import type { SandboxSettings } from '../../../src/executors/quickjs/sandbox-protocol.js';
import type { WasmModule } from '../../../src/executors/quickjs/webassembly.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * The worker touches a sandbox's QuickJS context outside of a request too: when a tool result
 * arrives, or a sleep ends, it settles a guest promise. With the sandbox's heap exhausted on
 * purpose, that settling fails inside the engine. The failure must cost that sandbox only: an
 * uncaught error there would end the worker thread, and with it every other sandbox on it.
 */
describe('a sandbox whose heap is exhausted while its promises settle costs only itself', () => {
  // Runs as a job while the action awaits (registered before): the heap is full to its last bytes
  // when the host's results come in. Tiny allocations, so that nothing is left over.
  const fillLater = `
globalThis.hoard = null;
sleep(1).then(() => {
  try { while (true) hoard = [hoard, "x".repeat(1 << 12)]; } catch (full) {}
  try { while (true) hoard = [hoard]; } catch (full) {}
  try { while (true) hoard = { h: hoard }; } catch (full) {}
});
`;
  const attacks: Array<[string, string]> = [
    ['tool results', `const calls = [];\nfor (let i = 0; i < 16; i++) calls.push(big({ n: i }));\nconst all = Promise.allSettled(calls);\n${fillLater}\nawait all;`],
    ['tool failures', `const calls = [];\nfor (let i = 0; i < 16; i++) calls.push(big({ n: -1 }));\nconst all = Promise.allSettled(calls);\n${fillLater}\nawait all;`],
    ['a tool result with many reactions', `const call = big({ n: 1 });\nfor (let i = 0; i < 30000; i++) call.then(() => {});\n${fillLater}\nawait sleep(100);`],
    ['a tool failure with many reactions', `const call = big({ n: -1 });\nfor (let i = 0; i < 30000; i++) call.catch(() => {});\n${fillLater}\nawait sleep(100);`],
    ['sleeps', `const naps = [];\nfor (let i = 0; i < 200; i++) naps.push(sleep(20));\nconst all = Promise.all(naps);\n${fillLater}\nawait all;`],
  ];
  for (const [name, code] of attacks) {
    test(`${name} settling into a full heap`, async () => {
      const pool = new SandboxPool({ threads: 1 });
      const big = tool({
        name: 'big',
        description: 'A large result, a little later.',
        inputSchema: z.object({ n: z.number() }),
        execute: async ({ n }) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          if (n < 0) throw new Error(`failed ${n}`);
          return `ok ${n}`;
        },
      });
      const attacker = new LocalJsExecutor({ timeoutMs: 20_000, memoryLimitBytes: 16 * 2 ** 20, pool });
      const bystander = new LocalJsExecutor({ timeoutMs: 20_000, pool });
      try {
        await attacker.sendTools([big]);
        await bystander.execute('const kept = "bystander";\nlet count = 0;');
        const outcome = await attacker.execute(code).then(
          () => 'finished',
          (error: unknown) => {
            assert.ok(error instanceof CodeExecutionError, `a host error escaped: ${String(error)}`);
            return error.errorType;
          },
        );
        assert.equal(typeof outcome, 'string');
        // The bystander, on the same thread, still has its variables and keeps working.
        const next = await bystander.execute('count++;\n[kept, count]');
        assert.deepEqual(next.output, ['bystander', 1]);
        assert.equal(next.logs, '');
        // The attacker works again too (in a fresh sandbox if its own was given up).
        assert.equal((await attacker.execute('hoard = null;\n6 * 7')).output, 42);
      } finally {
        await Promise.all([attacker.dispose(), bystander.dispose()]);
        await pool.close();
      }
    });
  }
});

/**
 * The same boundary with the engine's failure made certain: the context's own string constructor
 * throws as it does when the instance's memory is gone (a trap). Two sandboxes share this thread,
 * as they share a worker: the failing one must be marked broken and end its action as lost, the
 * other one must not notice.
 */
describe('an engine failure while a promise settles marks only that sandbox broken', () => {
  const settings: SandboxSettings = { memoryLimitBytes: 32 * 2 ** 20, maxStackSizeBytes: 256 * 1024, maxPrintChars: 10_000, maxValueChars: 100_000, maxToolCallsPerAction: 10, maxPendingArgumentChars: 1_000_000, allowedPackages: [], projectDirectory: process.cwd() };
  let wasmModule: WasmModule;
  before(async () => {
    wasmModule = await compileQuickJs();
  });

  async function openSandbox(calls: Array<{ requestId: number; callId: number }>): Promise<QuickJsSandbox> {
    const host = { callTool: (requestId: number, callId: number) => void calls.push({ requestId, callId }) };
    const { sandbox, reply } = await QuickJsSandbox.create(wasmModule, settings, new Int32Array(new SharedArrayBuffer(4)), host, { requestId: 1, deadline: Date.now() + 10_000, toolNames: ['echo'] });
    assert.deepEqual(reply, { kind: 'done' });
    return sandbox!;
  }

  const breakStrings = (sandbox: QuickJsSandbox) => {
    (sandbox as unknown as { context: QuickJSContext }).context.newString = () => {
      throw Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' });
    };
  };

  for (const [name, code, settle] of [
    ['a tool result', 'await echo("x")', (sandbox: QuickJsSandbox, call: { requestId: number; callId: number }) => sandbox.toolResult(call.requestId, call.callId, { ok: true, json: '"back"' })],
    ['a sleep', 'await sleep(30)', undefined],
  ] as const) {
    test(name, async () => {
      const calls: Array<{ requestId: number; callId: number }> = [];
      const attacker = await openSandbox(calls);
      const bystander = await openSandbox([]);
      assert.equal((await bystander.execute(2, Date.now() + 10_000, 'const kept = "bystander";')).kind, 'value');
      const running = attacker.execute(2, Date.now() + 10_000, code).then(
        (reply) => reply,
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      breakStrings(attacker);
      if (settle) {
        assert.equal(calls.length, 1);
        assert.doesNotThrow(() => settle(attacker, calls[0]!));
      }
      const outcome = await running;
      assert.ok(outcome instanceof SandboxBroken, `the action ended with ${JSON.stringify(outcome)}`);
      assert.match(outcome.message, /memory access out of bounds/);
      assert.match(String(attacker.broken), /memory access out of bounds/);
      // The bystander on the same thread keeps its variables and keeps working.
      const reply = await bystander.execute(3, Date.now() + 10_000, '[kept, 6 * 7]');
      assert.deepEqual(reply.kind === 'value' ? JSON.parse(reply.valueJson!) : reply, ['bystander', 42]);
    });
  }
});

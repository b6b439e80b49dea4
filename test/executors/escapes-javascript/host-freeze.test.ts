import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { SandboxPool } from '../../../src/executors/quickjs/sandbox-pool.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * Guest code that tries to keep the host's thread, or its sandbox's, for good: busy loops, native
 * builtins that never look at the interrupt flag, interrupts caught and restarted, code planted to
 * run later inside the host's own calls. The host must stay responsive, stop each in time, and the
 * executor must work afterwards. These tests assert outcomes and order of events, never durations
 * (the figures are in `npm run bench -- lag abort`).
 */
const failure = async (promise: Promise<unknown>): Promise<CodeExecutionError> => {
  const error = await promise.then(
    (result) => assert.fail(`expected a failure, got ${JSON.stringify(result)}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof CodeExecutionError, `expected a CodeExecutionError, got ${String(error)}`);
  return error;
};

describe('guest code cannot freeze the host', () => {
  // One thread of its own: terminating it here must not disturb the other test files' sandboxes.
  const pool = new SandboxPool({ threads: 1 });
  const executor = new LocalJsExecutor({ timeoutMs: 600, interruptGraceMs: 400, pool });
  after(async () => {
    await executor.dispose();
    await pool.close();
  });

  test('the host thread keeps running while the guest spins', async () => {
    const events: string[] = [];
    const spinning = executor.execute('while (true) {}').then(
      () => events.push('action ended'),
      () => events.push('action ended'),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push('host timer fired');
    await spinning;
    assert.deepEqual(events, ['host timer fired', 'action ended']);
  });

  test('an AbortSignal stops a busy loop long before its time limit', async () => {
    // A long grace: on a loaded machine the worker may wait for a core; it must not be killed for that.
    const patient = new LocalJsExecutor({ timeoutMs: 120_000, interruptGraceMs: 30_000, pool });
    try {
      await patient.execute('"started"');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await failure(patient.execute('let n = 0;\nwhile (true) { n++; }', { signal: controller.signal }));
      assert.equal(error.errorType, 'AbortError');
      // A bytecode loop obeys the flag: the sandbox (and its variables) survive the abort.
      assert.equal((await patient.execute('typeof n')).output, 'number');
    } finally {
      await patient.dispose();
    }
  });

  for (const [name, code] of [
    ['indexOf over a huge array-like', 'Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)'],
    ['copyWithin over a huge array-like', 'Array.prototype.copyWithin.call({ length: 2 ** 53 - 1 }, 0, 1)'],
    ['lastIndexOf over a huge array-like', 'Array.prototype.lastIndexOf.call({ length: 2 ** 53 - 1 }, 1)'],
  ]) {
    test(`a native builtin that never checks the interrupt is ended: ${name}`, async () => {
      await executor.execute('globalThis.before = 1');
      const error = await failure(executor.execute(code!));
      assert.equal(error.errorType, 'TimeoutError');
      assert.match(error.message, /restarted: variables and functions from earlier steps are lost/);
      assert.equal((await executor.execute('typeof before')).output, 'undefined');
      assert.equal((await executor.execute('6 * 7')).output, 42);
    });
  }

  test('a plain busy loop is interrupted without losing the variables', async () => {
    await executor.execute('const survivor = "here";');
    const error = await failure(executor.execute('while (true) {}'));
    assert.equal(error.errorType, 'TimeoutError');
    assert.doesNotMatch(error.message, /restarted/);
    assert.equal((await executor.execute('survivor')).output, 'here');
  });

  test('an interrupt cannot be caught and restarted', async () => {
    const error = await failure(executor.execute('async function spin() { while (true) {} }\nfunction again() { spin().catch(again); }\nagain();'));
    assert.equal(error.errorType, 'TimeoutError');
    const caught = await failure(executor.execute('let caught = 0;\nfor (;;) { try { while (true) {} } catch (interrupt) { caught++; } }'));
    assert.equal(caught.errorType, 'TimeoutError');
    assert.equal((await executor.execute('1 + 1')).output, 2);
  });

  test('an endless chain of promise jobs is stopped by the time limit', async () => {
    const error = await failure(executor.execute('function loop() { return Promise.resolve().then(loop); }\nloop();\nawait new Promise(() => {});'));
    assert.equal(error.errorType, 'TimeoutError');
    assert.equal((await executor.execute('"still here"')).output, 'still here');
  });

  test('an unawaited job chain left behind by an action does not run into the next one', async () => {
    const result = await executor.execute('function loop() { return Promise.resolve().then(loop); }\nloop();\n"returned"');
    assert.equal(result.output, 'returned');
    assert.equal((await executor.execute('"next action"')).output, 'next action');
  });

  test('code planted to run inside sendVariables and sendTools is under a deadline', async () => {
    await executor.execute('JSON.parse = () => { while (true) {} };\nObject.defineProperty = () => { while (true) {} };');
    await executor.execute('Reflect.defineProperty(Object.prototype, "planted", { set() { while (true) {} }, configurable: true });');
    await executor.sendVariables({ planted: 1, city: 'Seoul' });
    const echo = tool({ name: 'echo', description: 'Echo.', inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text });
    await executor.sendTools([echo]);
    assert.deepEqual((await executor.execute('[city, await echo({ text: "hi" })]')).output, ['Seoul', 'hi']);
  });

  test('a global that cannot be redefined makes sendVariables fail clearly instead of hanging', async () => {
    await executor.execute('Reflect.defineProperty(globalThis, "locked", { get() { while (true) {} }, configurable: false });');
    await assert.rejects(executor.sendVariables({ locked: 1 }), /run's variables could not be defined in the sandbox \(TypeError/);
    assert.equal((await executor.execute('2 + 2')).output, 4);
  });
});

describe('a stuck sandbox costs only its own thread', () => {
  test('sandboxes sharing the stopped thread start again, and their next step says their variables were lost', async () => {
    const pool = new SandboxPool({ threads: 1 });
    const stuck = new LocalJsExecutor({ timeoutMs: 300, pool });
    const bystander = new LocalJsExecutor({ timeoutMs: 2000, pool });
    try {
      await bystander.execute('const kept = "mine";');
      await stuck.execute('1');
      assert.equal((await failure(stuck.execute('Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)'))).errorType, 'TimeoutError');
      const result = await bystander.execute('typeof kept');
      assert.equal(result.output, 'undefined');
      assert.match(result.logs, /The sandbox was restarted before this step \(its thread was stopped because code in another sandbox on it ignored its time limit\)/);
      assert.equal((await bystander.execute('typeof kept')).logs, '');
    } finally {
      await Promise.all([stuck.dispose(), bystander.dispose()]);
      await pool.close();
    }
  });
});

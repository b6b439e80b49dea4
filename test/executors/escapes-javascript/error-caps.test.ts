import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { MAX_ERROR_MESSAGE_CHARS } from '../../../src/executors/quickjs/sandbox-protocol.js';
import { SandboxPool } from '../../../src/executors/quickjs/sandbox-pool.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * Errors are the one value that crosses the bridge without a size check of its own: guest code
 * chooses an error's name, message and stack. Oversized or malformed ones must reach the model cut
 * to size, and must never make the worker send something the host refuses (the host then ends the
 * worker thread, and every other sandbox on it loses its variables).
 */
const failure = async (promise: Promise<unknown>): Promise<CodeExecutionError> => {
  const error = await promise.then(
    (result) => assert.fail(`expected a failure, got ${JSON.stringify(result).slice(0, 200)}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof CodeExecutionError, `expected a CodeExecutionError, got ${String(error).slice(0, 300)}`);
  return error;
};

/** Room for the note that says a message was cut, and for the tool-error wording around it. */
const NOTE_ROOM = 400;

describe('error messages crossing the bridge are capped', () => {
  // One thread: a bystander on it sees any worker the attacks bring down.
  const pool = new SandboxPool({ threads: 1 });
  const executor = new LocalJsExecutor({ timeoutMs: 10_000, pool });
  const bystander = new LocalJsExecutor({ timeoutMs: 10_000, pool });
  const loud = tool({ name: 'loud', description: 'Fails loudly.', inputSchema: z.object({}), execute: () => { throw new Error('t'.repeat(1_000_000)); } });
  after(async () => {
    await Promise.all([executor.dispose(), bystander.dispose()]);
    await pool.close();
  });

  test('setup: both sandboxes hold a variable', async () => {
    await executor.sendTools([loud]);
    await executor.execute('const mine = "attacker";');
    await bystander.execute('const kept = "bystander";');
  });

  const attacks: Array<[string, string, RegExp]> = [
    ['an Error with a 1 MB message', 'throw new Error("m".repeat(1_000_000));', /^m{100}/],
    ['a thrown 1 MB string', 'throw "s".repeat(1_000_000);', /^Uncaught s{100}/],
    ['a message getter returning 1 MB', 'const e = new Error("x");\nObject.defineProperty(e, "message", { get: () => "g".repeat(1_000_000) });\nthrow e;', /^g{100}/],
    ['a 1 MB message from a tool that failed', 'await loud({});', /t{100}/],
    ['a rejected promise with a 1 MB message', 'await Promise.reject(new RangeError("r".repeat(1_000_000)));', /^r{100}/],
    // The syntax error names the token it stopped at: here a 100,000-character identifier.
    ['a syntax error at a huge token', `1 ${'b'.repeat(100_000)}`, /^Unexpected token 'b{100}/],
  ];
  for (const [name, code, start] of attacks) {
    test(`${name} reaches the model cut, with a note`, async () => {
      const error = await failure(executor.execute(code));
      assert.ok(error.message.length <= MAX_ERROR_MESSAGE_CHARS + NOTE_ROOM, `${error.message.length} characters reached the host`);
      assert.match(error.message, start);
      assert.match(error.message, /error message was cut/);
      assert.equal((await executor.execute('mine')).output, 'attacker');
    });
  }

  const malformed: Array<[string, string]> = [
    ['an error name of 1,000 characters', 'throw Object.assign(new Error("named"), { name: "N".repeat(1_000) });'],
    ['an error name that is not text', 'throw Object.assign(new Error("named"), { name: { toString() { return "Obj"; } } });'],
    ['a stack pointing at a line past every integer', 'const e = new Error("far");\ne.stack = "at action.js:99999999999999999999999";\nthrow e;'],
    ['a stack pointing at line 0', 'const e = new Error("zero");\ne.stack = "at action.js:0";\nthrow e;'],
  ];
  for (const [name, code] of malformed) {
    test(`${name} is reported as an error of this sandbox, which keeps its variables`, async () => {
      const error = await failure(executor.execute(code));
      assert.notEqual(error.errorType, 'SandboxError', error.message);
      assert.ok(error.errorType.length <= 100, `an error type of ${error.errorType.length} characters`);
      assert.ok(error.line === undefined || (Number.isSafeInteger(error.line) && error.line >= 1), `line ${String(error.line)}`);
      assert.equal((await executor.execute('mine')).output, 'attacker');
      assert.equal((await bystander.execute('kept')).output, 'bystander');
    });
  }
});

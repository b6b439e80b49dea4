import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../src/errors.js';
import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { permissionFlag, PyodideProcess } from '../../src/executors/pyodide/pyodide-process.js';
import { tool } from '../../src/tools/tool.js';

const search = tool({
  name: 'search',
  description: 'Searches.',
  inputSchema: z.object({ query: z.string(), limit: z.number().default(2) }),
  execute: ({ query, limit }) => `${query}:${limit}`,
});
const slow = tool({
  name: 'slow',
  description: 'Waits until aborted.',
  inputSchema: z.object({}),
  execute: (_args, { signal }) =>
    new Promise((resolve) => signal?.addEventListener('abort', () => resolve('stopped'), { once: true })),
});

async function failure(promise: Promise<unknown>): Promise<CodeExecutionError> {
  const error = await promise.then(
    (value) => assert.fail(`expected a failure, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof CodeExecutionError, String(error));
  return error;
}

test('the permission flag follows the Node version', () => {
  assert.equal(permissionFlag('20.20.2'), '--experimental-permission');
  assert.equal(permissionFlag('22.12.0'), '--experimental-permission');
  assert.equal(permissionFlag('22.13.0'), '--permission');
  assert.equal(permissionFlag('24.1.0'), '--permission');
});

describe('PyodideExecutor', () => {
  let executor: PyodideExecutor;
  before(async () => {
    executor = new PyodideExecutor({ timeoutMs: 4000, additionalAuthorizedImports: ['hashlib'] });
    await executor.sendTools([search, slow]);
  });
  after(async () => {
    await executor.dispose();
  });

  test('tools take positional, keyword and single-dict arguments, in the signature order', async () => {
    const result = await executor.execute('[search("a"), search("b", 5), search(query="c", limit=1), search({"query": "d"})]');
    assert.deepEqual(result.output, ['a:2', 'b:5', 'c:1', 'd:2']);
    const error = await failure(executor.execute('search("a", 1, 2)'));
    assert.equal(error.errorType, 'TypeError');
    assert.match(error.message, /at most 2 positional arguments \(query, limit\)/);
  });

  test('sets and tuples come back as lists, dict keys as JSON spells them; None is no output', async () => {
    assert.deepEqual((await executor.execute('final_answer({"s": {3}, "t": (1, 2), 1: True, None: 0.5})')).output, { s: [3], t: [1, 2], '1': true, null: 0.5 });
    assert.equal((await executor.execute('None')).output, undefined);
    assert.equal((await executor.execute('x = 1')).output, undefined);
  });

  test('additional imports are allowed and listed; others are refused by name', async () => {
    assert.ok(executor.authorizedImports.includes('hashlib'));
    assert.ok(executor.authorizedImports.includes('math'));
    const result = await executor.execute('import hashlib\nhashlib.sha256(b"a").hexdigest()[:8]');
    assert.equal(result.output, 'ca978112');
    const error = await failure(executor.execute('import socket'));
    assert.equal(error.errorType, 'ImportError');
    assert.match(error.message, /'socket' is not allowed.*hashlib/);
  });

  test('sendTools replaces the tools', async () => {
    await executor.sendTools([search]);
    const error = await failure(executor.execute('slow()'));
    assert.equal(error.errorType, 'NameError');
    await executor.sendTools([search, slow]);
  });

  test('aborting stops the action (and the tool it waits on); the interpreter restarts without the old state', async () => {
    await executor.execute('remembered = 1');
    const controller = new AbortController();
    const pending = executor.execute('print("started")\nslow()', { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const error = await failure(pending);
    assert.equal(error.errorType, 'AbortError');
    assert.match(error.message, /restarted: variables, functions and imports from earlier steps are lost/);
    const lost = await failure(executor.execute('remembered'));
    assert.equal(lost.errorType, 'NameError');
    // Tools survive the restart: the executor sends them again.
    assert.equal((await executor.execute('search("z")')).output, 'z:2');
  });

  test('an already aborted signal does not run the code', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(executor.execute('final_answer(1)', { signal: controller.signal }));
    assert.equal(error.errorType, 'AbortError');
  });

  test('later interpreters start from the memory snapshot of the first, with their own random state', async () => {
    // The executor above has loaded, so the snapshot exists.
    const child = new PyodideProcess({ memoryLimitMb: 512 });
    try {
      assert.equal(child.startedFromSnapshot, true);
      await child.waitUntilLoaded();
    } finally {
      child.kill();
    }
    const other = new PyodideExecutor();
    try {
      const draw = 'import random\n[random.random() for _ in range(3)]';
      assert.notDeepEqual((await other.execute(draw)).output, (await executor.execute(draw)).output);
    } finally {
      await other.dispose();
    }
  });

  test('a tool failure names the tool and the line of the call; a syntax error gives line and column', async () => {
    const failed = await failure(executor.execute('x = 1\ny = search(query=2)'));
    assert.equal(failed.errorType, 'ToolError');
    assert.equal(failed.line, 2);
    assert.match(failed.message, /^Tool 'search' failed: .*query/);
    const syntax = await failure(executor.execute('ok = 1\nprint("a" +)'));
    assert.equal(syntax.errorType, 'SyntaxError');
    assert.equal(syntax.line, 2);
    assert.match(syntax.message, /\(line 2, column \d+\)\nprint\("a" \+\)\n +\^$/);
  });

  test('bad limits are refused with a clear error', () => {
    assert.throws(() => new PyodideExecutor({ memoryLimitMb: 128 }), /memoryLimitMb must be at least 320.*got 128/);
    assert.throws(() => new PyodideExecutor({ timeoutMs: 0 }), /timeoutMs must be a positive number/);
    assert.throws(() => new PyodideExecutor({ maxPrintChars: 1.5 }), /maxPrintChars must be a whole number/);
  });

  test('a disposed executor refuses to run', async () => {
    const disposable = new PyodideExecutor();
    await disposable.dispose();
    await assert.rejects(disposable.execute('1'), /disposed/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../src/errors.js';
import { E2BExecutor, type E2BSandbox } from '../../src/executors/e2b/e2b-executor.js';
import { tool } from '../../src/tools/tool.js';
import { FakeE2BServer } from '../fixtures/e2b/fake-e2b-server.js';

let calls = 0;
const add = tool({
  name: 'add',
  description: 'Adds.',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => {
    calls++;
    return a + b;
  },
});

async function failure(promise: Promise<unknown>): Promise<CodeExecutionError> {
  const error = await promise.then(
    (value) => assert.fail(`expected a failure, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof CodeExecutionError, String(error));
  return error;
}

describe('E2BExecutor through the real SDK and a local stand-in for E2B', () => {
  let fake: FakeE2BServer;
  before(async () => {
    fake = await FakeE2BServer.start();
  });
  after(async () => {
    await fake.close();
  });
  const create = (options: ConstructorParameters<typeof E2BExecutor>[0] = {}) =>
    new E2BExecutor({ timeoutMs: 1500, sandboxOptions: { apiKey: 'e2b_test', apiUrl: fake.url, sandboxUrl: fake.url }, ...options });

  test('apiKey (the guide\'s E2BCodeExecutor(api_key=…)) is the key the sandbox is created with', async () => {
    const executor = new E2BExecutor({ apiKey: 'e2b_from_option', timeoutMs: 1500, sandboxOptions: { apiUrl: fake.url, sandboxUrl: fake.url } });
    try {
      assert.equal((await executor.execute('final_answer(2**64)')).output, 2n ** 64n);
      assert.equal(fake.apiKeys.at(-1), 'e2b_from_option');
    } finally {
      await executor.dispose();
    }
  });

  test('each tool call is one round trip of cells and the code is never run twice', async () => {
    const executor = create();
    try {
      await executor.sendTools([add]);
      fake.cells.length = 0;
      calls = 0;
      const result = await executor.execute('print("once")\ntotal = add(1, 2)\ntotal = add(a=total, b=10)\nfinal_answer(total)');
      assert.deepEqual(result, { output: 13, logs: 'once\n', isFinalAnswer: true, outputText: '13' });
      assert.equal(calls, 2);
      assert.equal(fake.cells.length, 3);
      assert.match(fake.cells[0]!, /^__smolagents\.start\(/);
      assert.match(fake.cells[1]!, /^__smolagents\.resume\("\{\\"ok\\":true,\\"value\\":3\}"/);
      assert.match(fake.cells[2]!, /^__smolagents\.resume\(/);
    } finally {
      await executor.dispose();
    }
  });

  test('tool calls past maxToolCallsPerAction raise in the code without running the tool', async () => {
    const executor = create({ maxToolCallsPerAction: 2, maxPrintChars: 100 });
    try {
      await executor.sendTools([add]);
      calls = 0;
      const code = [
        'errors = []',
        'for i in range(4):',
        '    try:',
        '        add(1, i)',
        '    except Exception as error:',
        '        errors.append(str(error))',
        'final_answer(errors)',
      ].join('\n');
      const result = await executor.execute(code);
      assert.equal(calls, 2);
      assert.equal((result.output as string[]).length, 2);
      assert.match((result.output as string[])[0]!, /more than 2 times/);
      assert.equal(calls, 2);
    } finally {
      await executor.dispose();
    }
  });

  test('a time-out interrupts the action in its thread and keeps the state', async () => {
    const executor = create();
    try {
      await executor.execute('kept = 5');
      const error = await failure(executor.execute('while True:\n    pass'));
      assert.equal(error.errorType, 'TimeoutError');
      assert.doesNotMatch(error.message, /restarted/);
      assert.equal((await executor.execute('kept')).output, 5);
    } finally {
      await executor.dispose();
    }
  });

  test('an action that swallows the interrupt costs the sandbox: a new one starts, without the old state', async () => {
    const executor = create();
    try {
      await executor.execute('kept = 5');
      const sandboxes = fake.requests.filter((line) => line === 'POST /v2/sandboxes').length;
      const error = await failure(executor.execute('while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass'));
      assert.equal(error.errorType, 'TimeoutError');
      assert.match(error.message, /restarted/);
      assert.ok(fake.requests.some((line) => line.startsWith('DELETE /sandboxes/')));
      const lost = await failure(executor.execute('kept'));
      assert.equal(lost.errorType, 'NameError');
      assert.equal(fake.requests.filter((line) => line === 'POST /v2/sandboxes').length, sandboxes + 1);
    } finally {
      await executor.dispose();
    }
  });

  test('aborting stops the action between cells', async () => {
    const executor = create({ timeoutMs: 20_000 });
    try {
      await executor.execute('1');
      const controller = new AbortController();
      const pending = executor.execute('while True:\n    pass', { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await failure(pending);
      assert.equal(error.errorType, 'AbortError');
      assert.equal((await executor.execute('2 + 2')).output, 4);
    } finally {
      await executor.dispose();
    }
  });

  test('a sandbox given by the caller is used as is and not killed on dispose', async () => {
    const { Sandbox } = await import('@e2b/code-interpreter');
    const sandbox = (await Sandbox.create({ apiKey: 'e2b_test', apiUrl: fake.url, sandboxUrl: fake.url })) as unknown as E2BSandbox;
    const executor = new E2BExecutor({ sandbox });
    assert.equal((await executor.execute('import math\nmath.factorial(5)')).output, 120);
    const deletes = fake.requests.filter((line) => line.startsWith('DELETE')).length;
    await executor.dispose();
    assert.equal(fake.requests.filter((line) => line.startsWith('DELETE')).length, deletes);
    await sandbox.kill();
  });
});

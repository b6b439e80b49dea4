import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { SandboxPool } from '../../../src/executors/quickjs/sandbox-pool.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * Guest code that tries to exhaust the host through the bridge: oversized answers and values,
 * floods of tool calls, calls that outlive their action. Small limits keep the tests fast; the
 * caps are the same code paths at their default sizes.
 */
const failure = async (promise: Promise<unknown>): Promise<CodeExecutionError> => {
  const error = await promise.then(
    (result) => assert.fail(`expected a failure, got ${JSON.stringify(result).slice(0, 200)}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof CodeExecutionError, `expected a CodeExecutionError, got ${String(error)}`);
  return error;
};

/** A tool that records how many of its calls run at once and which ones were told to stop. */
function instrumentedTool() {
  const stats = { started: 0, running: 0, maxRunning: 0, aborted: 0, finishedAfterAbort: 0 };
  const slow = tool({
    name: 'slow',
    description: 'Waits a little, then answers.',
    inputSchema: z.object({ n: z.number() }),
    execute: ({ n }, { signal }) =>
      new Promise((resolve, reject) => {
        stats.started++;
        stats.running++;
        stats.maxRunning = Math.max(stats.maxRunning, stats.running);
        const timer = setTimeout(() => {
          stats.running--;
          if (signal?.aborted) stats.finishedAfterAbort++;
          resolve(n);
        }, 20);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          stats.running--;
          stats.aborted++;
          reject(new Error('aborted'));
        });
      }),
  });
  return { slow, stats };
}

describe('limits on what crosses the sandbox edge', () => {
  const executor = new LocalJsExecutor({ timeoutMs: 20_000, maxValueChars: 10_000, maxToolCallsPerAction: 50, maxConcurrentToolCalls: 4 });
  const big = tool({ name: 'big', description: 'A large result.', inputSchema: z.object({}), execute: () => 'y'.repeat(20_000) });
  const echo = tool({ name: 'echo', description: 'Echo.', inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text });
  const { slow, stats } = instrumentedTool();
  after(() => executor.dispose());

  test('a final answer over the cap never reaches the host', async () => {
    const error = await failure(executor.execute('final_answer("x".repeat(50_000));'));
    assert.equal(error.errorType, 'RangeError');
    assert.match(error.message, /final answer is longer than 10000 characters/);
    assert.equal((await executor.execute('final_answer("x".repeat(9_000));')).output, 'x'.repeat(9_000));
  });

  test('tool arguments and results over the cap are refused with a message naming the tool', async () => {
    await executor.sendTools([big, echo, slow]);
    const tooBig = await failure(executor.execute('await echo({ text: "z".repeat(20_000) });'));
    assert.match(tooBig.message, /arguments for tool 'echo' are longer than 10000 characters/);
    const result = await failure(executor.execute('await big({});'));
    assert.match(result.message, /result of tool 'big' is longer than 10000 characters/);
  });

  test('a huge last value is cut, not copied whole', async () => {
    const result = await executor.execute('"v".repeat(100_000)');
    assert.ok(typeof result.output === 'string' && result.output.length <= 10_000, `got ${String(result.output).length} characters`);
  });

  test('a flood of tool calls is capped per action, and at most N run at once', async () => {
    stats.started = 0;
    const error = await failure(executor.execute('await Promise.all(Array.from({ length: 2_000 }, (_, n) => slow({ n })));'));
    assert.match(error.message, /called tools more than 50 times/);
    assert.ok(stats.started <= 50, `${stats.started} calls started`);
    assert.ok(stats.maxRunning <= 4, `${stats.maxRunning} calls ran at once`);
  });

  test('calls still queued or running when the action ends are cancelled, and their results dropped', async () => {
    stats.started = 0;
    stats.aborted = 0;
    stats.finishedAfterAbort = 0;
    const result = await executor.execute('for (let n = 0; n < 40; n++) slow({ n }).catch(() => {});\nawait sleep(30);\nfinal_answer("left them running");');
    assert.equal(result.output, 'left them running');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(stats.started < 40, `all ${stats.started} calls started: the queue was not cancelled`);
    assert.ok(stats.aborted > 0, 'running calls were not aborted');
    assert.equal(stats.finishedAfterAbort, 0);
    // The next action starts clean: no result of the old calls shows up in it.
    assert.equal((await executor.execute('1 + 1')).output, 2);
  });

  test('after final_answer, tool calls are refused', async () => {
    const result = await executor.execute('let refused = "";\ntry { final_answer("done"); } catch (stop) {}\ntry { await echo({ text: "late" }); } catch (error) { refused = error.message; }\nconsole.log(refused);');
    assert.equal(result.isFinalAnswer, true);
    assert.equal(result.output, 'done');
    assert.equal((await executor.execute('refused')).output, "final_answer() was already called, so the action is over: no more tool calls. (line 3)");
  });

  test('sleeps are bounded by the action and vanish with it', async () => {
    const result = await executor.execute('for (let i = 0; i < 2_000; i++) sleep(60_000).then(() => print("late"));\n"scheduled"');
    assert.equal(result.output, 'scheduled');
    assert.equal((await executor.execute('1')).logs, '');
  });

  test('variables over the cap are refused on the host side', async () => {
    await assert.rejects(executor.sendVariables({ blob: 'b'.repeat(20_000) }), /over maxValueChars/);
  });
});

describe('LocalJsExecutor options', () => {
  test('bad limits are refused with a message naming the option', () => {
    assert.throws(() => new LocalJsExecutor({ timeoutMs: 0 }), /timeoutMs must be a whole number from 1/);
    assert.throws(() => new LocalJsExecutor({ maxConcurrentToolCalls: 1.5 }), /maxConcurrentToolCalls/);
    assert.throws(() => new LocalJsExecutor({ maxStackSizeBytes: 64 * 2 ** 20 }), /maxStackSizeBytes must be a whole number from 1 to 4194304/);
    assert.throws(() => new LocalJsExecutor({ interruptGraceMs: -1 }), /interruptGraceMs/);
    assert.throws(() => new SandboxPool({ threads: 0 }), /threads must be an integer from 1 to 256, got 0/);
  });
});

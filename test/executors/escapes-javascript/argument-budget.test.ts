import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { ToolCallQueue } from '../../../src/executors/quickjs/tool-call-queue.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * Each tool call's arguments are capped, but the calls waiting behind the concurrency cap are held
 * on the host, so many calls with large arguments add up: 1,000 calls of 2 MB each would ask the
 * host for 2 GB. What one action has waiting or running at once is bounded in total; past it the
 * call is refused with a message the model can act on, and its earlier calls go on.
 */
describe('the tool arguments an action has in flight are bounded in total', () => {
  const maxValueChars = 100_000;
  const budget = 400_000;
  const stats = { started: 0, running: 0, maxRunning: 0, maxHeldChars: 0, heldChars: 0 };
  const store = tool({
    name: 'store',
    description: 'Stores a blob, slowly.',
    inputSchema: z.object({ blob: z.string() }),
    execute: async ({ blob }) => {
      stats.started++;
      stats.running++;
      stats.heldChars += blob.length;
      stats.maxRunning = Math.max(stats.maxRunning, stats.running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      stats.running--;
      stats.heldChars -= blob.length;
      return blob.length;
    },
  });
  const executor = new LocalJsExecutor({ timeoutMs: 20_000, maxValueChars, maxPendingArgumentChars: budget, maxConcurrentToolCalls: 2, maxToolCallsPerAction: 1_000 });
  after(() => executor.dispose());

  test('a flood of large calls started at once: the ones past the budget are refused, the others answered', async () => {
    await executor.sendTools([store]);
    stats.started = 0;
    const result = await executor.execute(`
const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => store({ blob: "b".repeat(90_000) + n })));
const refused = outcomes.filter((outcome) => outcome.status === "rejected");
({ answered: outcomes.length - refused.length, refused: refused.length, message: refused[0] && refused[0].reason.message })`);
    const output = result.output as { answered: number; refused: number; message: string };
    // 400,000 characters hold four calls of 90,000: the first four are taken, the rest refused at once.
    assert.equal(output.answered, 4);
    assert.equal(output.refused, 196);
    assert.match(output.message, /^Tool 'store' was not called: the tool calls of this action still waiting or running already carry 400000 characters of arguments or more\. Await some of them/);
    assert.equal(stats.started, 4);
    assert.ok(stats.maxRunning <= 2);
  });

  test('the budget is freed as calls are answered: awaiting in groups gets every call through', async () => {
    stats.started = 0;
    const result = await executor.execute(`
let total = 0;
for (let group = 0; group < 5; group++) {
  const sizes = await Promise.all(Array.from({ length: 4 }, (_, n) => store({ blob: "g".repeat(90_000) + n })));
  total += sizes.length;
}
total`);
    assert.equal(result.output, 20);
    assert.equal(stats.started, 20);
  });

  test('the option is checked against maxValueChars', () => {
    assert.throws(() => new LocalJsExecutor({ maxValueChars: 100_000, maxPendingArgumentChars: 50_000 }), /maxPendingArgumentChars \(50000\) must be at least maxValueChars \(100000\)/);
  });
});

describe('the host queue holds to the budget by itself', () => {
  test('calls past the budget are refused without being queued; answered ones free their share', async () => {
    const refused: number[] = [];
    const finishers: Array<() => void> = [];
    const queue = new ToolCallQueue<number>(
      1,
      250,
      (call) => new Promise<void>((resolve) => finishers.push(() => resolve())),
      (call) => refused.push(call),
    );
    for (let call = 1; call <= 5; call++) queue.add(call, 100);
    assert.deepEqual(refused, [3, 4, 5]);
    assert.equal(queue.held, 200);
    finishers.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(queue.held, 100);
    queue.add(6, 100);
    assert.deepEqual(refused, [3, 4, 5]);
    queue.close();
    assert.equal(queue.held, 0);
  });
});

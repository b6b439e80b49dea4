import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import type { EvalTask, ToolCaller } from '../../bench/model-eval/task.js';
import { toolCaller } from '../../bench/model-eval/task.js';
import { EVAL_TASKS } from '../../bench/model-eval/tasks/index.js';

/** Runs a task's reference solution, keeping every tool call with its result or error. */
async function solveRecorded(task: EvalTask, outputSchemas = true) {
  const tools = task.tools({ outputSchemas });
  const call = toolCaller(tools);
  const calls: { name: string; result?: unknown; error?: string }[] = [];
  const recording: ToolCaller = async (name, args) => {
    try {
      const result = await call(name, args);
      calls.push({ name, result });
      return result;
    } catch (error) {
      calls.push({ name, error: (error as Error).message });
      throw error;
    }
  };
  return { tools, calls, answer: await task.solve(recording) };
}

/** The same answer with every number 10% higher: a checker strict on the facts rejects it. */
function perturbed(answer: unknown): unknown {
  if (typeof answer === 'number') return Math.round(answer * 1.1 * 100) / 100 + 1;
  if (typeof answer === 'string') return answer.replace(/\d+(\.\d+)?/g, (digits) => String(Math.round(Number(digits) * 1.1) + 1));
  if (Array.isArray(answer)) return answer.map(perturbed);
  if (answer && typeof answer === 'object') return Object.fromEntries(Object.entries(answer).map(([key, value]) => [key, perturbed(value)]));
  return answer;
}

/** The same answer written differently: a sentence, thousands separators, JSON in a code fence. */
function reformatted(answer: unknown): string {
  if (typeof answer === 'number') return `The answer is ${answer.toLocaleString('en-US')}.`;
  if (typeof answer === 'string') return `Here is what I found: ${answer}.`;
  return `Here it is:\n\`\`\`json\n${JSON.stringify(answer, null, 2)}\n\`\`\``;
}

describe('the evaluation task set', () => {
  test('has at least 10 tasks with unique kebab-case ids, and every category', () => {
    assert.ok(EVAL_TASKS.length >= 10);
    const ids = EVAL_TASKS.map((task) => task.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const count = (category: string) => EVAL_TASKS.filter((task) => task.categories.includes(category as never)).length;
    assert.ok(count('loop') >= 3, 'loop/aggregation tasks');
    assert.ok(count('failing-tool') >= 3, 'tasks with a failing tool');
    assert.ok(count('lookup') >= 1 && count('structured') >= 1);
  });

  for (const task of EVAL_TASKS) {
    describe(task.id, () => {
      test('the reference solution, through the tools, passes the checker; another run gives the same answer', async () => {
        const first = await solveRecorded(task);
        assert.deepEqual(task.check(first.answer), { ok: true, reason: task.check(first.answer).reason });
        const second = await solveRecorded(task, false);
        assert.deepEqual(second.answer, first.answer);
      });

      test('every tool result matches its output schema; without output schemas the tools have none', async () => {
        const { tools, calls } = await solveRecorded(task);
        for (const each of tools) assert.ok(each.outputSchema, `${each.name} has an output schema`);
        for (const each of task.tools({ outputSchemas: false })) assert.equal(each.outputSchema, undefined);
        const schemas = new Map(tools.map((each) => [each.name, z.fromJSONSchema(each.outputSchema as never)]));
        for (const call of calls.filter((each) => each.error === undefined)) {
          const parsed = schemas.get(call.name)!.safeParse(call.result);
          assert.ok(parsed.success, `${call.name}: ${parsed.success ? '' : parsed.error.message}`);
        }
      });

      if (task.categories.includes('failing-tool')) {
        test('a tool fails on the way (the reference solution routes around it)', async () => {
          const { calls } = await solveRecorded(task);
          assert.ok(calls.some((call) => call.error !== undefined), 'some tool call failed');
        });
      }

      test('the checker takes the answer written differently and rejects wrong facts and non-answers', async () => {
        const { answer } = await solveRecorded(task);
        assert.equal(task.check(reformatted(answer)).ok, true, task.check(reformatted(answer)).reason);
        const wrong = perturbed(answer);
        assert.equal(task.check(wrong).ok, false, `accepted ${JSON.stringify(wrong)}`);
        for (const nonAnswer of [undefined, null, '', 'I could not find out.', { answer: 'unknown' }]) {
          assert.equal(task.check(nonAnswer).ok, false, `accepted ${JSON.stringify(nonAnswer)}`);
        }
      });
    });
  }
});

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../src/errors.js';
import type { CodeExecutor } from '../../src/executors/executor.js';
import { tool } from '../../src/tools/tool.js';

export interface ConformanceOptions {
  timeoutMs?: number;
  maxPrintChars?: number;
}

/** The same behaviours, written in each executor's language. See each field for what it must do. */
export interface ConformanceDialect {
  language: 'javascript' | 'python';
  /** Sets a global `kept` to 41. */
  setVariable: string;
  /** Declares `kept` again the way the language allows (JS: `const kept = 41`). */
  redeclareVariable: string;
  /** `final_answer(kept + 1)`. */
  readVariable: string;
  /** Prints exactly "hello 1 2". */
  printLine: string;
  /** Prints 200,000 characters in total. */
  printHuge: string;
  /** A snippet whose last expression's value is 7. */
  lastExpression: string;
  /** `final_answer({"a": [1, 2], "b": "c"})`. */
  finalAnswerObject: string;
  /** `final_answer(1)` then prints "after". */
  finalAnswerStops: string;
  /** Calls `add` with a=2, b=3 and gives the result as the final answer. */
  callTool: string;
  /** Calls `add` (1, 2) and (3, 4) and gives the sum of the results as the final answer. */
  callToolTwice: string;
  /** Calls `explode`, which throws Error("kaboom"). */
  toolThrows: string;
  /** Calls `add` with a="two" and no b. */
  toolBadArguments: string;
  /** Calls `profile` and gives `name + number of tags` ("Ada1") as the final answer. */
  toolReturnsObject: string;
  syntaxError: string;
  runtimeError: { code: string; errorType: string; line: number };
  infiniteLoop: string;
  memoryBomb: string;
  deepRecursion: string;
  /**
   * Attempts to reach the host. A snippet that got out must write the file named by the variable
   * `canary_path` and/or give "ESCAPED" as the final answer; failing with an error is fine.
   */
  escapes: { name: string; code: string }[];
}

const TIMEOUT_MS = 1500;

const add = tool({
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  outputType: 'number',
  execute: ({ a, b }) => a + b,
});
const explode = tool({
  name: 'explode',
  description: 'Always fails.',
  inputSchema: z.object({}),
  outputType: 'null',
  execute: () => {
    throw new Error('kaboom');
  },
});
const profile = tool({
  name: 'profile',
  description: 'A user profile.',
  inputSchema: z.object({}),
  outputType: 'object',
  execute: () => ({ name: 'Ada', tags: ['x'] }),
});

/**
 * One suite for every CodeExecutor (DESIGN §3): state, printing, final answers, tool calls, errors,
 * limits and escape attempts. The host process must survive every case, and the executor must
 * still work after each failure.
 */
export function describeExecutorConformance(
  label: string,
  createExecutor: (options: ConformanceOptions) => Promise<CodeExecutor> | CodeExecutor,
  dialect: ConformanceDialect,
): void {
  describe(`${label} conformance`, () => {
    let executor: CodeExecutor;
    before(async () => {
      executor = await createExecutor({ timeoutMs: TIMEOUT_MS, maxPrintChars: 50_000 });
      await executor.sendTools([add, explode, profile]);
    });
    after(async () => {
      await executor.dispose();
    });

    const expectFailure = async (code: string): Promise<CodeExecutionError> => {
      const error = await executor.execute(code).then(
        (result) => assert.fail(`expected the code to fail, it returned ${JSON.stringify(result)}`),
        (error: unknown) => error,
      );
      assert.ok(error instanceof CodeExecutionError, `expected a CodeExecutionError, got ${String(error)}`);
      return error;
    };
    const stillWorks = async (): Promise<void> => {
      const result = await executor.execute(dialect.finalAnswerObject);
      assert.deepEqual(result.output, { a: [1, 2], b: 'c' });
    };

    test('reports its language', () => {
      assert.equal(executor.language, dialect.language);
    });

    test('variables persist between actions and may be declared again', async () => {
      await executor.execute(dialect.setVariable);
      await executor.execute(dialect.redeclareVariable);
      const result = await executor.execute(dialect.readVariable);
      assert.equal(result.output, 42);
      assert.equal(result.isFinalAnswer, true);
    });

    test('variables sent by the host are visible', async () => {
      await executor.sendVariables({ kept: 99 });
      assert.equal((await executor.execute(dialect.readVariable)).output, 100);
    });

    test('prints are captured, one line each', async () => {
      const result = await executor.execute(dialect.printLine);
      assert.equal(result.logs, 'hello 1 2\n');
      assert.equal(result.isFinalAnswer, false);
    });

    test('printing is capped and says it was cut', async () => {
      const result = await executor.execute(dialect.printHuge);
      assert.ok(result.logs.length < 51_000, `logs were ${result.logs.length} characters`);
      assert.ok(result.logs.length >= 50_000);
      assert.match(result.logs, /truncated/);
    });

    test('the last expression is the output', async () => {
      const result = await executor.execute(dialect.lastExpression);
      assert.equal(result.output, 7);
      assert.equal(result.isFinalAnswer, false);
    });

    test('final_answer takes any JSON value and ends the action', async () => {
      const result = await executor.execute(dialect.finalAnswerObject);
      assert.deepEqual(result.output, { a: [1, 2], b: 'c' });
      assert.equal(result.isFinalAnswer, true);
      const stopped = await executor.execute(dialect.finalAnswerStops);
      assert.equal(stopped.output, 1);
      assert.doesNotMatch(stopped.logs, /after/);
    });

    test('tools are callable with arguments and return values', async () => {
      assert.equal((await executor.execute(dialect.callTool)).output, 5);
      assert.equal((await executor.execute(dialect.callToolTwice)).output, 10);
      assert.equal((await executor.execute(dialect.toolReturnsObject)).output, 'Ada1');
    });

    test('a tool that throws surfaces as an execution error with its message', async () => {
      const error = await expectFailure(dialect.toolThrows);
      assert.match(error.message, /kaboom/);
    });

    test('bad tool arguments name the expected parameters', async () => {
      const error = await expectFailure(dialect.toolBadArguments);
      assert.match(error.message, /\bb\b/);
      assert.match(error.message, /number/);
    });

    test('syntax errors are reported as SyntaxError', async () => {
      const error = await expectFailure(dialect.syntaxError);
      assert.equal(error.errorType, 'SyntaxError');
    });

    test('runtime errors carry the type, the message and the line', async () => {
      const error = await expectFailure(dialect.runtimeError.code);
      assert.equal(error.errorType, dialect.runtimeError.errorType);
      assert.equal(error.line, dialect.runtimeError.line);
      assert.ok(error.message.length > 0);
    });

    test('an infinite loop is stopped by the time limit, and the executor goes on', async () => {
      const error = await expectFailure(dialect.infiniteLoop);
      assert.match(error.errorType, /Timeout/);
      await stillWorks();
    });

    test('a memory bomb fails cleanly, and the executor goes on', async () => {
      await expectFailure(dialect.memoryBomb);
      await stillWorks();
    });

    test('runaway recursion fails cleanly, and the executor goes on', async () => {
      await expectFailure(dialect.deepRecursion);
      await stillWorks();
    });

    describe('escape attempts', () => {
      let directory: string;
      before(() => {
        directory = mkdtempSync(path.join(tmpdir(), 'smolagents-escape-'));
      });
      after(() => rmSync(directory, { recursive: true, force: true }));

      for (const escape of dialect.escapes) {
        test(`holds against: ${escape.name}`, async () => {
          const canary = path.join(directory, `${escape.name.replace(/\W+/g, '-')}.txt`);
          await executor.sendVariables({ canary_path: canary });
          const outcome = await executor.execute(escape.code).then(
            (result) => result.output,
            (error: unknown) => {
              assert.ok(error instanceof CodeExecutionError, `escape attempt raised a host error: ${String(error)}`);
              return undefined;
            },
          );
          assert.notEqual(outcome, 'ESCAPED');
          assert.equal(existsSync(canary), false, 'the sandbox wrote a file on the host');
          await stillWorks();
        });
      }
    });
  });
}

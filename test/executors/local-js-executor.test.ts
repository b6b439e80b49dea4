import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../src/errors.js';
import { LocalJsExecutor } from '../../src/executors/quickjs/local-js-executor.js';
import { tool } from '../../src/tools/tool.js';

const double = tool({
  name: 'double',
  description: 'Doubles a number.',
  inputSchema: z.object({ n: z.number() }),
  outputType: 'number',
  execute: async ({ n }) => n * 2,
});

function hangingTool(onAbort: () => void) {
  return tool({
    name: 'hang',
    description: 'Never answers until aborted.',
    inputSchema: z.object({}),
    outputType: 'null',
    execute: (_args, { signal }) =>
      new Promise<null>((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          onAbort();
          reject(new Error('aborted'));
        });
      }),
  });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail('expected a failure'),
    (error: unknown) => {
      assert.ok(error instanceof CodeExecutionError, String(error));
      return error;
    },
  );

describe('LocalJsExecutor', () => {
  // Loading lodash-es and date-fns into the sandbox is real work: a loaded CI machine needs room.
  const executor = new LocalJsExecutor({ additionalAuthorizedImports: ['lodash-es', 'date-fns'], timeoutMs: 20_000 });
  after(() => executor.dispose());

  test('a forgotten await on a tool call at top level still yields the value', async () => {
    await executor.sendTools([double]);
    const result = await executor.execute('const d = double({ n: 21 });\nconsole.log(d + 1);\nd');
    assert.equal(result.output, 42);
    assert.equal(result.logs, '43\n');
  });

  test('positional tool arguments map onto the parameters', async () => {
    assert.equal((await executor.execute('await double(4)')).output, 8);
  });

  test('a printed Promise says it was not awaited', async () => {
    const result = await executor.execute('const later = async () => 1;\nconsole.log(later());');
    assert.match(result.logs, /not awaited/);
  });

  test('authorized packages are imported into the sandbox', async () => {
    const result = await executor.execute("import { chunk } from 'lodash-es';\nimport { addDays, formatISO } from 'date-fns';\nconst day = formatISO(addDays(new Date(2024, 0, 31), 1), { representation: 'date' });\n[chunk([1, 2, 3, 4], 2), day]");
    assert.deepEqual(result.output, [[[1, 2], [3, 4]], '2024-02-01']);
  });

  test('other imports fail with a message that names the allowed modules', async () => {
    const error = await failure(executor.execute("import fs from 'node:fs';"));
    assert.match(error.message, /Import of 'node:fs' is not allowed\. Allowed modules: lodash-es, date-fns\./);
  });

  test('sleep and setTimeout work inside the sandbox', async () => {
    const result = await executor.execute('await new Promise((resolve) => setTimeout(resolve, 20));\nawait sleep(5);\n"done"');
    assert.equal(result.output, 'done');
  });

  test('awaiting a Promise that can never settle is an error, not a hang', async () => {
    const error = await failure(executor.execute('await new Promise(() => {});'));
    assert.match(error.message, /never settle/);
  });

  test('the time limit covers awaited tools, and the tool is told to stop', async () => {
    let aborted = false;
    const limited = new LocalJsExecutor({ timeoutMs: 300 });
    try {
      await limited.sendTools([hangingTool(() => (aborted = true))]);
      const error = await failure(limited.execute('console.log("waiting");\nawait hang({});'));
      assert.equal(error.errorType, 'TimeoutError');
      assert.equal(error.logs, 'waiting\n');
      assert.equal(aborted, true);
      assert.equal((await limited.execute('1 + 1')).output, 2);
    } finally {
      await limited.dispose();
    }
  });

  // (A busy loop stopped by an AbortSignal is in escapes-javascript/host-freeze.test.ts.)
  test('an AbortSignal stops an action waiting on a tool, and the tool is told to stop', async () => {
    let aborted = false;
    const abortable = new LocalJsExecutor({ timeoutMs: 10_000 });
    try {
      await abortable.sendTools([hangingTool(() => (aborted = true))]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await failure(abortable.execute('await hang({});', { signal: controller.signal }));
      assert.equal(error.errorType, 'AbortError');
      assert.equal(aborted, true);
    } finally {
      await abortable.dispose();
    }
  });

  test('errors thrown with non-Error values are reported', async () => {
    const error = await failure(executor.execute('throw "plain string";'));
    assert.match(error.message, /plain string/);
  });

  test('dispose while an action runs frees the sandbox without crashing', async () => {
    const doomed = new LocalJsExecutor({ timeoutMs: 10_000 });
    await doomed.sendTools([hangingTool(() => {})]);
    const running = doomed.execute('await hang({});').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await doomed.dispose();
    assert.ok((await running) instanceof CodeExecutionError);
    await assert.rejects(doomed.execute('1'), /disposed/);
  });
});

describe('LocalJsExecutor error reports', () => {
  const facts = tool({
    name: 'get_city_facts',
    description: 'Facts about a city.',
    inputSchema: z.object({ city: z.string() }),
    execute: ({ city }) => {
      throw new Error(`no data for ${city}`);
    },
  });
  const executor = new LocalJsExecutor({ timeoutMs: 2000 });
  after(() => executor.dispose());

  test('a tool failure names the tool and the line of the code that called it', async () => {
    await executor.sendTools([facts]);
    const error = await failure(executor.execute('const a = 1;\nconst b = 2;\nconst info = await get_city_facts({ city: "Lyon" });'));
    assert.equal(error.errorType, 'ToolError');
    assert.equal(error.message, "Tool 'get_city_facts' failed: no data for Lyon (line 3)");
    assert.equal(error.line, 3);
    const caught = await executor.execute('let seen;\ntry { await get_city_facts({ city: "Nice" }); } catch (error) { seen = error.name + ": " + error.message; }\nseen');
    assert.equal(caught.output, "ToolError: Tool 'get_city_facts' failed: no data for Nice (line 2)");
  });

  test('unknown argument keys are named, with the expected parameters', async () => {
    const error = await failure(executor.execute('await get_city_facts({ town: "Lyon" });'));
    assert.match(error.message, /Unknown argument 'town' for tool 'get_city_facts'\. Expected parameters: city \(string, required\)\./);
  });

  test('a syntax error gives the token and the column', async () => {
    const error = await failure(executor.execute('const ok = 1;\nconst = 2;'));
    assert.equal(error.errorType, 'SyntaxError');
    assert.equal(error.line, 2);
    assert.equal(error.message, "Unexpected token '=' at column 7");
  });
});

test('the prelude names final_answer as the agent’s tool does', async () => {
  const { FINAL_ANSWER_FUNCTION } = await import('../../src/executors/quickjs/guest-prelude.js');
  const { FINAL_ANSWER_TOOL_NAME } = await import('../../src/tools/final-answer-tool.js');
  assert.equal(FINAL_ANSWER_FUNCTION, FINAL_ANSWER_TOOL_NAME);
});

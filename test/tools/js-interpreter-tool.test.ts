import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsInterpreterTool } from '../../src/tools/js-interpreter-tool.js';

describe('JsInterpreterTool', () => {
  test('returns the printout and the value of the last expression', async () => {
    const js = new JsInterpreterTool();
    const output = await js.call({ code: 'const xs = [3, 1, 2];\nconsole.log("sorted", xs.toSorted());\nxs.reduce((a, b) => a + b, 0) * 7' });
    assert.equal(output, 'Stdout:\nsorted [1,2,3]\n\nOutput: 42');
  });

  test('objects come back as JSON; no value is "undefined"', async () => {
    const js = new JsInterpreterTool();
    assert.equal(await js.call({ code: 'const result = { a: [1, "b"] };\nresult' }), 'Stdout:\n\nOutput: {"a":[1,"b"]}');
    assert.equal(await js.call({ code: 'let y = 1;' }), 'Stdout:\n\nOutput: undefined');
  });

  test('each call starts fresh: variables do not leak between calls', async () => {
    const js = new JsInterpreterTool();
    await js.call({ code: 'globalThis.secret = 41; var kept = 1;' });
    assert.equal(await js.call({ code: 'typeof secret + " " + typeof kept' }), 'Stdout:\n\nOutput: undefined undefined');
  });

  test('errors are thrown with their type, line and what was printed before', async () => {
    const js = new JsInterpreterTool();
    await assert.rejects(js.call({ code: 'console.log("before");\nconst o = null;\no.field' }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /^TypeError \(line 3\): /);
      assert.match(error.message, /Stdout before the error:\nbefore/);
      return true;
    });
    await assert.rejects(js.call({ code: 'let = ;' }), /^Error: SyntaxError/);
  });

  test('imports: refused unless authorized, and the description lists what is allowed', async () => {
    const plain = new JsInterpreterTool();
    assert.match(plain.description, /cannot import any module/);
    await assert.rejects(plain.call({ code: "import { chunk } from 'lodash-es';\nchunk([1, 2], 1)" }), /lodash-es/);
    const withLodash = new JsInterpreterTool({ additionalAuthorizedImports: ['lodash-es'] });
    assert.match(withLodash.description, /may import only these modules: lodash-es/);
    assert.equal(await withLodash.call({ code: "import { chunk } from 'lodash-es';\nchunk([1, 2, 3], 2)" }), 'Stdout:\n\nOutput: [[1,2],[3]]');
  });

  test('the timeout stops runaway code; the run signal aborts with its reason', async () => {
    await assert.rejects(new JsInterpreterTool({ timeoutMs: 200 }).call({ code: 'while (true) {}' }), /^Error: TimeoutError/);
    const controller = new AbortController();
    const pending = new JsInterpreterTool().call({ code: 'await sleep(60_000); 1' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await assert.rejects(pending, /run cancelled/);
  });
});

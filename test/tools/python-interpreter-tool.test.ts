import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDefaultTool } from '../../src/tools/default-tools.js';
import { PythonInterpreterTool } from '../../src/tools/python-interpreter-tool.js';

describe('PythonInterpreterTool (python_interpreter)', () => {
  const python = new PythonInterpreterTool({ timeoutMs: 10_000 });

  test('returns the printout and the last value as Python shows it; no value is None', async () => {
    const output = await python.call({ code: 'xs = [3, 1, 2]\nprint("sorted", sorted(xs))\n{"total": sum(xs) * 7, "ok": True, "big": 2**70}' });
    assert.equal(output, "Stdout:\nsorted [1, 2, 3]\n\nOutput: {'total': 42, 'ok': True, 'big': 1180591620717411303424}");
    assert.equal(await python.call({ code: 'y = 1' }), 'Stdout:\n\nOutput: None');
  });

  test('each call starts fresh: variables and imports do not leak between calls', async () => {
    await python.call({ code: 'secret = 41\nimport math' });
    assert.equal(await python.call({ code: "'secret' in dir(), 'math' in dir()" }), 'Stdout:\n\nOutput: (False, False)');
  });

  test('errors are thrown with their type, line and what was printed before', async () => {
    await assert.rejects(python.call({ code: 'print("before")\nvalue = None\nvalue.field' }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /^AttributeError \(line 3\): /);
      assert.match(error.message, /Stdout before the error:\nbefore/);
      return true;
    });
  });

  test('imports: the description lists what is allowed, and what it lists works', async () => {
    assert.match(python.description, /may import only these modules: .*math/);
    assert.doesNotMatch(python.description, /hashlib/);
    const withHashlib = new PythonInterpreterTool({ additionalAuthorizedImports: ['hashlib'] });
    assert.match(withHashlib.description, /hashlib/);
    assert.equal(await withHashlib.call({ code: 'import hashlib\nhashlib.sha256(b"a").hexdigest()[:8]' }), 'Stdout:\n\nOutput: ca978112');
  });

  test('the timeout stops runaway code; the run signal aborts with its reason', async () => {
    await assert.rejects(new PythonInterpreterTool({ timeoutMs: 1000 }).call({ code: 'while True:\n    pass' }), /^Error: TimeoutError/);
    const controller = new AbortController();
    const pending = python.call({ code: 'while True:\n    pass' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 300);
    await assert.rejects(pending, /run cancelled/);
  });

  test('bad options are refused when the tool is made, not at its first call', () => {
    assert.throws(() => new PythonInterpreterTool({ memoryLimitMb: 100 }), /PythonInterpreterTool: memoryLimitMb must be at least 320/);
    assert.throws(() => new PythonInterpreterTool({ maxPrintChars: -1 }), /maxPrintChars must be a whole number/);
  });

  test('it is the python_interpreter default tool (--tools python_interpreter)', async () => {
    const created = await createDefaultTool('python_interpreter', { pythonInterpreter: { additionalAuthorizedImports: ['csv'] } });
    assert.ok(created instanceof PythonInterpreterTool);
    assert.match(created.description, /csv/);
  });
});

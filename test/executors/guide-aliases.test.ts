import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DockerCodeExecutor,
  DockerExecutor,
  E2BCodeExecutor,
  E2BExecutor,
  PyodideExecutor,
  PythonCodeTool,
  PythonInterpreterTool,
  SecurePythonInterpreter,
} from '../../src/index.js';

test("the guide's names are our classes", () => {
  assert.equal(PythonCodeTool, PythonInterpreterTool);
  assert.equal(new PythonCodeTool().name, 'python_interpreter');
  assert.equal(SecurePythonInterpreter, PyodideExecutor);
  assert.equal(E2BCodeExecutor, E2BExecutor);
  assert.equal(DockerCodeExecutor, DockerExecutor);
});

test('DockerCodeExecutor({ image }) runs that image; E2BCodeExecutor refuses an empty apiKey', () => {
  // That the key reaches E2B is checked in e2b-executor.test.ts, against the real SDK.
  assert.equal(new DockerCodeExecutor({ image: 'python:3.11-slim' }).createOptions().Image, 'python:3.11-slim');
  assert.throws(() => new E2BCodeExecutor({ apiKey: '' }), /apiKey must be a non-empty string/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moduleAsScript, pyodideFiles, PYODIDE_FILE_NAMES } from '../../src/executors/pyodide/pyodide-files.js';

test("the host reads Pyodide's files once, and its ES module becomes a script", async () => {
  const files = await pyodideFiles();
  assert.deepEqual(files.map((file) => file.name), [...PYODIDE_FILE_NAMES]);
  assert.equal(await pyodideFiles(), files, 'cached');
  const script = files.find((file) => file.name === 'pyodide.asm.js')!.bytes.toString('utf8');
  assert.doesNotMatch(script, /import\.meta|export default/);
  assert.match(script, /_createPyodideModule;\n$/);
});

test('a Pyodide laid out differently is refused by name, not loaded', () => {
  assert.throws(() => moduleAsScript('export default function other() {}'), /laid out differently.*install pyodide 314/);
  assert.equal(moduleAsScript('async function _createPyodideModule(){ return import.meta.url }export default _createPyodideModule;'), 'async function _createPyodideModule(){ return "file:///pyodide/pyodide.asm.mjs" }_createPyodideModule;\n');
});

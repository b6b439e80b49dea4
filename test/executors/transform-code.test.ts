import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodeSyntaxError, transformCode } from '../../src/executors/quickjs/transform-code.js';

const body = (code: string, tools: string[] = []) => {
  const source = transformCode(code, new Set(tools)).functionSource;
  return source.slice('(async function (__smolagents_global) { let __smolagents_last; '.length, -'\n})'.length);
};

describe('transformCode', () => {
  test('top-level declarations become global assignments, keeping lines', () => {
    assert.equal(body('const a = 1;\nlet { b, c } = obj;\nvar d;'), ';(a = 1);\n;({ b, c } = obj);\n;(d = undefined);');
  });

  test('declarations inside blocks and functions stay local', () => {
    const output = body('function f() { const x = 1; return x; }\nfor (let i = 0; i < 2; i++) { const y = i; }');
    assert.match(output, /const x = 1/);
    assert.match(output, /const y = i/);
    assert.match(transformCode('function f() {}', new Set()).functionSource, /__smolagents_global\.f = f;/);
  });

  test('the last expression statement is returned', () => {
    assert.equal(body('const a = 1;\na + 1'), ';(a = 1);\n__smolagents_last = (a + 1); return __smolagents_last');
    assert.equal(body('({ a: 1 })'), '__smolagents_last = (({ a: 1 })); return __smolagents_last');
  });

  test('tool calls without await get one, at top level only', () => {
    assert.equal(body('const r = search({ q: 1 });', ['search']), ';(r = (await search({ q: 1 })));');
    assert.equal(body('console.log(search("a"))', ['search']), '__smolagents_last = (console.log((await search("a")))); return __smolagents_last');
    assert.equal(body('const r = await search("a");', ['search']), ';(r = await search("a"));');
    assert.equal(body('const all = Promise.all([search("a"), search("b")]);', ['search']), ';(all = Promise.all([search("a"), search("b")]));');
    assert.equal(body('const f = () => search("a");', ['search']), ';(f = () => search("a"));');
    assert.equal(body('search("a").then(print)', ['search']), '__smolagents_last = (search("a").then(print)); return __smolagents_last');
    assert.equal(body('final_answer(x)', ['final_answer']), '__smolagents_last = ((await final_answer(x))); return __smolagents_last');
  });

  test('a statement that starts with an awaited call cannot continue the line before it', () => {
    // Without the `;`, `log("x")\n(await search("a"))` would call the result of log("x").
    assert.equal(body('log("x")\nsearch("a")\n1', ['search']), 'log("x")\n;(await search("a"))\n__smolagents_last = (1); return __smolagents_last');
  });

  test('imports become dynamic imports', () => {
    assert.equal(body("import _ from 'lodash-es';"), ';({ default: _ } = await import("lodash-es"));');
    assert.equal(body("import { map, sum as total } from 'lodash-es';"), ';({ map, sum: total } = await import("lodash-es"));');
    assert.equal(body("import * as dates from 'date-fns';"), ';dates = await import("date-fns");');
  });

  test('TypeScript is stripped without moving lines', () => {
    const output = body('interface Row {\n  n: number;\n}\nconst rows: Row[] = [];\nrows as unknown as string');
    assert.equal(output.split('\n').length, 5);
    assert.match(output.split('\n')[3]!, /rows = \[\]/);
  });

  test('a syntax error reports the token, the line and the column of the original code', () => {
    assert.throws(() => transformCode('const a = 1;\nconst = 2;', new Set()), (error: unknown) => {
      assert.ok(error instanceof CodeSyntaxError);
      assert.equal(error.line, 2);
      assert.equal(error.column, 7);
      assert.equal(error.message, "Unexpected token '=' at column 7");
      return true;
    });
    assert.throws(() => transformCode('const s = "open;', new Set()), /^SyntaxError: Unterminated string constant at column 11$/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'acorn';
import { freeIdentifiers } from '../../src/sharing/free-identifiers.js';

const free = (code: string) => [...freeIdentifiers(parse(code, { ecmaVersion: 'latest', sourceType: 'module' }))].sort();

describe('freeIdentifiers', () => {
  test('parameters, destructuring, var hoisting and block scopes bind names; the rest is free', () => {
    assert.deepEqual(free('function f(a, { b = c, ...d }, [e]) { var g = a + b + e; { let h = d; } return g + h; }'), ['c', 'h']);
    assert.deepEqual(free('function f() { if (x) { var y = 1; } return y; }'), ['x']);
    assert.deepEqual(free('const f = (n) => n > 1 ? f(n - 1) * n : 1; f(m);'), ['m']);
  });

  test('property names, labels and this are not references; computed keys and shorthand values are', () => {
    assert.deepEqual(free('({ a: 1, [k]: 2, v }); o.p; o[q]; loop: for (;;) { break loop; } this.w;'), ['k', 'o', 'q', 'v']);
  });

  test('catch parameters, loop heads and classes have their own scopes', () => {
    assert.deepEqual(free('try { t() } catch ({ message }) { message; } for (const i of list) i; i;'), ['i', 'list', 't']);
    assert.deepEqual(free('class A extends B { x = y; [z]() { return A + this.u; } static { A; } } new A();'), ['B', 'y', 'z']);
    assert.deepEqual(free('const C = class D { m() { return D; } }; D;'), ['D']);
  });

  test('assignments to undeclared names are free (they write to the scope around)', () => {
    assert.deepEqual(free('function f() { counter = counter + 1; [a, b.c] = [1, 2]; }'), ['a', 'b', 'counter']);
  });

  test('module declarations bind, exported or not; `export { x as y }` reads only x', () => {
    assert.deepEqual(free('export const a = 1; export function b() { return a + c; } const d = 2; export { d as e };'), ['c']);
    assert.deepEqual(free('export default function named() { return named; }'), []);
  });
});

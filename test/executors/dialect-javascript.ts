import type { ConformanceDialect } from './conformance.js';
import { heapViewAttempts } from './escapes-javascript/heap-view.js';

/** If the snippet ever holds a host object `h`, it proves it by writing the canary file. */
const proveEscape = (expression: string) =>
  `const h = ${expression};\nif (h) { h.mainModule?.require?.('fs').writeFileSync(canary_path, 'x'); h.require?.('fs').writeFileSync?.(canary_path, 'x'); final_answer('ESCAPED'); }\n'held'`;

export const javascriptDialect: ConformanceDialect = {
  language: 'javascript',
  setVariable: 'let kept = 41;',
  redeclareVariable: 'const kept = 41;',
  readVariable: 'final_answer(kept + 1);',
  printLine: 'console.log("hello", 1, 2);',
  printHuge: 'for (let i = 0; i < 2000; i++) print("x".repeat(100));',
  lastExpression: 'const three = 3;\nthree + 4',
  finalAnswerObject: 'final_answer({ a: [1, 2], b: "c" });',
  finalAnswerStops: 'final_answer(1);\nconsole.log("after");',
  callTool: 'const sum = await add({ a: 2, b: 3 });\nfinal_answer(sum);',
  callToolTwice: 'const [x, y] = await Promise.all([add({ a: 1, b: 2 }), add({ a: 3, b: 4 })]);\nfinal_answer(x + y);',
  toolThrows: 'await explode({});',
  toolBadArguments: 'await add({ a: "two" });',
  toolReturnsObject: 'const user = await profile({});\nfinal_answer(user.name + user.tags.length);',
  syntaxError: 'const = 3;',
  runtimeError: { code: 'const fine = 1;\nnotDefined.property;', errorType: 'ReferenceError', line: 2 },
  infiniteLoop: 'while (true) {}',
  memoryBomb: 'const hoard = [];\nwhile (true) hoard.push({ n: hoard.length, text: "x".repeat(64) + hoard.length });',
  deepRecursion: 'function down(n) { return down(n + 1) + 1; }\ndown(0);',
  escapes: [
    { name: 'Function constructor', code: proveEscape(`(function () {}).constructor('return typeof process === "object" ? process : undefined')()`) },
    { name: 'indirect eval', code: proveEscape(`(0, eval)('typeof process === "object" ? process : undefined')`) },
    { name: 'globalThis.process', code: proveEscape('globalThis.process') },
    { name: 'require', code: `require('fs').writeFileSync(canary_path, 'x');\nfinal_answer('ESCAPED');` },
    { name: 'dynamic import of fs', code: `const fs = await import('fs');\nfs.writeFileSync(canary_path, 'x');\nfinal_answer('ESCAPED');` },
    { name: 'dynamic import of child_process', code: `const cp = await import('node:child_process');\ncp.execSync('touch ' + canary_path);\nfinal_answer('ESCAPED');` },
    { name: 'import declaration of a host file', code: `import data from '/etc/passwd';\nfinal_answer('ESCAPED');` },
    { name: 'import of a relative path', code: `const pkg = await import('../../package.json');\nfinal_answer('ESCAPED');` },
    { name: 'QuickJS std and os modules', code: `const os = await import('os');\nos.exec(['touch', canary_path]);\nfinal_answer('ESCAPED');` },
    { name: 'constructor of a tool function', code: proveEscape(`await add.constructor('return typeof process === "object" ? process : undefined')()`) },
    { name: 'constructor of console.log', code: proveEscape(`console.log.constructor.constructor('return typeof process === "object" ? process : undefined')()`) },
    { name: 'constructor of a value returned by a tool', code: `const user = await profile({});\n` + proveEscape(`user.constructor.constructor('return typeof process === "object" ? process : undefined')()`) },
    { name: 'prototype walk from a tool result', code: `const user = await profile({});\nconst proto = Object.getPrototypeOf(Object.getPrototypeOf(user.tags));\n` + proveEscape(`proto.constructor.constructor('return this')().process`) },
    { name: 'network', code: `const response = await fetch('http://127.0.0.1:9/');\nfinal_answer('ESCAPED');` },
    { name: 'WebAssembly', code: `const module = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));\nfinal_answer('ESCAPED');` },
    { name: 'timers of the host', code: proveEscape(`typeof setImmediate === 'function' || typeof queueMicrotask === 'function' && typeof Buffer !== 'undefined' ? globalThis : undefined`) },
    { name: 'a poisoned tool argument', code: `const bad = { a: 1, b: 2, toJSON() { return { a: 1, b: 2, __proto__: { polluted: true } }; } };\nawait add(bad);\nfinal_answer(({}).polluted === true ? 'ESCAPED' : 'held');` },
    ...heapViewAttempts,
  ],
};

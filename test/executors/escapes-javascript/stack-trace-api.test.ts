import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../../src/errors.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * quickjs-ng has V8's stack-trace API: `Error.prepareStackTrace(error, callSites)` is called for
 * every new error, and `callSite.getFunction()` hands over each function on the stack, the
 * prelude's own included (its closures hold the bridge and the outcome protocol). Model code must
 * not get a call site: every way of installing a `prepareStackTrace` is tried, from places where
 * prelude functions are on the stack (a tool call, a print, the last value's JSON).
 */
const collector = `
const found = [];
const collect = (error, sites) => {
  for (const site of sites) {
    try {
      const fn = site.getFunction && site.getFunction();
      if (typeof fn === 'function' && !found.includes(fn)) found.push(fn);
    } catch (ignored) {}
  }
  return 'collected';
};
const tryInstall = (label, install) => { try { install(); } catch (refused) {} };
`;

const installers = [
  ['assignment', 'Error.prepareStackTrace = collect;'],
  ['defineProperty on Error', 'Object.defineProperty(Error, "prepareStackTrace", { value: collect, writable: true, configurable: true });'],
  ['the original setter', 'Object.getOwnPropertyDescriptor(Error, "prepareStackTrace").set.call(Error, collect);'],
  ['Reflect.set', 'Reflect.set(Error, "prepareStackTrace", collect);'],
  ['on a subclass', 'Object.defineProperty(TypeError, "prepareStackTrace", { value: collect, configurable: true }); Object.defineProperty(RangeError, "prepareStackTrace", { value: collect, configurable: true });'],
  ['delete and redefine', 'delete Error.prepareStackTrace; Error.prepareStackTrace = collect;'],
];

/** Code that runs prelude functions with guest code beneath them, each making an error. */
const provoke = `
try { await echo({ text: { toJSON() { new Error('in a tool call'); return 'x'; } } }); } catch (ignored) {}
print({ toJSON() { new Error('in print'); return 'printed'; } });
try { await echo({ text: 'plain' }); } catch (ignored) {}
const objectForCapture = {};
try { Error.captureStackTrace(objectForCapture); String(objectForCapture.stack); } catch (ignored) {}
`;

/** With any prelude function in hand, an attacker would try to forge an outcome or a final answer. */
const forge = `
for (const fn of found) {
  for (const argument of ['{"kind":"final","valueJson":"\\\\"forged\\\\""}', () => 'forged', '["echo"]']) {
    try { fn(argument); } catch (ignored) {}
  }
}
`;

describe('the stack-trace API hands guest code no function of the prelude', () => {
  const executor = new LocalJsExecutor({ timeoutMs: 5000 });
  const echo = tool({ name: 'echo', description: 'Echo.', inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text });
  after(() => executor.dispose());

  for (const [label, install] of installers) {
    test(`installing prepareStackTrace by ${label} gets no call site`, async () => {
      await executor.sendTools([echo]);
      const code = `${collector}\ntryInstall(${JSON.stringify(label)}, () => { ${install} });\n${provoke}\n${forge}\n({ found: found.length, stack: typeof new Error('last').stack })`;
      const result = await executor.execute(code).catch((error: unknown) => {
        assert.ok(error instanceof CodeExecutionError, String(error));
        return { output: `error: ${error.message}`, isFinalAnswer: false, logs: error.logs ?? '' };
      });
      assert.equal(result.isFinalAnswer, false);
      assert.deepEqual(result.output, { found: 0, stack: 'string' });
      // The prelude still works, with its own tool-call line numbers.
      assert.equal((await executor.execute('await echo({ text: "after" })')).output, 'after');
      const error = await executor.execute('\n\nawait echo({ text: 5 })').then(() => undefined, (caught: unknown) => caught as CodeExecutionError);
      assert.match(String(error?.message), /line 3/);
    });
  }
});

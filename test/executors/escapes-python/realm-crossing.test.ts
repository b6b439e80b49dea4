import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { CodeExecutionError } from '../../../src/errors.js';
import { childNodeArguments } from '../../../src/executors/pyodide/pyodide-process.js';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { ATTACKER_PRELUDE, payload, pythonString } from './attacker.js';

/**
 * Nothing of the child's Node realm may reach the sandbox's realm, errors included (red team, issue
 * 16 follow-up). A function of the Node realm called when the stack is nearly full fails before its
 * first statement runs, so its own try/catch cannot help: V8 throws a RangeError made in the Node
 * realm, whose `constructor.constructor` is that realm's Function. The attack calls every global of
 * the sandbox that reaches a capability, at every depth near the limit (on the way back up from a
 * stack overflow), and inspects everything that was thrown.
 */
const STACK_ATTACK = String.raw`
  const innerFunction = Function;
  const targets = {
    'performance.now': () => performance.now(),
    'crypto.getRandomValues': () => crypto.getRandomValues(new Uint8Array(4)),
    'readbuffer': () => readbuffer('/pyodide/no-such-file'),
    'read': () => read('/pyodide/no-such-file'),
    'os.system': () => os.system('sh', ['-c', 'head -c4 /dev/urandom | base64 --wrap=0']),
    'TextEncoder': () => new TextEncoder().encode('abc'),
    'TextDecoder': () => new TextDecoder().decode(new Uint8Array([97])),
    'console.log': () => console.log('.'),
  };
  const names = Object.keys(targets);
  const caught = [];
  let framesLeft = 0;
  function down(depth) {
    try { down(depth + 1); } catch (error) { framesLeft = 400; }
    if (framesLeft > 0) {
      framesLeft--;
      for (const name of names) {
        try { targets[name](); } catch (error) { caught.push(name); caught.push(error); }
      }
    }
  }
  for (let round = 0; round < 3; round++) down(0);
  const foreign = new Set();
  let errors = 0;
  for (let index = 0; index < caught.length; index += 2) {
    const error = caught[index + 1];
    if (error === null || (typeof error !== 'object' && typeof error !== 'function')) continue;
    errors++;
    let make;
    try { make = error.constructor.constructor; } catch (problem) { continue; }
    if (make === innerFunction) continue;
    let reach;
    try { reach = 'process is ' + make('return typeof process')(); } catch (problem) { reach = 'no code generation'; }
    foreign.add(caught[index] + ' (' + reach + ')');
  }
  return foreign.size > 0 ? 'REACHED outer-realm errors from ' + [...foreign].join(', ') : 'held: ' + errors + ' errors, all of this realm';`;

describe('no object of the Node realm crosses into the sandbox', () => {
  let executor: PyodideExecutor;
  before(async () => {
    executor = new PyodideExecutor({ timeoutMs: 60_000 });
    await executor.warmUp();
  });
  after(() => executor.dispose());

  test('capabilities called at every depth near a stack overflow throw only errors of the sandbox realm', async () => {
    const code = `${ATTACKER_PRELUDE}\nfinal_answer(attack(${pythonString(payload(STACK_ATTACK))}))`;
    const result = await executor.execute(code).catch((error: unknown) => {
      assert.ok(error instanceof CodeExecutionError, `the attack raised a host error: ${String(error)}`);
      return { output: { all: `failed: ${error.message}` } };
    });
    const outcome = result.output as Record<string, string>;
    let ran = 0;
    for (const [route, text] of Object.entries(outcome)) {
      assert.doesNotMatch(String(text), /REACHED/, `route ${route}: ${text}`);
      // The attack must have run and provoked failures, or it proves nothing.
      const held = /^held: (\d+) errors/.exec(String(text));
      if (held && Number(held[1]) > 0) ran++;
    }
    assert.ok(ran > 0, `the attack ran through no route: ${JSON.stringify(outcome)}`);
  });

  test('the executor still works after the attack', async () => {
    assert.equal((await executor.execute('final_answer(6 * 7)')).output, 42);
  });
});

/**
 * Defence in depth, on its own: as if an object of the Node realm had crossed anyway. The child's
 * Node realm runs with code generation from strings disallowed, so such an object's Function
 * constructor compiles nothing; the sandbox's own context still may (Pyodide needs it).
 */
test("the child's Node realm compiles no code from strings; its vm context still does", async () => {
  const flags = childNodeArguments(256).slice(0, -2); // without `-e <worker source>`
  const probe = String.raw`
import vm from 'node:vm';
const outcome = {};
try { outcome.outerFunction = new Function('return typeof process')(); } catch (error) { outcome.outerFunction = 'refused'; }
try { outcome.outerEval = (0, eval)('typeof process'); } catch (error) { outcome.outerEval = 'refused'; }
const context = vm.createContext(Object.create(null), { codeGeneration: { strings: true, wasm: true } });
outcome.innerFunction = vm.runInContext("new Function('return 1 + 1')()", context);
const hostFunction = () => 0;
outcome.crossed = vm.runInContext("(f) => { try { return f.constructor('return typeof process')(); } catch (error) { return 'refused'; } }", context)(hostFunction);
process.stdout.write(JSON.stringify(outcome));
`;
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [...flags, '-e', probe], { cwd: '/', env: {} }, (error, stdout, stderr) =>
      error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(stdout),
    );
  });
  assert.deepEqual(JSON.parse(output), { outerFunction: 'refused', outerEval: 'refused', innerFunction: 2, crossed: 'refused' });
});

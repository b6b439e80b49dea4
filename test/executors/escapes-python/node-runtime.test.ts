import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeExecutionError } from '../../../src/errors.js';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { ATTACKER_PRELUDE, payload, pythonString } from './attacker.js';

/**
 * Model code must not reach the child's Node runtime (issue 16): every route from Python into
 * JavaScript is tried with payloads that use Node's dangerous surface. A payload that gets what it
 * wanted answers 'REACHED…'; files it would write go to a directory anyone may write to, so that
 * only the sandbox (not file permissions) can stop them.
 */
describe('Python code cannot use the Node runtime around Pyodide', () => {
  let executor: PyodideExecutor;
  let directory: string;
  before(async () => {
    executor = new PyodideExecutor({ timeoutMs: 20_000 });
    directory = mkdtempSync(path.join(tmpdir(), 'smolagents-node-runtime-'));
    chmodSync(directory, 0o777);
    await executor.warmUp();
  });
  after(async () => {
    await executor.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Runs the payload through every route and returns {route: outcome}. */
  async function attack(body: string): Promise<Record<string, string>> {
    const code = `${ATTACKER_PRELUDE}\nfinal_answer(attack(${pythonString(payload(body))}))`;
    const result = await executor.execute(code).catch((error: unknown) => {
      assert.ok(error instanceof CodeExecutionError, `the attack raised a host error: ${String(error)}`);
      return { output: { all: `failed: ${error.message}` } };
    });
    return result.output as Record<string, string>;
  }

  function assertHeld(outcome: Record<string, string>): void {
    for (const [route, result] of Object.entries(outcome)) {
      assert.doesNotMatch(String(result), /REACHED/, `route ${route} got through: ${result}`);
    }
  }

  test('v8.setFlagsFromString cannot make V8 write a file', async () => {
    const canary = path.join(directory, 'turbo-cfg.txt');
    const outcome = await attack(`
      const v8 = load('v8');
      if (!v8) return 'no v8 module';
      v8.setFlagsFromString('--trace-turbo-cfg-file=${canary}');
      v8.setFlagsFromString('--trace-turbo');
      const hot = new Function('x', 'return x * 3 + 1');
      let sum = 0;
      for (let i = 0; i < 300000; i++) sum += hot(i);
      v8.setFlagsFromString('--no-trace-turbo');
      return 'REACHED: V8 flags set (' + sum + ')';`);
    assertHeld(outcome);
    assert.deepEqual(readdirSync(directory).filter((name) => name.startsWith('turbo')), [], 'V8 wrote a trace file');
  });

  test('no file can be written through fs, process.report or v8.writeHeapSnapshot', async () => {
    const canary = path.join(directory, 'written.txt');
    const outcome = await attack(`
      const done = [];
      try { load('fs').writeFileSync('${canary}', 'x'); done.push('fs'); } catch (error) {}
      try { process.report.writeReport('${canary}.report'); done.push('report'); } catch (error) {}
      try { load('v8').writeHeapSnapshot('${canary}.heapsnapshot'); done.push('heap snapshot'); } catch (error) {}
      return done.length ? 'REACHED: ' + done.join(', ') : 'nothing written';`);
    assertHeld(outcome);
    assert.equal(existsSync(canary), false);
    assert.deepEqual(readdirSync(directory).filter((name) => name.startsWith('written')), []);
  });

  test('process.binding, process.dlopen, child processes, workers and the inspector are out of reach', async () => {
    const outcome = await attack(`
      const done = [];
      try { if (process.binding('spawn_sync')) done.push('binding'); } catch (error) {}
      try { if (process._linkedBinding) { process._linkedBinding('x'); } } catch (error) {}
      if (typeof process === 'object' && typeof process.dlopen === 'function') {
        try { process.dlopen({ exports: {} }, '/nonexistent.node'); } catch (error) { if (!/ACCESS|not available|denied/i.test(String(error))) done.push('dlopen: ' + error.code); }
      }
      try { load('child_process').execFileSync('/bin/true'); done.push('child_process'); } catch (error) {}
      try { new (load('worker_threads').Worker)('1', { eval: true }); done.push('worker'); } catch (error) {}
      try { const inspector = load('inspector'); inspector.open(0); if (inspector.url()) done.push('inspector ' + inspector.url()); } catch (error) {}
      try { const session = new (load('inspector').Session)(); session.connect(); done.push('inspector session'); } catch (error) {}
      return done.length ? 'REACHED: ' + done.join(', ') : 'nothing';`);
    assertHeld(outcome);
  });

  test('the host process cannot be signalled or read', async () => {
    const outcome = await attack(`
      const done = [];
      try { if (process.kill(process.ppid, 0)) done.push('signal to the host'); } catch (error) {}
      try { process._debugProcess(process.ppid); done.push('debug the host'); } catch (error) {}
      try { if (load('fs').readFileSync('/proc/' + process.ppid + '/environ', 'utf8').length) done.push('host environment'); } catch (error) {}
      try { if (load('fs').readFileSync('/etc/hostname', 'utf8').length) done.push('host files'); } catch (error) {}
      return done.length ? 'REACHED: ' + done.join(', ') : 'nothing';`);
    assertHeld(outcome);
  });

  test("no object reachable from the sandbox belongs to Node's realm (a crawl of everything it can see)", async () => {
    // Every function's own constructor compiles code in that function's realm: one from Node's realm
    // would see \`process\`. The crawl starts from the globals and, where the route runs inside
    // Pyodide's module scope, from Emscripten's Module and Pyodide's API.
    const outcome = await attack(`
      const roots = [globalThis];
      try { roots.push(Module, API); } catch (error) {}
      const seen = new Set();
      const queue = [...roots];
      let count = 0;
      while (queue.length > 0 && count < 50000) {
        const value = queue.pop();
        if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
        seen.add(value);
        count++;
        if (typeof value === 'function') {
          try {
            const make = value.constructor;
            if (typeof make === 'function' && make.name === 'Function') {
              const realm = make('return typeof process')();
              if (realm !== 'undefined') return 'REACHED: a function of a realm with process: ' + String(value.name);
            }
          } catch (error) {}
        }
        let keys = [];
        // The WASM heap views hold millions of indices and nothing else.
        try { if (!ArrayBuffer.isView(value) && !(Array.isArray(value) && value.length > 10000)) keys = Reflect.ownKeys(value); } catch (error) {}
        for (const key of keys) {
          let descriptor;
          try { descriptor = Object.getOwnPropertyDescriptor(value, key); } catch (error) { continue; }
          if (!descriptor) continue;
          if ('value' in descriptor) queue.push(descriptor.value);
          else queue.push(descriptor.get, descriptor.set);
        }
        try { queue.push(Object.getPrototypeOf(value)); } catch (error) {}
      }
      return 'crawled ' + count + ' objects';`);
    assertHeld(outcome);
    for (const [route, result] of Object.entries(outcome)) {
      if (route !== 'js.eval') assert.match(result, /^crawled \d{3,} objects$/, `the crawl through ${route} did not run: ${result}`);
    }
  });

  test("Pyodide's js module is a minimal object, not the child's globalThis", async () => {
    const result = await executor.execute(
      `${ATTACKER_PRELUDE}\njs = imp('js')\nfinal_answer([name for name in ('process', 'require', 'Buffer', 'fetch', 'eval', 'Function', 'setTimeout') if hasattr(js, name)])`,
    );
    assert.deepEqual(result.output, []);
  });

  test('the executor still works after the attacks', async () => {
    assert.equal((await executor.execute('final_answer(6 * 7)')).output, 42);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeExecutionError } from '../../../src/errors.js';
import { probeWallFacts } from '../../../src/executors/pyodide/os-walls.js';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { ATTACKER_PRELUDE, payload, pythonString } from './attacker.js';

const LIMIT_MB = 512;
const facts = await probeWallFacts();
// Memory outside the WASM heap is the operating system's to limit (docs/executors.md, what holds where).
const osLimit = facts.platform === 'linux' && facts.prlimit ? false : 'no OS memory limit on this machine (prlimit missing or not Linux)';

/**
 * The memory limit covers everything the child allocates (issue 16): WASM memory, and memory outside
 * it — JavaScript ArrayBuffers reached through any route, and copies Python makes into JavaScript
 * with `pyodide.ffi.to_js`. Each attack reports how many MB it held before it was stopped; the child
 * may also die of it (the executor then restarts it). Either way no attack may hold the limit.
 */
describe(`the child's memory limit (${LIMIT_MB} MB) covers memory outside the WASM heap`, () => {
  let executor: PyodideExecutor;
  before(async () => {
    executor = new PyodideExecutor({ timeoutMs: 30_000, memoryLimitMb: LIMIT_MB });
    await executor.warmUp();
  });
  after(async () => {
    await executor.dispose();
  });

  /** Megabytes each route reported holding, or 0 where it died or failed. */
  async function held(code: string): Promise<number[]> {
    const output = await executor.execute(code).then(
      (result) => result.output,
      (error: unknown) => {
        assert.ok(error instanceof CodeExecutionError, `the attack raised a host error: ${String(error)}`);
        return {};
      },
    );
    const values = typeof output === 'object' && output !== null ? Object.values(output) : [output];
    return values.map((value) => Number(/(\d+) MB/.exec(String(value))?.[1] ?? 0));
  }

  test('ArrayBuffers allocated in JavaScript through any route', { skip: osLimit }, async () => {
    const body = `
      const kept = globalThis.__kept = [];
      try {
        while (kept.length * 16 < ${LIMIT_MB * 3}) kept.push(new Uint8Array(16 * 1024 * 1024).fill(1));
      } catch (error) {}
      const megabytes = kept.length * 16;
      globalThis.__kept = undefined;
      return 'held ' + megabytes + ' MB';`;
    const amounts = await held(`${ATTACKER_PRELUDE}\nfinal_answer(attack(${pythonString(payload(body))}))`);
    for (const megabytes of amounts) assert.ok(megabytes < LIMIT_MB, `an attack held ${megabytes} MB outside the WASM heap`);
  });

  test('copies from Python into JavaScript (pyodide.ffi.to_js)', { skip: osLimit }, async () => {
    const amounts = await held(`${ATTACKER_PRELUDE}
kept = []
try:
    to_js = imp('pyodide.ffi').to_js
    chunk = b'x' * (16 * 1024 * 1024)
    while len(kept) * 16 < ${LIMIT_MB * 3}:
        kept.append(to_js(chunk))
except BaseException:
    pass
megabytes = len(kept) * 16
kept = None
final_answer('held %d MB' % megabytes)`);
    for (const megabytes of amounts) assert.ok(megabytes < LIMIT_MB, `Python held ${megabytes} MB of JavaScript copies`);
  });

  test('Python objects in the WASM heap end in a MemoryError, and the variables survive', async () => {
    await executor.execute('survivor = 7');
    const error = await executor.execute('hoard = []\nwhile True:\n    hoard.append(bytearray(16 * 1024 * 1024))').then(
      () => assert.fail('the memory bomb did not fail'),
      (error: unknown) => error,
    );
    assert.ok(error instanceof CodeExecutionError);
    assert.equal(error.errorType, 'MemoryError');
    // A Python MemoryError, not a child killed at the OS limit and restarted (which loses the variables).
    assert.doesNotMatch(error.message, /restarted/i, `the bomb killed the interpreter: ${error.message}`);
    // The bomb may fail before its first statement binds `hoard` (the heap is near its cap after the
    // tests above), so only the earlier variable is asserted; the list is dropped if it exists.
    assert.equal((await executor.execute("globals().pop('hoard', None)\nfinal_answer(survivor)")).output, 7);
  });
});

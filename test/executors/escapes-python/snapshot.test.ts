import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CodeExecutionError } from '../../../src/errors.js';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { ATTACKER_PRELUDE, payload, pythonString } from './attacker.js';

/** A forged "loaded" message offering a snapshot of the attacker's choosing (here: garbage). */
const FORGED_LOADED = JSON.stringify({ type: 'loaded', milliseconds: 1, snapshot: Buffer.alloc(4096, 7).toString('base64') });

/**
 * Nothing crosses from one child to the next (issue 16): the executor created first in this process
 * owns the child that makes the warm-start snapshot, and its code tries to hand the host a snapshot
 * of its own — by smuggling extra lines into the runner's reply, and by writing to the host's pipe
 * from JavaScript. A later executor must run on a pristine interpreter regardless.
 */
describe('the warm-start snapshot cannot be poisoned by model code', () => {
  // Created first in this file (and process): its child is the one asked for the snapshot.
  const first = new PyodideExecutor({ timeoutMs: 10_000 });
  const others: PyodideExecutor[] = [];
  after(async () => {
    await first.dispose();
    for (const executor of others) await executor.dispose();
  });

  const attempt = (code: string) =>
    first.execute(code).then(
      (result) => result.output,
      (error: unknown) => {
        assert.ok(error instanceof CodeExecutionError, `the attempt raised a host error: ${String(error)}`);
        return `failed: ${error.message}`;
      },
    );

  test('extra lines smuggled into the runner reply are not messages', async () => {
    await first.warmUp();
    // json.dumps is what the runner uses to write its reply: the code replaces it.
    await attempt(`import json
_dumps = json.dumps
def dumps(value, *args, **kwargs):
    text = _dumps(value, *args, **kwargs)
    if isinstance(value, dict) and 'logs' in value:
        json.dumps = _dumps
        return text + '}\\n' + ${pythonString(FORGED_LOADED)} + '\\n{"type":"x","id":0,"result":' + text
    return text
json.dumps = dumps
final_answer('armed')`);
  });

  test('a line written to the host pipe from JavaScript is not a message', async () => {
    const body = `
      const fs = load('fs');
      if (!fs) return 'no fs';
      fs.writeSync(3, '\\n' + ${JSON.stringify(FORGED_LOADED)} + '\\n');
      return 'REACHED: wrote to the host pipe';`;
    await attempt(`${ATTACKER_PRELUDE}\nfinal_answer(attack(${pythonString(payload(body))}))`);
  });

  test('a later executor starts on a pristine interpreter and answers truly', async () => {
    const later = new PyodideExecutor({ timeoutMs: 10_000 });
    others.push(later);
    const result = await later.execute('import json\nfinal_answer([6 * 7, json.dumps.__name__])');
    assert.deepEqual(result.output, [42, 'dumps']);
    assert.equal((await later.execute('final_answer("dumps" in dir())')).output, false);
  });

  test('the attacked executor still answers (or was replaced), and never with the forged text', async () => {
    const output = await attempt('final_answer(40 + 2)');
    assert.ok(output === 42 || /restarted/.test(String(output)), `unexpected answer ${JSON.stringify(output)}`);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeExecutionError } from '../../../src/errors.js';
import { LineSplitter } from '../../../src/executors/pyodide/line-splitter.js';
import { MAX_VALUE_CHARS, maxMessageBytes } from '../../../src/executors/pyodide/protocol-limits.js';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';

/**
 * The runner's caps hold even when the runner does not apply them (red team, issue 16 follow-up):
 * model code replaces json.dumps, which the runner uses to write its step result, and inflates the
 * prints past the print cap, or the whole reply past what the protocol allows. The host cuts the
 * prints itself, and a reply past the line cap never reaches the host's JSON.parse.
 */
const inflate = (chars: number) => String.raw`import json
try:
    _true_dumps
except NameError:
    _true_dumps = json.dumps
def _inflating_dumps(value, *args, **kwargs):
    if isinstance(value, dict) and 'logs' in value:
        value = dict(value, logs='y' * ${chars}, truncated=False)
    return _true_dumps(value, *args, **kwargs)
json.dumps = _inflating_dumps
print('hello')`;

describe('the host applies the print and line caps itself', () => {
  let executor: PyodideExecutor;
  before(async () => {
    executor = new PyodideExecutor({ timeoutMs: 30_000, maxPrintChars: 1000 });
    await executor.warmUp();
  });
  after(() => executor.dispose());

  test('prints past maxPrintChars that the runner let through are cut by the host', async () => {
    const result = await executor.execute(inflate(200_000));
    assert.ok(result.logs.startsWith('y'.repeat(1000)), 'the prints are there, cut');
    assert.ok(result.logs.length < 1000 + 200, `the host passed on ${result.logs.length} characters of prints`);
    assert.match(result.logs, /truncated after 1000 characters/);
  });

  test('a reply longer than the protocol allows is an error the model can read, and the interpreter lives on', async () => {
    await executor.execute('x = 41');
    // The runner's own size check goes too: its cap is raised through its namespace.
    const unchecked = "import random as _random\n_random._os.sys.modules['builtins'].getattr(final_answer, '__glo' + 'bals__')['_state']['max_value_chars'] = 10**9";
    const error = await executor.execute(`${inflate(6_000_000)}\n${unchecked}`).then(
      () => assert.fail('the oversized reply was taken'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof CodeExecutionError, String(error));
    assert.match(error.message, /bytes as UTF-8, more than the \d+ that can leave the sandbox/);
    assert.equal((await executor.execute('json.dumps = _true_dumps\nx + 1')).output, 42, 'the variables survived');
  });
});

test('the host line cap is derived from the value and print caps, and a longer line is refused before it is parsed', () => {
  const cap = maxMessageBytes(50_000);
  // Four UTF-8 bytes for each character a runner may send (value, prints, shown value), and a little envelope.
  assert.ok(cap >= 4 * (MAX_VALUE_CHARS + 50_000), `cap ${cap}`);
  assert.ok(cap < 8 * 2 ** 20, `a cap of ${cap} bytes lets a child stall the host in JSON.parse`);
  let overflows = 0;
  const splitter = new LineSplitter(() => assert.fail('an oversized line reached the parser'), cap, () => overflows++);
  const piece = Buffer.alloc(1 << 20, 0x61);
  for (let sent = 0; sent <= cap; sent += piece.length) splitter.push(piece);
  splitter.push(Buffer.from('\n'));
  assert.equal(overflows, 1);
});

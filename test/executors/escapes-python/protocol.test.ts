import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineSplitter } from '../../../src/executors/pyodide/line-splitter.js';
import { ProtocolViolationError, RunnerChannel, type RunnerChannelOptions } from '../../../src/executors/pyodide/runner-channel.js';
import { snapshotFromLoaded } from '../../../src/executors/pyodide/pyodide-process.js';
import { parseRunnerResult, toExecutionResult } from '../../../src/executors/pyodide/runner-host.js';
import { toWire } from '../../../src/executors/pyodide/wire-values.js';

/**
 * The host trusts nothing a runner says after start-up (issue 16). These drive the host side of the
 * protocol with the lines a hostile child could write, and check that each one is refused, that the
 * owner is told to kill the child, and that every waiter fails instead of taking the forged answer.
 */
function channel(options: Partial<RunnerChannelOptions> = {}) {
  const written: string[] = [];
  const violations: ProtocolViolationError[] = [];
  const loadedMessages: Record<string, unknown>[] = [];
  const runner = new RunnerChannel({
    writeLine: (line) => written.push(line),
    onViolation: (error) => violations.push(error),
    onLoaded: (message) => loadedMessages.push({ ...message }),
    ...options,
  });
  return { runner, written, violations, loadedMessages };
}

async function loadedChannel(options: Partial<RunnerChannelOptions> = {}) {
  const parts = channel(options);
  parts.runner.receive('{"type":"loaded","milliseconds":5}');
  assert.equal(await parts.runner.loaded, 5);
  return parts;
}

/** Sends a command and returns its pending reply (already marked as handled, so a rejection is not unhandled). */
function command(runner: RunnerChannel, onToolCall?: Parameters<RunnerChannel['request']>[1]) {
  const reply = runner.request({ type: 'execute' }, onToolCall);
  reply.catch(() => undefined);
  return reply;
}

describe('the host side of the runner protocol', () => {
  test('a loaded message is taken once, before any command; a second one is a violation', async () => {
    const { runner, violations, loadedMessages } = await loadedChannel();
    runner.receive('{"type":"loaded","milliseconds":1,"snapshot":"AAAA"}');
    assert.equal(violations.length, 1);
    assert.match(violations[0]!.message, /'loaded' message after 'loaded'/);
    assert.equal(loadedMessages.length, 1, 'the second loaded message reached the snapshot taker');
    await assert.rejects(runner.request({ type: 'execute' }), ProtocolViolationError);
  });

  test('a snapshot is taken only from the child asked for one, and only as base64', () => {
    assert.deepEqual(snapshotFromLoaded({ type: 'loaded', snapshot: 'AAEC' }, true), Buffer.from([0, 1, 2]));
    assert.equal(snapshotFromLoaded({ type: 'loaded' }, false), undefined);
    assert.throws(() => snapshotFromLoaded({ type: 'loaded', snapshot: 'AAEC' }, false), /not asked/);
    for (const snapshot of ['', 'not base64!', 42, { $type: 'bytes' }]) {
      assert.throws(() => snapshotFromLoaded({ type: 'loaded', snapshot }, true), ProtocolViolationError, JSON.stringify(snapshot));
    }
  });

  test('nothing but loaded or fatal is accepted while starting', async () => {
    for (const line of ['{"type":"reply","id":1,"ok":true,"result":null}', '{"type":"tool_call","name":"x","args":{}}', '{"type":"surprise"}']) {
      const { runner, violations } = channel();
      runner.receive(line);
      assert.equal(violations.length, 1, line);
      await assert.rejects(runner.loaded, ProtocolViolationError);
    }
    const { runner, violations } = channel();
    runner.receive('{"type":"fatal","message":"no memory"}');
    assert.equal(violations.length, 0);
    assert.equal(runner.fatalMessage, 'no memory');
  });

  test('fatal after loading, unknown types and lines that are not JSON objects are violations', async () => {
    for (const line of ['{"type":"fatal","message":"x"}', '{"type":"loaded"}', 'not json', '[1,2]', '"text"', '{"no":"type"}', '{"type":{"$type":"int","hex":"1"}}']) {
      const { runner, violations } = await loadedChannel();
      const reply = command(runner);
      runner.receive(line);
      assert.equal(violations.length, 1, line);
      await assert.rejects(reply, ProtocolViolationError, line);
    }
  });

  test('a reply must answer the command in flight', async () => {
    const idle = await loadedChannel();
    idle.runner.receive('{"type":"reply","id":1,"ok":true,"result":"forged"}');
    assert.match(idle.violations[0]!.message, /no command was in flight/);

    const wrongId = await loadedChannel();
    const reply = command(wrongId.runner);
    wrongId.runner.receive('{"type":"reply","id":99,"ok":true,"result":"forged"}');
    assert.equal(wrongId.violations.length, 1);
    await assert.rejects(reply, /does not match/);

    const good = await loadedChannel();
    const answer = command(good.runner);
    good.runner.receive('{"type":"reply","id":1,"ok":true,"result":{"$type":"int","hex":"10000000000000000"}}');
    assert.equal(await answer, 2n ** 64n);
    assert.equal(good.violations.length, 0);
  });

  test('tool calls only during a command that takes them, one at a time for Python', async () => {
    const idle = await loadedChannel();
    idle.runner.receive('{"type":"tool_call","name":"search","args":{}}');
    assert.match(idle.violations[0]!.message, /no action was running/);

    const noTools = await loadedChannel();
    const reply = command(noTools.runner);
    noTools.runner.receive('{"type":"tool_call","name":"search","args":{}}');
    assert.equal(noTools.violations.length, 1, 'a tool call during a command without tools');
    await assert.rejects(reply);

    const calls: string[] = [];
    const busy = await loadedChannel();
    const running = command(busy.runner, async (name) => {
      calls.push(name);
      return new Promise(() => {}); // never answers: the second call arrives while the first is open
    });
    busy.runner.receive('{"type":"tool_call","name":"search","args":{}}');
    busy.runner.receive('{"type":"tool_call","name":"search","args":{}}');
    assert.deepEqual(calls, ['search']);
    assert.match(busy.violations[0]!.message, /more tool calls open/);
    await assert.rejects(running);

    const badName = await loadedChannel();
    const named = command(badName.runner, async () => ({ ok: true, value: 1 }));
    badName.runner.receive(`{"type":"tool_call","name":"${'x'.repeat(201)}","args":{}}`);
    assert.match(badName.violations[0]!.message, /valid name/);
    await assert.rejects(named);
  });

  test('tool calls past maxToolCallsPerAction are answered with an error without running the tool, and the count starts again per command', async () => {
    const { runner, written, violations } = await loadedChannel({ maxToolCallsPerAction: 2 });
    const calls: string[] = [];
    const tools = async (name: string) => {
      calls.push(name);
      return { ok: true as const, value: 1 };
    };
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const first = command(runner, tools);
    for (let index = 0; index < 4; index++) {
      runner.receive('{"type":"tool_call","name":"search","args":{}}');
      await settle();
    }
    assert.equal(calls.length, 2);
    const refusals = written.slice(1).map((line) => JSON.parse(line) as { reply: { ok: boolean; error?: string } }).filter((line) => !line.reply.ok);
    assert.equal(refusals.length, 2);
    assert.match(refusals[0]!.reply.error!, /more than 2 times/);
    runner.receive('{"type":"reply","id":1,"ok":true,"result":"done"}');
    await first;
    const second = command(runner, tools);
    runner.receive('{"type":"tool_call","name":"search","args":{}}');
    await settle();
    assert.equal(calls.length, 3, 'a new command may call tools again');
    runner.receive('{"type":"reply","id":2,"ok":true,"result":"done"}');
    await second;
    assert.equal(violations.length, 0);
  });

  test('tool results go back in the wire format, and a legitimate exchange is not a violation', async () => {
    const { runner, written, violations } = await loadedChannel();
    const received: unknown[] = [];
    const reply = command(runner, async (name, args) => {
      received.push(args);
      return { ok: true, value: toWire({ name, back: 2n ** 70n }) };
    });
    runner.receive('{"type":"tool_call","name":"echo","args":{"n":{"$type":"int","hex":"-ff"}}}');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(received, [{ n: -255n }]);
    assert.equal(written.length, 2);
    assert.deepEqual(JSON.parse(written[1]!), { type: 'tool_result', reply: { ok: true, value: { name: 'echo', back: { $type: 'int', hex: '400000000000000000' } } } });
    runner.receive('{"type":"reply","id":1,"ok":true,"result":"done"}');
    assert.equal(await reply, 'done');
    assert.equal(violations.length, 0);
  });

  test('a malformed tagged value is a violation, not a value', async () => {
    for (const tag of ['{"$type":"int","hex":"xyz"}', '{"$type":"bytes","base64":"%%%"}', '{"$type":"float","value":"huge"}', '{"$type":"int","hex":"1","more":1}', '{"$type":"eval","code":"1"}']) {
      const { runner, violations } = await loadedChannel();
      const reply = command(runner);
      runner.receive(`{"type":"reply","id":1,"ok":true,"result":${tag}}`);
      assert.equal(violations.length, 1, tag);
      await assert.rejects(reply);
    }
  });

  test('a reply to execute that is not a runner result is a violation', () => {
    assert.throws(() => parseRunnerResult({ kind: 'final' }), ProtocolViolationError);
    assert.throws(() => parseRunnerResult({ kind: 'steal', logs: '', truncated: false }), ProtocolViolationError);
    assert.throws(() => parseRunnerResult({ kind: 'error', logs: '', truncated: false, line: 'one' }), ProtocolViolationError);
    assert.deepEqual(parseRunnerResult({ kind: 'value', hasValue: true, value: 1, logs: '', truncated: false }).value, 1);
  });

  test('the host cuts prints, the shown value and messages to the caps whatever the runner says (all the Python executors share this)', () => {
    const result = toExecutionResult({ kind: 'value', hasValue: true, value: 1, text: 'v'.repeat(300_000), logs: '😀'.repeat(100), truncated: false }, { maxPrintChars: 51 });
    assert.equal(result.logs.startsWith('😀'.repeat(25) + '\n'), true, 'cut at 50 units, not inside a surrogate pair');
    assert.match(result.logs, /truncated after 51 characters/);
    assert.equal(result.outputText!.length, 100_003);
    const error = (() => {
      try {
        toExecutionResult({ kind: 'error', errorType: 'ValueError', message: 'm'.repeat(3_000_000), logs: '', truncated: false }, { maxPrintChars: 10 });
      } catch (caught) {
        return caught as Error;
      }
      return assert.fail('no error');
    })();
    assert.equal(error.message.length, 1_000_000);
    // What fits is passed on as it is.
    assert.deepEqual(toExecutionResult({ kind: 'value', hasValue: true, value: 2, text: '2', logs: 'ok\n', truncated: false }, { maxPrintChars: 10 }), { output: 2, logs: 'ok\n', isFinalAnswer: false, outputText: '2' });
  });

  test('lines longer than allowed overflow, whole or in pieces, and the limit may change between lines', () => {
    const lines: string[] = [];
    let overflows = 0;
    const splitter = new LineSplitter((line) => lines.push(line), 10, () => overflows++);
    splitter.push(Buffer.from('short\nalso\n'));
    splitter.maxBytes = 4;
    splitter.push(Buffer.from('abcd\nabcde\nlater\n'));
    assert.deepEqual(lines, ['short', 'also', 'abcd']);
    assert.equal(overflows, 1);
    const pieces = new LineSplitter(() => assert.fail('no line expected'), 8, () => overflows++);
    for (const piece of ['abc', 'def', 'ghi', 'jkl\n']) pieces.push(Buffer.from(piece));
    assert.equal(overflows, 2);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { LineReader, UserInputClosedError, UserInputTool } from '../../src/tools/user-input-tool.js';

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return () => text;
}

describe('UserInputTool', () => {
  test('writes the question to its output and returns the next line of input, trimmed', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const written = collect(output);
    const ask = new UserInputTool({ input, output });
    const answer = ask.call({ question: 'What is your name?' });
    input.write('  Ada Lovelace \r\n');
    assert.equal(await answer, 'Ada Lovelace');
    assert.equal(written(), 'What is your name? => Type your answer here: ');
  });

  test('lines piped in at once answer successive questions, even across tool instances', async () => {
    const input = new PassThrough();
    input.end('first\nsecond\nthird');
    const output = new PassThrough();
    const one = new UserInputTool({ input, output });
    const two = new UserInputTool({ input, output });
    assert.equal(await one.call({ question: 'q1' }), 'first');
    assert.equal(await two.call({ question: 'q2' }), 'second');
    // The last line has no newline: still an answer.
    assert.equal(await one.call({ question: 'q3' }), 'third');
    await assert.rejects(one.call({ question: 'q4' }), (error: unknown) => {
      assert.ok(error instanceof UserInputClosedError);
      assert.match(error.message, /input is closed\. Continue without asking the user/);
      return true;
    });
  });

  test('end of input while waiting rejects the waiting question', async () => {
    const input = new PassThrough();
    const pending = new UserInputTool({ input, output: new PassThrough() }).call({ question: 'anyone?' });
    input.end();
    await assert.rejects(pending, UserInputClosedError);
  });

  test("the run's AbortSignal stops waiting, and the next question still gets the next line", async () => {
    const input = new PassThrough();
    const tool = new UserInputTool({ input, output: new PassThrough() });
    const controller = new AbortController();
    const pending = tool.call({ question: 'will be cancelled' }, { signal: controller.signal });
    controller.abort(new Error('run cancelled'));
    await assert.rejects(pending, /run cancelled/);
    const next = tool.call({ question: 'still there?' });
    input.write('yes\n');
    assert.equal(await next, 'yes');
  });

  test('LineReader splits lines across chunks', async () => {
    const input = new PassThrough();
    const reader = new LineReader(input);
    const first = reader.readLine();
    input.write('hel');
    input.write('lo\nwor');
    assert.equal(await first, 'hello');
    input.write('ld\n');
    assert.equal(await reader.readLine(), 'world');
    // A multi-byte character split between chunks stays whole.
    const bytes = Buffer.from('서울\n');
    const third = reader.readLine();
    input.write(bytes.subarray(0, 2));
    input.write(bytes.subarray(2));
    assert.equal(await third, '서울');
  });

  test('with piped stdin in a real process: answers successive questions, prompts on stderr, then exits', async () => {
    const script = `
      import { UserInputTool } from ${JSON.stringify(new URL('../../src/tools/user-input-tool.ts', import.meta.url).href)};
      const tool = new UserInputTool();
      const a = await tool.call({ question: 'First?' });
      const b = await tool.call({ question: 'Second?' });
      console.log(JSON.stringify([a, b]));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdin.end('one\ntwo\nthree\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), '["one","two"]');
    assert.match(stderr, /First\? => Type your answer here: Second\? => Type your answer here: /);
  });
});

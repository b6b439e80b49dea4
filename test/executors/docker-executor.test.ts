import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeExecutionError } from '../../src/errors.js';
import { DockerExecutor } from '../../src/executors/docker/docker-executor.js';
import { encodeFrame, FrameDemuxer } from '../../src/executors/docker/frame-demuxer.js';
import { tool } from '../../src/tools/tool.js';
import { FakeDockerEngine } from '../fixtures/docker/fake-engine.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/docker/engine-exchange.json', import.meta.url), 'utf8')) as {
  http: string[];
  createBody: Record<string, unknown>;
};

/** The fake engine runs the container's command on this machine, so it needs python3 here. */
const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const IMAGE = 'example/python:test';
const add = tool({
  name: 'add',
  description: 'Adds.',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

async function failure(promise: Promise<unknown>): Promise<CodeExecutionError> {
  const error = await promise.then(
    (value) => assert.fail(`expected a failure, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof CodeExecutionError, String(error));
  return error;
}

test('the frame demuxer splits stdout and stderr frames, even cut and glued across chunks', () => {
  const seen: string[] = [];
  const demuxer = new FrameDemuxer((stream, payload) => seen.push(`${stream}:${payload.toString()}`));
  const bytes = Buffer.concat([encodeFrame('stdout', 'hello\n'), encodeFrame('stderr', 'oops'), encodeFrame('stdout', 'é')]);
  for (let index = 0; index < bytes.length; index += 5) demuxer.push(bytes.subarray(index, index + 5));
  assert.deepEqual(seen, ['stdout:hello\n', 'stderr:oops', 'stdout:é']);
});

test('the container is locked down by default, as recorded against a real engine', () => {
  const body = new DockerExecutor({ image: 'localhost/smolagents-test:latest' }).createOptions();
  const { Cmd, ...rest } = body as { Cmd: string[] };
  const { Cmd: recordedCmd, ...recordedRest } = fixture.createBody as { Cmd: string[] };
  assert.deepEqual(rest, recordedRest);
  assert.deepEqual(Cmd.slice(0, 3), recordedCmd.slice(0, 3));
  const networked = new DockerExecutor({ network: true, memoryLimitMb: 128, cpus: 0.5 }).createOptions() as {
    NetworkDisabled: boolean;
    HostConfig: { NetworkMode: string; Memory: number; NanoCpus: number };
  };
  assert.equal(networked.NetworkDisabled, false);
  assert.equal(networked.HostConfig.NetworkMode, 'bridge');
  assert.equal(networked.HostConfig.Memory, 128 * 1024 * 1024);
  assert.equal(networked.HostConfig.NanoCpus, 5e8);
});

describe('DockerExecutor against a fake Docker Engine', { skip: hasPython ? false : 'python3 is not installed' }, () => {
  let engine: FakeDockerEngine;
  before(async () => {
    engine = await FakeDockerEngine.start([IMAGE]);
  });
  after(async () => {
    await engine.close();
  });

  const create = (options: ConstructorParameters<typeof DockerExecutor>[0] = {}) =>
    new DockerExecutor({ image: IMAGE, docker: { socketPath: engine.socketPath }, timeoutMs: 1500, ...options });

  test('speaks the recorded exchange: create, attach, start, wait; tools and state work; dispose removes', async () => {
    engine.requests.length = 0;
    const executor = create();
    await executor.sendTools([add]);
    await executor.execute('kept = 41');
    const result = await executor.execute('print("sum", add(2, b=3))\nfinal_answer(kept + 1)');
    assert.deepEqual(result, { output: 42, logs: 'sum 5\n', isFinalAnswer: true, outputText: '42' });
    await executor.dispose();
    const expected = fixture.http.filter((line) => /^(POST|DELETE) /.test(line) && !line.includes('/kill'));
    assert.deepEqual(engine.requests, expected);
  });

  test('a time-out interrupts the code (KeyboardInterrupt) and keeps the state', async () => {
    const executor = create();
    try {
      await executor.execute('kept = 7');
      const error = await failure(executor.execute('while True:\n    pass'));
      assert.equal(error.errorType, 'TimeoutError');
      assert.doesNotMatch(error.message, /restarted/);
      assert.equal((await executor.execute('kept')).output, 7);
      assert.ok(engine.requests.includes('POST /containers/{id}/kill?signal=SIGINT'));
    } finally {
      await executor.dispose();
    }
  });

  test('code that swallows the interrupt is killed; a new container starts without the old state', async () => {
    const executor = create();
    try {
      await executor.execute('kept = 7');
      const creates = engine.requests.filter((line) => line.startsWith('POST /containers/create')).length;
      const error = await failure(executor.execute('while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass'));
      assert.equal(error.errorType, 'TimeoutError');
      assert.match(error.message, /restarted/);
      const lost = await failure(executor.execute('kept'));
      assert.equal(lost.errorType, 'NameError');
      assert.equal(engine.requests.filter((line) => line.startsWith('POST /containers/create')).length, creates + 1);
    } finally {
      await executor.dispose();
    }
  });

  test('an abort signal stops the action', async () => {
    const executor = create({ timeoutMs: 10_000 });
    try {
      await executor.execute('1');
      const controller = new AbortController();
      const pending = executor.execute('while True:\n    pass', { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await failure(pending);
      assert.equal(error.errorType, 'AbortError');
    } finally {
      await executor.dispose();
    }
  });

  test('a missing image is pulled first; with pull "never" the engine error surfaces', async () => {
    const missing = 'example/python:pulled';
    const never = create({ image: missing, pull: 'never' });
    await assert.rejects(never.execute('1'), /No such image/);
    await never.dispose();
    engine.requests.length = 0;
    const executor = create({ image: missing });
    try {
      assert.equal((await executor.execute('1 + 1')).output, 2);
      assert.deepEqual(engine.requests.slice(0, 3), [
        'POST /containers/create?',
        'POST /images/create?fromImage=example%2Fpython&tag=pulled',
        'POST /containers/create?',
      ]);
    } finally {
      await executor.dispose();
    }
  });

  test('JavaScript actions run in node in the container, with the QuickJS semantics', async () => {
    const executor = create({ language: 'javascript', image: IMAGE });
    try {
      assert.equal(executor.language, 'javascript');
      assert.equal((executor.createOptions().Cmd as string[])[0], 'node');
      await executor.sendTools([add]);
      await executor.execute('const kept = 40;');
      const result = await executor.execute('const [x, y] = await Promise.all([add({ a: 1, b: 2 }), add(3, 4)]);\nconsole.log("sum", x + y);\nfinal_answer(kept + x + y - 8)');
      assert.deepEqual(result, { output: 42, logs: 'sum 10\n', isFinalAnswer: true });
      const imported = await failure(executor.execute("import fs from 'fs';"));
      assert.match(imported.message, /Import of 'fs' is not allowed/);
      const thrown = await failure(executor.execute('const n = 1;\nnotDefined.x;'));
      assert.equal(thrown.errorType, 'ReferenceError');
      assert.equal(thrown.line, 2);
    } finally {
      await executor.dispose();
    }
  });

  test('a memory bomb becomes a MemoryError (address-space limit) and the state survives', async () => {
    const executor = create({ memoryLimitMb: 200 });
    try {
      await executor.execute('kept = 3');
      const error = await failure(executor.execute('hoard = []\nwhile True:\n    hoard.append("x" * 1_000_000)'));
      assert.equal(error.errorType, 'MemoryError');
      assert.match(error.message, /200 MB/);
      assert.equal((await executor.execute('del hoard\nkept')).output, 3);
    } finally {
      await executor.dispose();
    }
  });
});

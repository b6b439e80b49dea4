import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';
import { runSmolagent, startSmolagent } from './run-smolagent.js';

describe('smolagent without a task: the interactive session', () => {
  it('runs piped tasks one by one, keeps memory between them, prints each answer', async () => {
    const server = await startOpenAIWireServer({
      replies: [
        '```js\nconst city = "Lyon";\nfinal_answer(`first: ${city}`)\n```',
        // The second task uses a variable from the first: the sandbox state carries over too.
        '```js\nfinal_answer(`second: ${city.toUpperCase()}`)\n```',
      ],
    });
    try {
      const run = await runSmolagent(['--api-base', server.url, '--model-id', 'm'], {
        input: 'FIRST-TASK name a city\n\nSECOND-TASK shout it\n',
        env: { NO_COLOR: '1' },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.stdout.trim().split('\n'), ['first: Lyon', 'second: LYON']);
      assert.match(run.stderr, /smolagent> /);
      const posts = server.requests.filter((request) => request.method === 'POST');
      assert.equal(posts.length, 2, 'the blank line is not a task');
      const secondMessages = JSON.stringify(posts[1]!.body.messages);
      assert.match(secondMessages, /FIRST-TASK name a city/, 'the follow-up sees the first task');
      assert.match(secondMessages, /first: Lyon/, 'and its answer');
      assert.match(secondMessages, /SECOND-TASK shout it/);
    } finally {
      await server.close();
    }
  });

  it('stops at "exit" and reports a failed task without ending the session', async () => {
    const server = await startOpenAIWireServer({
      replies: [{ status: 400, errorMessage: 'bad request for task one' }, '```js\nfinal_answer("two done")\n```', '```js\nfinal_answer("never")\n```'],
    });
    try {
      const run = await runSmolagent(['--api-base', server.url, '--model-id', 'm', '--quiet'], { input: 'task one\ntask two\nexit\ntask three\n' });
      assert.equal(run.code, 1, 'a failed task makes the session exit 1');
      assert.equal(run.stdout, 'two done\n');
      // --quiet: no prompts, only the failure line on stderr.
      assert.equal(run.stderr, 'smolagent: The model provider failed (400): bad request for task one\n');
      assert.equal(server.requests.filter((request) => request.method === 'POST').length, 2, 'nothing runs after exit');
    } finally {
      await server.close();
    }
  });
});

describe('smolagent --tools with a local TypeScript module', () => {
  it('loads every exported tool (class-made and plain-object) and the code calls them', async () => {
    const server = await startOpenAIWireServer({
      replies: ['```js\nconst p = await multiply({ a: 6, b: 7 });\nconst s = await shout({ text: "done" });\nfinal_answer(`${s} ${p}`)\n```'],
    });
    try {
      const run = await runSmolagent(['compute', '--api-base', server.url, '--model-id', 'm', '--tools', './test/cli/fixtures/fixture-tools.ts'], {
        env: { NO_COLOR: '1' },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.lastLine, 'DONE 42');
      assert.match(run.stderr, /tools: multiply, shout, final_answer/);
      const system = JSON.stringify(server.requests[0]!.body.messages[0]);
      assert.match(system, /multiply/);
      assert.match(system, /Returns the text in capitals/);
    } finally {
      await server.close();
    }
  });
});

describe('smolagent and Ctrl-C', () => {
  // The timeout is a safety net so that a regression fails the test instead of hanging the suite.
  it('SIGINT aborts the run in flight and exits 130 with one line', { timeout: 60_000 }, async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await startOpenAIWireServer({ replies: [{ content: 'Thought: this reply is held open for a long while', holdUntil: held }] });
    try {
      const { child, done } = startSmolagent(['long task', '--api-base', server.url, '--model-id', 'm', '--stream'], { env: { NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Wait (by events, not by time) until the model's stream is provably in flight.
      // The server sends the first 4 characters, then holds the stream open.
      await new Promise<void>((resolve) => {
        const check = () => (stderr.includes('Thou') ? resolve() : child.stderr.once('data', check));
        child.once('close', () => resolve());
        check();
      });
      child.kill('SIGINT');
      const run = await done;
      assert.equal(run.code, 130, run.stderr);
      assert.match(run.stderr, /Interrupted: stopping the run/);
      assert.match(run.stderr, /smolagent: interrupted\./);
      assert.equal(run.stdout, '');
    } finally {
      release();
      await server.close();
    }
  });
});

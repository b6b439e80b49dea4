import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAIWireServer, type OpenAIWireServer, type WireReply } from '../support/openai-wire-server.js';
import { reasonLines, runSmolagent } from './run-smolagent.js';

// One wire server for the file; each test scripts its replies by task text so tests stay independent.
const scripts = new Map<string, (string | WireReply)[]>();
let server: OpenAIWireServer;

function taskOf(body: { messages?: { role: string; content: unknown }[] }): string {
  const user = body.messages?.find((message) => message.role === 'user');
  const content = typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
  return [...scripts.keys()].find((key) => content.includes(key)) ?? '';
}

function repliesFor(task: string, replies: (string | WireReply)[]): string {
  scripts.set(task, [...replies]);
  return task;
}

function requestsFor(task: string) {
  return server.requests.filter((request) => request.method === 'POST' && taskOf(request.body) === task);
}

before(async () => {
  server = await startOpenAIWireServer({
    replies: (request) => {
      const queue = scripts.get(taskOf(request.body));
      return queue?.shift() ?? { status: 400, errorMessage: 'no scripted reply for this task' };
    },
  });
});
after(() => server.close());

const base = () => ['--api-base', server.url, '--model-id', 'wire-model', '--api-key', 'test-key'];

describe('smolagent (code agent, one task)', () => {
  it('prints the answer as the last stdout line and the step log on stderr', async () => {
    const task = repliesFor('TASK-CODE: what is 6 times 7?', [
      { content: 'Thought: compute it.\n```js\nconst x = 6 * 7;\nconsole.log("product", x);\n```', usage: { prompt_tokens: 1234, completion_tokens: 56 } },
      { content: 'Thought: answer.\n```js\nfinal_answer(`The answer is ${x}`)\n```', usage: { prompt_tokens: 1500, completion_tokens: 20 } },
    ]);
    const run = await runSmolagent([task, ...base()], { env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'The answer is 42\n', 'stdout holds only the answer');
    for (const expected of [
      'Model: OpenAIServerModel wire-model',
      '━━ Step 1',
      'Thought: compute it.',
      'const x = 6 * 7;',
      'product 42',
      '[Step 1: Duration ',
      'Input tokens: 1,234 | Output tokens: 56]',
      '━━ Step 2',
      'Final answer: The answer is 42',
      '2 steps | Input tokens: 2,734 | Output tokens: 76',
    ]) {
      assert.ok(run.stderr.includes(expected), `stderr lacks "${expected}":\n${run.stderr}`);
    }
    assert.doesNotMatch(run.stderr, /\u001b\[/, 'NO_COLOR: no escape codes');
    const requests = requestsFor(task);
    assert.equal(requests.length, 2);
    assert.equal(requests[0]!.body.model, 'wire-model');
    assert.equal(requests[0]!.headers.authorization, 'Bearer test-key');
    // The second request carries the first step's observation: the loop really ran the code.
    assert.match(JSON.stringify(requests[1]!.body.messages), /product 42/);
  });

  it('colours the log when FORCE_COLOR is set, and prints non-string answers as one line of JSON', async () => {
    const task = repliesFor('TASK-COLOR: list', ['```js\nfinal_answer({ items: [1, 2], ok: true })\n```']);
    const run = await runSmolagent([task, ...base()], { env: { FORCE_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lastLine, '{"items":[1,2],"ok":true}');
    assert.match(run.stderr, /\u001b\[\d+m/);
  });

  it('--json prints the full result', async () => {
    const task = repliesFor('TASK-JSON: answer', [{ content: '```js\nfinal_answer(42)\n```', usage: { prompt_tokens: 100, completion_tokens: 7 } }]);
    const run = await runSmolagent([task, ...base(), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim());
    assert.equal(result.output, 42);
    assert.equal(result.state, 'success');
    assert.equal(result.steps, 1);
    assert.deepEqual(result.tokenUsage, { inputTokens: 100, outputTokens: 7 });
    assert.equal(typeof result.timing.duration, 'number');
  });

  it('--quiet prints only the answer', async () => {
    const task = repliesFor('TASK-QUIET: hello', ['```js\nfinal_answer("hi")\n```']);
    const run = await runSmolagent([task, ...base(), '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'hi\n');
    assert.equal(run.stderr, '');
  });

  it('--stream asks the server to stream and writes the tokens to the log', async () => {
    const task = repliesFor('TASK-STREAM: go', ['Thought: streaming along nicely.\n```js\nfinal_answer("streamed")\n```']);
    const run = await runSmolagent([task, ...base(), '--stream'], { env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lastLine, 'streamed');
    assert.equal(requestsFor(task)[0]!.body.stream, true);
    assert.match(run.stderr, /Thought: streaming along nicely\./);
  });

  it('--max-steps: when the steps run out the answer comes from memory, exit 0', async () => {
    const task = repliesFor('TASK-MAX: loop', ['```js\nconsole.log("still working")\n```', 'Best guess from memory: 7']);
    const run = await runSmolagent([task, ...base(), '--max-steps', '1', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim());
    assert.equal(result.state, 'max_steps_error');
    assert.equal(result.output, 'Best guess from memory: 7');
    assert.equal(result.steps, 1, '--max-steps 1: one step ran; the answer from memory is not a step');
    assert.match(run.stderr, /used all its steps/);
  });
});

describe('smolagent --agent-type tool-calling', () => {
  it('runs native tool calls and prints the final answer', async () => {
    const task = repliesFor('TASK-TOOLS: capital of France?', [
      { content: '', toolCalls: [{ name: 'final_answer', arguments: { answer: 'Paris' } }] },
    ]);
    const run = await runSmolagent([task, ...base(), '--agent-type', 'tool-calling', '--tools', 'web_search,visit_webpage'], { env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lastLine, 'Paris');
    assert.match(run.stderr, /→ final_answer\(\{"answer":"Paris"\}\)/);
    const [request] = requestsFor(task);
    assert.ok(Array.isArray(request!.body.tools), 'tools are sent for native tool calling');
    const names = request!.body.tools.map((entry: { function: { name: string } }) => entry.function.name);
    assert.deepEqual(names.sort(), ['final_answer', 'visit_webpage', 'web_search'], 'default tools loaded by name');
    assert.deepEqual(reasonLines(run.stderr), []);
  });
});

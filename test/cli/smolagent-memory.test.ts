import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCliArguments } from '../../src/cli/parse-arguments.js';
import { startOpenAIWireServer, type OpenAIWireServer, type RecordedRequest, type WireReply } from '../support/openai-wire-server.js';
import { runSmolagent } from './run-smolagent.js';

// The compaction call is told apart by its instructions; every other request is an action step.
const isCompaction = (request: RecordedRequest) => String(request.body?.messages?.[0]?.content ?? '').startsWith('You keep the notes');
let server: OpenAIWireServer;

before(async () => {
  server = await startOpenAIWireServer({
    replies: (request): string | WireReply => {
      if (isCompaction(request)) return 'Notes: printed rows 1 to 5; MARKER-91 was printed at step 1.';
      const content = JSON.stringify(request.body.messages);
      if (content.includes('TASK-CACHED')) {
        return content.includes('product') ? { content: 'Thought: done.\n```js\nfinal_answer(x)\n```', usage: { prompt_tokens: 1500, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 1280 } } } : { content: 'Thought: compute.\n```js\nconst x = 6 * 7;\nconsole.log("product", x);\n```', usage: { prompt_tokens: 1234, completion_tokens: 56 } };
      }
      const steps = (request.body.messages as { role: string }[]).filter((message) => message.role === 'assistant').length;
      if (steps >= 8 || (content.includes('Notes: printed rows') && steps >= 2)) {
        return `Thought: answer.\n\`\`\`js\nfinal_answer(${JSON.stringify(content.includes('MARKER-91') ? 'kept' : 'lost')});\n\`\`\``;
      }
      return `Thought: print more.\n\`\`\`js\nconsole.log(${steps === 0 ? '"MARKER-91 " + ' : ''}"row ".repeat(400));\n\`\`\``;
    },
  });
});
after(() => server.close());

const base = () => ['--api-base', server.url, '--model-id', 'gpt-4o-mini', '--api-key', 'test-key'];

describe('smolagent --max-tokens-memory', () => {
  it('parses a positive whole number and refuses anything else', () => {
    assert.equal(parseCliArguments(['t', '--max-tokens-memory', '8000']).maxTokensMemory, 8000);
    assert.equal(parseCliArguments(['t']).maxTokensMemory, undefined);
    for (const bad of ['0', '-5', '1.5', 'lots']) {
      assert.throws(() => parseCliArguments(['t', `--max-tokens-memory=${bad}`]), new RegExp(`--max-tokens-memory needs a positive whole number, got '${bad}'`));
    }
  });

  it('keeps requests within the budget, logs the compaction, and the fact survives in the summary', async () => {
    const before = server.requests.length;
    const run = await runSmolagent(['TASK-LONG: print rows, then say whether the marker is still known', ...base(), '--max-tokens-memory', '4000'], { env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lastLine, 'kept');
    assert.match(run.stderr, /\[Memory: older (steps folded into a summary|observations shortened), [\d,]+ → [\d,]+ tokens/);
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    for (const request of server.requests.slice(before)) {
      const text = (request.body.messages as { content: string }[]).map((message) => message.content ?? '').join('');
      assert.ok(countTokens(text) <= 4000, `request within the budget (${countTokens(text)})`);
    }
    assert.ok(server.requests.slice(before).some(isCompaction), 'a compaction call was made');
  });

  it('a budget smaller than the system prompt needs fails before any request, in one line', async () => {
    const before = server.requests.length;
    const run = await runSmolagent(['TASK-SMALL: anything', ...base(), '--max-tokens-memory', '500']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /maxTokensMemory is 500 tokens, but the system prompt \([\d,]+ tokens\) and the task take [\d,]+ \(counted with o200k_base\)/);
    assert.equal(server.requests.length, before);
  });

  it('shows cached input tokens in the step footer, the summary and --json', async () => {
    const run = await runSmolagent(['TASK-CACHED: what is 6 times 7?', ...base()], { env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stderr.includes('Input tokens: 1,500 (1,280 cached) | Output tokens: 20]'), run.stderr);
    assert.ok(run.stderr.includes('2 steps | Input tokens: 2,734 (1,280 cached) | Output tokens: 76'), run.stderr);
    const json = await runSmolagent(['TASK-CACHED: what is 6 times 7?', ...base(), '--json', '--quiet']);
    assert.deepEqual(JSON.parse(json.lastLine).tokenUsage, { inputTokens: 2734, outputTokens: 76, cachedInputTokens: 1280 });
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openAIEncodingFor } from '../../src/memory/openai-tokenizer.js';
import { countRequestTokens, memoizeTokenCounter, tokenCounterFor, type TokenCounter } from '../../src/memory/token-counter.js';
import { estimateTokens } from '../../src/memory/token-estimate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('token counting', () => {
  test('OpenAI-family model ids get their encoding, behind provider prefixes too; other models get none', () => {
    const cases: Record<string, string | undefined> = {
      'gpt-4o': 'o200k_base',
      'gpt-4o-mini-2024-07-18': 'o200k_base',
      'openai/gpt-4.1-mini': 'o200k_base',
      'gpt-5': 'o200k_base',
      o1: 'o200k_base',
      'o3-mini': 'o200k_base',
      'gpt-oss-120b': 'o200k_base',
      'gpt-4': 'cl100k_base',
      'gpt-4-turbo': 'cl100k_base',
      'gpt-3.5-turbo': 'cl100k_base',
      'Qwen/Qwen2.5-Coder-32B-Instruct': undefined,
      'anthropic/claude-sonnet-4-5': undefined,
      'meta-llama/Llama-3.3-70B-Instruct': undefined,
      omni: undefined,
    };
    for (const [modelId, encoding] of Object.entries(cases)) assert.equal(openAIEncodingFor(modelId), encoding, modelId);
  });

  test("the real tokenizer counts OpenAI models' text exactly, and special-token text is plain text", async () => {
    const o200k = await tokenCounterFor('gpt-4o');
    assert.equal(o200k.name, 'o200k_base');
    assert.equal(o200k.countText('hello world'), 2);
    assert.equal(o200k.countText('hi <|endoftext|> there'), 9, 'no throw on special tokens');
    const cl100k = await tokenCounterFor('gpt-4');
    assert.equal(cl100k.name, 'cl100k_base');
    assert.equal(cl100k.countText('안녕하세요'), 5);
    assert.equal((await tokenCounterFor('qwen2.5-coder')).name, 'estimate');
  });

  test('the estimate weighs words, digits, Hangul, symbols and indentation, plus 5%', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('hello world'), 3, '1.4 per 5-letter word, × 1.05, rounded up');
    assert.equal(estimateTokens('12345'), 6, 'one token per digit, as Qwen and Gemini split them');
    assert.equal(estimateTokens('안녕하세요'), 5, '0.9 per Hangul syllable');
    assert.equal(estimateTokens('internationalization'), 3, 'a long word: 1 + 0.4 per 4 letters past the first 4');
    assert.equal(estimateTokens('createDefaultTool'), 4, 'case changes start new tokens');
    assert.equal(estimateTokens('a.b(c);'), 6, '0.55 per symbol');
    assert.equal(estimateTokens('x\n        y'), 5, 'a newline and 8 spaces of indentation');
  });

  test('a request counts each message with its framing, tool calls and tool definitions', () => {
    const quarter: TokenCounter = { name: 'quarter', countText: (text) => Math.ceil(text.length / 4) };
    assert.equal(countRequestTokens(quarter, [{ role: 'user', content: 'abcd' }, { role: 'assistant', content: 'efgh' }]), 3 + 2 * (3 + 1));
    const withCall = countRequestTokens(quarter, [{ role: 'assistant', content: '', toolCalls: [{ id: '1', name: 'tool', arguments: { a: 1 } }] }]);
    assert.equal(withCall, 3 + 3 + 6 + 1 + 2);
    const tools = [{ name: 'tool', description: 'd', parameters: {} }];
    assert.equal(countRequestTokens(quarter, [], tools), 3 + Math.ceil(JSON.stringify(tools).length / 4));
  });

  test('memoized counts are the same counts', () => {
    let calls = 0;
    const counter = memoizeTokenCounter({ name: 'n', countText: (text) => (calls++, text.length) });
    const long = 'x'.repeat(100);
    assert.equal(counter.countText(long), 100);
    assert.equal(counter.countText(long), 100);
    assert.equal(calls, 1);
  });

  test('importing the library loads no tokenizer; a budgeted OpenAI run loads it', () => {
    const run = (code: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/log-resolves.mjs', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
    const plain = run("await import('./src/index.ts');");
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stderr, /resolved: zod/, 'the hook sees package imports');
    assert.doesNotMatch(plain.stderr, /gpt-tokenizer/);
    const budgeted = run(`
      const { ToolCallingAgent, ScriptedModel } = await import('./src/index.ts');
      const model = new ScriptedModel([{ role: 'assistant', content: '', toolCalls: [{ id: '1', name: 'final_answer', arguments: { answer: 'ok' } }] }], { modelId: 'gpt-4o' });
      console.log(await new ToolCallingAgent({ model, maxTokensMemory: 8000 }).run('x'));`);
    assert.equal(budgeted.status, 0, budgeted.stderr);
    assert.equal(budgeted.stdout.trim(), 'ok');
    assert.match(budgeted.stderr, /resolved: gpt-tokenizer\/encoding\/o200k_base/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ModelError } from '../../src/errors.js';
import type { ChatMessageStreamDelta } from '../../src/models/model.js';
import { parseToolCallsFromText } from '../../src/models/text-tool-calls.js';
import { toTemplateMessages, TransformersModel } from '../../src/models/transformers-model.js';
import { writeTinyCausalLm } from '../support/tiny-causal-lm.js';

// The tiny model always answers this after the prompt (see tiny-causal-lm.ts), then ends.
const REPLY = 'Sky blue!';
const SPECIAL = /<\|im_start\|>|<\|im_end\|>/g;
/** Token count of a rendered prompt: the tiny tokenizer is one token per character or special token. */
const tokenCount = (rendered: string): number => rendered.replace(SPECIAL, '#').length;

let root: string;
let model: TransformersModel;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'smolagents-tiny-lm-'));
  await writeTinyCausalLm(join(root, 'tiny'), REPLY);
  model = new TransformersModel({ modelId: join(root, 'tiny'), dtype: 'fp32', maxNewTokens: 64 });
  await model.load();
});
after(() => rm(root, { recursive: true, force: true }));

describe('TransformersModel on a tiny local ONNX model', () => {
  it('applies the chat template, generates greedily to end-of-sequence and counts tokens', async () => {
    const reply = await model.generate([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Colour of the sky?' },
    ]);
    assert.equal(reply.content, REPLY);
    const prompt = '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nColour of the sky?<|im_end|>\n<|im_start|>assistant\n';
    // Output counts the end-of-sequence token too.
    assert.deepEqual(reply.tokenUsage, { inputTokens: tokenCount(prompt), outputTokens: REPLY.length + 1 });
  });

  it('stops generating at a stop sequence, not only cutting the text', async () => {
    const reply = await model.generate([{ role: 'user', content: 'x' }], { stopSequences: ['blu'] });
    assert.equal(reply.content, 'Sky ');
    assert.ok(reply.tokenUsage!.outputTokens < REPLY.length + 1, `generation ran on: ${reply.tokenUsage!.outputTokens} tokens`);
  });

  it('honours maxNewTokens', async () => {
    const short = new TransformersModel({ modelId: join(root, 'tiny'), dtype: 'fp32', maxNewTokens: 3 });
    const reply = await short.generate([{ role: 'user', content: 'x' }]);
    assert.equal(reply.content, 'Sky');
    assert.equal(reply.tokenUsage!.outputTokens, 3);
  });

  it('streams the reply as several text deltas through TextStreamer, usage last', async () => {
    const deltas: ChatMessageStreamDelta[] = [];
    for await (const delta of model.generateStream([{ role: 'user', content: 'x' }])) deltas.push(delta);
    const texts = deltas.filter((delta) => delta.content).map((delta) => delta.content);
    assert.ok(texts.length >= 2, `expected several deltas, got ${JSON.stringify(texts)}`);
    assert.equal(texts.join(''), REPLY);
    assert.equal(deltas.at(-1)!.tokenUsage?.outputTokens, REPLY.length + 1);
  });

  it('serves concurrent calls, and a consumer that stops reading early leaves the model usable', async () => {
    const [a, b] = await Promise.all([
      model.generate([{ role: 'user', content: 'one' }]),
      model.generate([{ role: 'user', content: 'two' }]),
    ]);
    assert.equal(a.content, REPLY);
    assert.equal(b.content, REPLY);
    for await (const delta of model.generateStream([{ role: 'user', content: 'x' }])) {
      if (delta.content) break;
    }
    assert.equal((await model.generate([{ role: 'user', content: 'again' }])).content, REPLY);
  });

  it('gives tool definitions to the chat template', async () => {
    const tools = [
      { name: 'a', description: 'A', parameters: { type: 'object', properties: {} } },
      { name: 'b', description: 'B', parameters: { type: 'object', properties: {} } },
    ];
    const plain = await model.generate([{ role: 'user', content: 'x' }]);
    const withTools = await model.generate([{ role: 'user', content: 'x' }], { tools });
    // The template renders "<|im_start|>tools\n2 tools<|im_end|>\n" when it receives tools.
    assert.equal(withTools.tokenUsage!.inputTokens - plain.tokenUsage!.inputTokens, tokenCount('<|im_start|>tools\n2 tools<|im_end|>\n'));
    assert.equal(withTools.toolCalls, undefined, 'plain text is not a tool call');
  });

  it('rejects with the abort reason when the signal is already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    controller.abort(reason);
    await assert.rejects(model.generate([{ role: 'user', content: 'x' }], { signal: controller.signal }), (error: unknown) => error === reason);
  });

  it('reports a model that cannot be found locally as a ModelError, without going online', async () => {
    const missing = new TransformersModel({ modelId: 'nobody-here/not-a-model', localFilesOnly: true, cacheDir: join(root, 'cache') });
    await assert.rejects(missing.generate([{ role: 'user', content: 'x' }]), (error: unknown) => {
      assert.ok(error instanceof ModelError);
      assert.match(error.message, /nobody-here\/not-a-model/);
      return true;
    });
  });
});

describe('TransformersModel message and tool-call helpers', () => {
  it('turns tool results into user turns and merges consecutive same-role turns', () => {
    assert.deepEqual(
      toTemplateMessages([
        { role: 'system', content: 'S' },
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'Calling.', toolCalls: [{ id: '1', name: 'search', arguments: { q: 'x' } }] },
        { role: 'tool', toolCallId: '1', content: 'result' },
        { role: 'user', content: 'Go on' },
      ]),
      [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'Calling.\n{"name":"search","arguments":{"q":"x"}}' },
        { role: 'user', content: 'result\nGo on' },
      ],
    );
  });

  it('parses tool calls written as text: tagged, bare, and Llama-style "parameters"', () => {
    assert.deepEqual(parseToolCallsFromText('<tool_call>\n{"name": "search", "arguments": {"q": "cats"}}\n</tool_call>'), [
      { id: 'call_0', name: 'search', arguments: { q: 'cats' } },
    ]);
    assert.deepEqual(parseToolCallsFromText('Sure: {"name": "final_answer", "parameters": {"answer": "a } brace"}} done'), [
      { id: 'call_0', name: 'final_answer', arguments: { answer: 'a } brace' } },
    ]);
    assert.deepEqual(parseToolCallsFromText('no call here {not json}'), []);
  });
});

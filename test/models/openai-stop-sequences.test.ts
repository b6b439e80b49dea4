import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InferenceClientModel } from '../../src/models/inference-client-model.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { StopSequenceCutter, supportsStopParameter } from '../../src/models/stop-sequences.js';
import { StreamAccumulator } from '../../src/models/stream.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

describe('stop sequences for models that reject `stop`', () => {
  test('supportsStopParameter follows the model id', () => {
    for (const id of ['o3', 'o3-2025-04-16', 'openai/o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'grok-4', 'xai.grok-3-mini']) {
      assert.equal(supportsStopParameter(id), false, id);
    }
    for (const id of ['o3-mini', 'gpt-4o-mini', 'gpt-4.1', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'llama3', 'oss-o3-like']) {
      assert.equal(supportsStopParameter(id), true, id);
    }
  });

  test('StopSequenceCutter never emits text past a stop split across pushes', () => {
    const cutter = new StopSequenceCutter(['<end_code>', 'Observation:']);
    const emitted = ['code```<e', 'nd_', 'code>\nObservation: made up', 'more'].map((piece) => cutter.push(piece));
    assert.equal(emitted.join('') + cutter.flush(), 'code```');
    const partial = new StopSequenceCutter(['<end_code>']);
    assert.equal(partial.push('a <end'), 'a ');
    assert.equal(partial.push(' not a stop'), '<end not a stop');
    assert.equal(partial.push('tail <'), 'tail ');
    assert.equal(partial.flush(), '<');
  });

  const reply = { content: 'Thought: ok\nCode:\n```js\nfinal_answer(1)\n```<end_code>\nObservation: invented', usage: { prompt_tokens: 4, completion_tokens: 9 } };
  const expected = 'Thought: ok\nCode:\n```js\nfinal_answer(1)\n```';

  test('a gpt-5 model gets no `stop` field and the reply is cut here, streamed or not', async () => {
    const server = await startOpenAIWireServer({ replies: [reply, reply, reply] });
    try {
      const model = new OpenAIServerModel({ modelId: 'gpt-5-mini', apiBase: server.url, apiKey: 'k' });
      const stopSequences = ['<end_code>', 'Observation:'];
      assert.equal((await model.generate([{ role: 'user', content: 'q' }], { stopSequences })).content, expected);
      const accumulator = new StreamAccumulator();
      for await (const delta of model.generateStream([{ role: 'user', content: 'q' }], { stopSequences })) accumulator.add(delta);
      assert.equal(accumulator.text, expected);
      assert.deepEqual(accumulator.toMessage().tokenUsage, { inputTokens: 4, outputTokens: 9 }, 'usage after the stop still arrives');
      assert.equal(server.requests[0]!.body.stop, undefined);
      assert.equal(server.requests[1]!.body.stop, undefined);
      // The override: a server known to accept `stop` gets it whatever the id says.
      await new OpenAIServerModel({ modelId: 'gpt-5-mini', apiBase: server.url, apiKey: 'k', supportsStopParameter: true }).generate([{ role: 'user', content: 'q' }], { stopSequences });
      assert.deepEqual(server.requests[2]!.body.stop, stopSequences);
    } finally {
      await server.close();
    }
  });

  test('InferenceClientModel honours supportsStopParameter: false too', async () => {
    const server = await startOpenAIWireServer({ replies: [reply] });
    try {
      const model = new InferenceClientModel({ modelId: 'org/m', apiBase: server.url, token: 'hf_x', supportsStopParameter: false });
      assert.equal((await model.generate([{ role: 'user', content: 'q' }], { stopSequences: ['<end_code>'] })).content, expected);
      assert.equal(server.requests[0]!.body.stop, undefined);
      assert.equal(server.requests[0]!.body.supportsStopParameter, undefined);
    } finally {
      await server.close();
    }
  });
});

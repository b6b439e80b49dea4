import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { ModelError } from '../../src/errors.js';
import type { ChatMessage } from '../../src/models/model.js';
import { DEFAULT_INFERENCE_CLIENT_MODEL_ID, InferenceClientModel, type InferenceClientModelOptions } from '../../src/models/inference-client-model.js';
import { StreamAccumulator } from '../../src/models/stream.js';
import { tool } from '../../src/tools/tool.js';
import { startOpenAIWireServer, type WireReplies } from '../support/openai-wire-server.js';

const user = (content: string): ChatMessage[] => [{ role: 'user', content }];
const tinyBackoff = { baseDelayMs: 1, maxDelayMs: 5 };

async function withServer(replies: WireReplies, run: (server: Awaited<ReturnType<typeof startOpenAIWireServer>>, model: (extra?: InferenceClientModelOptions) => InferenceClientModel) => Promise<void>): Promise<void> {
  const server = await startOpenAIWireServer({ replies });
  try {
    await run(server, (extra = {}) => new InferenceClientModel({ modelId: 'org/model', apiBase: server.url, token: 'hf_test', retry: tinyBackoff, ...extra }));
  } finally {
    await server.close();
  }
}

describe('InferenceClientModel', () => {
  test('defaults follow smolagents and the token falls back to HF_TOKEN', () => {
    assert.equal(new InferenceClientModel().modelId, DEFAULT_INFERENCE_CLIENT_MODEL_ID);
    assert.equal(DEFAULT_INFERENCE_CLIENT_MODEL_ID, 'Qwen/Qwen2.5-Coder-32B-Instruct');
  });

  test('generate against an endpoint: body, auth, bill-to, usage, stop, extra params', async () => {
    await withServer([{ content: 'Hi<stop>rest', usage: { prompt_tokens: 5, completion_tokens: 1 } }], async (server, model) => {
      const reply = await model({ billTo: 'my-org', temperature: 0.1 }).generate(user('hello'), { stopSequences: ['<stop>'] });
      assert.equal(reply.content, 'Hi');
      assert.deepEqual(reply.tokenUsage, { inputTokens: 5, outputTokens: 1 });
      const request = server.requests[0]!;
      assert.equal(request.path, '/v1/chat/completions');
      assert.equal(request.headers.authorization, 'Bearer hf_test');
      assert.equal(request.headers['x-hf-bill-to'], 'my-org');
      assert.equal(request.body.model, 'org/model');
      assert.equal(request.body.temperature, 0.1);
      assert.deepEqual(request.body.stop, ['<stop>']);
      assert.deepEqual(request.body.messages, [{ role: 'user', content: 'hello' }]);
      assert.equal(request.body.billTo, undefined);
      assert.equal(request.body.provider, undefined);
    });
  });

  test('HF_TOKEN is used when no token is given', async () => {
    const saved = process.env['HF_TOKEN'];
    process.env['HF_TOKEN'] = 'hf_from_env';
    try {
      await withServer(['ok'], async (server) => {
        await new InferenceClientModel({ modelId: 'm', endpointUrl: server.url }).generate(user('q'));
        assert.equal(server.requests[0]!.headers.authorization, 'Bearer hf_from_env');
      });
    } finally {
      if (saved === undefined) delete process.env['HF_TOKEN'];
      else process.env['HF_TOKEN'] = saved;
    }
  });

  test('tool calls both ways and streaming reassembly with usage', async () => {
    const replies = [
      { toolCalls: [{ id: 'c1', name: 'add', arguments: { a: 1, b: 2 } }] },
      { content: 'The sum is three.', usage: { prompt_tokens: 20, completion_tokens: 5 } },
    ];
    await withServer(replies, async (server, model) => {
      const tools = [{ name: 'add', description: 'Adds.', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } }];
      const first = await model().generate(user('1+2?'), { tools, toolChoice: 'auto' });
      assert.deepEqual(first.toolCalls, [{ id: 'c1', name: 'add', arguments: { a: 1, b: 2 } }]);
      assert.equal(server.requests[0]!.body.tools[0].function.name, 'add');
      const accumulator = new StreamAccumulator();
      let pieces = 0;
      for await (const delta of model().generateStream([...user('1+2?'), first, { role: 'tool', toolCallId: 'c1', content: '3' }])) {
        if (delta.content) pieces++;
        accumulator.add(delta);
      }
      assert.ok(pieces > 1);
      assert.equal(accumulator.text, 'The sum is three.');
      assert.deepEqual(accumulator.toMessage().tokenUsage, { inputTokens: 20, outputTokens: 5 });
      const body = server.requests[1]!.body;
      assert.equal(body.stream, true);
      assert.deepEqual(body.messages.slice(1), [
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{"a":1,"b":2}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '3' },
      ]);
    });
  });

  test('429 with Retry-After and 503 are retried by our backoff, not the client loop', async () => {
    const replies = [{ status: 429, headers: { 'retry-after': '0' }, errorMessage: 'too many' }, { status: 503, errorMessage: 'loading' }, 'finally'];
    await withServer(replies, async (server, model) => {
      const waits: number[] = [];
      const reply = await model({ retry: { baseDelayMs: 1, maxDelayMs: 10_000, onRetry: ({ delayMs }) => waits.push(delayMs) } }).generate(user('q'));
      assert.equal(reply.content, 'finally');
      assert.equal(server.requests.length, 3);
      assert.equal(waits[0], 0, 'Retry-After: 0 is honoured');
    });
  });

  test('streams retry before the first delta', async () => {
    await withServer([{ status: 500, errorMessage: 'oops' }, 'streamed'], async (server, model) => {
      const accumulator = new StreamAccumulator();
      for await (const delta of model().generateStream(user('q'))) accumulator.add(delta);
      assert.equal(accumulator.text, 'streamed');
      assert.equal(server.requests.length, 2);
    });
  });

  test('400 is a non-retryable ModelError with the provider message; exhausted retries keep the status', async () => {
    await withServer(() => ({ status: 400, errorMessage: 'Model requires a Pro subscription' }), async (server, model) => {
      await assert.rejects(model().generate(user('q')), (error: unknown) => {
        assert.ok(error instanceof ModelError);
        assert.equal(error.status, 400);
        assert.equal(error.retryable, false);
        assert.equal(error.providerMessage, 'Model requires a Pro subscription');
        return true;
      });
      assert.equal(server.requests.length, 1);
    });
    await withServer(() => ({ status: 502, errorMessage: 'upstream' }), async (server, model) => {
      await assert.rejects(model({ maxRetries: 1 }).generateStream(user('q'))[Symbol.asyncIterator]().next(), (error: unknown) => error instanceof ModelError && error.status === 502 && error.retryable);
      assert.equal(server.requests.length, 2);
    });
  });

  test('network failure is retryable; abort stays an abort', async () => {
    const server = await startOpenAIWireServer({ replies: [] });
    const url = server.url;
    await server.close();
    const model = new InferenceClientModel({ modelId: 'm', apiBase: url, token: 'hf_x', maxRetries: 1, retry: tinyBackoff });
    await assert.rejects(model.generate(user('q')), (error: unknown) => error instanceof ModelError && error.retryable && error.status === undefined);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await assert.rejects(model.generate(user('q'), { signal: controller.signal }), /cancelled by test/);
  });

  test('a ToolCallingAgent runs end to end over it', async () => {
    const add = tool({ name: 'add', description: 'Adds.', inputSchema: z.object({ a: z.number(), b: z.number() }), outputType: 'number', execute: ({ a, b }) => a + b });
    const replies = [
      { toolCalls: [{ id: 'x', name: 'add', arguments: { a: 20, b: 22 } }] },
      (() => ({ toolCalls: [{ id: 'y', name: 'final_answer', arguments: { answer: 42 } }] }))(),
    ];
    await withServer(replies, async (server, model) => {
      const agent = new ToolCallingAgent({ model: model(), tools: [add], streamOutputs: true });
      assert.equal(await agent.run('20 + 22?'), 42);
      const toolMessage = server.requests[1]!.body.messages.find((m: { role: string }) => m.role === 'tool');
      assert.equal(toolMessage.tool_call_id, 'x');
      assert.match(toolMessage.content, /42/);
    });
  });
});

test('InferenceClientModel: aborting mid-stream rejects with the abort reason', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const server = await startOpenAIWireServer({ replies: [{ content: 'first piece, then more', holdUntil: gate }] });
  try {
    const model = new InferenceClientModel({ modelId: 'm', apiBase: server.url, token: 'hf_x' });
    const controller = new AbortController();
    const received: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const delta of model.generateStream(user('q'), { signal: controller.signal })) {
          if (delta.content) received.push(delta.content);
          controller.abort(new Error('hf stream stopped'));
        }
      })(),
      /hf stream stopped/,
    );
    assert.deepEqual(received, ['firs']);
  } finally {
    release();
    await server.close();
  }
});

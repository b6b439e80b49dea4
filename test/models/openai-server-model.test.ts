import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import type { ChatMessage, ChatMessageStreamDelta } from '../../src/models/model.js';
import { OpenAIServerModel, type OpenAIServerModelOptions } from '../../src/models/openai-server-model.js';
import { StreamAccumulator } from '../../src/models/stream.js';
import { startOpenAIWireServer, type WireReplies } from '../support/openai-wire-server.js';

const user = (content: string): ChatMessage[] => [{ role: 'user', content }];
const tinyBackoff = { baseDelayMs: 1, maxDelayMs: 5 };

async function withServer(replies: WireReplies, run: (server: Awaited<ReturnType<typeof startOpenAIWireServer>>, model: (extra?: Partial<OpenAIServerModelOptions>) => OpenAIServerModel) => Promise<void>): Promise<void> {
  const server = await startOpenAIWireServer({ replies });
  try {
    await run(server, (extra = {}) => new OpenAIServerModel({ modelId: 'test-model', apiBase: server.url, apiKey: 'sk-test', retry: tinyBackoff, ...extra }));
  } finally {
    await server.close();
  }
}

async function collect(stream: AsyncIterable<ChatMessageStreamDelta>): Promise<{ deltas: ChatMessageStreamDelta[]; message: ChatMessage }> {
  const accumulator = new StreamAccumulator();
  const deltas: ChatMessageStreamDelta[] = [];
  for await (const delta of stream) {
    deltas.push(delta);
    accumulator.add(delta);
  }
  return { deltas, message: accumulator.toMessage() };
}

describe('OpenAIServerModel', () => {
  test('generate sends the messages and maps content, usage and raw', async () => {
    await withServer([{ content: 'Paris.', usage: { prompt_tokens: 12, completion_tokens: 2 } }], async (server, model) => {
      const reply = await model().generate([{ role: 'system', content: 'Be brief.' }, ...user('Capital of France?')]);
      assert.equal(reply.role, 'assistant');
      assert.equal(reply.content, 'Paris.');
      assert.deepEqual(reply.tokenUsage, { inputTokens: 12, outputTokens: 2 });
      assert.equal((reply.raw as { object: string }).object, 'chat.completion');
      const request = server.requests[0]!;
      assert.equal(request.path, '/v1/chat/completions');
      assert.equal(request.headers.authorization, 'Bearer sk-test');
      assert.equal(request.body.model, 'test-model');
      assert.deepEqual(request.body.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }]);
      assert.equal(request.body.stream, false);
    });
  });

  test('stop sequences go out as `stop` and the server cuts there', async () => {
    await withServer(['Thought: go\nCode:\n```js\nx\n```<end_code>\nObservation: made up'], async (server, model) => {
      const reply = await model().generate(user('q'), { stopSequences: ['<end_code>', 'Observation:'] });
      assert.equal(reply.content, 'Thought: go\nCode:\n```js\nx\n```');
      assert.deepEqual(server.requests[0]!.body.stop, ['<end_code>', 'Observation:']);
    });
  });

  test('extra completion parameters pass through, per-call options win', async () => {
    await withServer(['ok', 'ok'], async (server, model) => {
      await model({ temperature: 0.2, max_tokens: 64, completionParams: { seed: 7 } }).generate(user('q'));
      const body = server.requests[0]!.body;
      assert.equal(body.temperature, 0.2);
      assert.equal(body.max_tokens, 64);
      assert.equal(body.seed, 7);
      assert.equal(body.apiBase, undefined, 'client settings must not leak into the body');
      assert.equal(body.retry, undefined);
      await model({ stop: ['never'] }).generate(user('q'), { stopSequences: ['STOP'] });
      assert.deepEqual(server.requests[1]!.body.stop, ['STOP']);
    });
  });

  test('tools, tool choice and response format map onto the wire; tool calls come back parsed', async () => {
    const replies = [{ toolCalls: [{ id: 'call_9', name: 'add', arguments: { a: 2, b: 3 } }] }];
    await withServer(replies, async (server, model) => {
      const reply = await model().generate(user('2+3?'), {
        tools: [{ name: 'add', description: 'Adds.', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } }],
        toolChoice: 'required',
        responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' } },
      });
      assert.deepEqual(reply.toolCalls, [{ id: 'call_9', name: 'add', arguments: { a: 2, b: 3 } }]);
      assert.equal(reply.content, '');
      const body = server.requests[0]!.body;
      assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'add', description: 'Adds.', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } } }]);
      assert.equal(body.tool_choice, 'required');
      assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: false } });
    });
  });

  test('assistant tool calls and tool results are sent back in wire form', async () => {
    await withServer(['5'], async (server, model) => {
      await model().generate([
        ...user('2+3?'),
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'add', arguments: { a: 2, b: 3 } }] },
        { role: 'tool', toolCallId: 'call_1', content: '5' },
      ]);
      assert.deepEqual(server.requests[0]!.body.messages.slice(1), [
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '5' },
      ]);
    });
  });

  test('unparsable tool-call arguments are kept as the raw string', async () => {
    await withServer([{ toolCalls: [{ name: 'add', arguments: '{"a": 2,' }] }], async (_server, model) => {
      const reply = await model().generate(user('q'));
      assert.equal(reply.toolCalls?.[0]?.arguments, '{"a": 2,');
    });
  });

  test('generateStream yields several deltas that reassemble into the message, usage last', async () => {
    const reply = { content: 'The answer is forty-two.', usage: { prompt_tokens: 9, completion_tokens: 6 } };
    await withServer([reply], async (server, model) => {
      const { deltas, message } = await collect(model().generateStream(user('q'), { stopSequences: ['forty'] }));
      assert.ok(deltas.filter((d) => d.content).length > 1, 'content should arrive in pieces');
      assert.equal(message.content, 'The answer is ');
      assert.deepEqual(message.tokenUsage, { inputTokens: 9, outputTokens: 6 });
      assert.deepEqual(deltas.at(-1)?.tokenUsage, { inputTokens: 9, outputTokens: 6 });
      assert.equal(server.requests[0]!.body.stream, true);
      assert.deepEqual(server.requests[0]!.body.stream_options, { include_usage: true });
    });
  });

  test('generateStream reassembles tool calls split across chunks', async () => {
    const replies = [{ toolCalls: [{ id: 'a', name: 'search', arguments: { query: 'quickjs sandbox limits' } }, { id: 'b', name: 'add', arguments: { a: 1, b: 2 } }] }];
    await withServer(replies, async (_server, model) => {
      const { deltas, message } = await collect(model().generateStream(user('q')));
      assert.ok(deltas.filter((d) => d.toolCalls).length > 2);
      assert.deepEqual(message.toolCalls, [
        { id: 'a', name: 'search', arguments: { query: 'quickjs sandbox limits' } },
        { id: 'b', name: 'add', arguments: { a: 1, b: 2 } },
      ]);
    });
  });

  test('429 with Retry-After is retried, then succeeds', async () => {
    const replies = [{ status: 429, headers: { 'retry-after': '0' }, errorMessage: 'Rate limit reached' }, 'done'];
    await withServer(replies, async (server, model) => {
      const waits: { delayMs: number; status?: number | undefined }[] = [];
      const reply = await model({ retry: { ...tinyBackoff, maxDelayMs: 10_000, onRetry: ({ delayMs, error }) => waits.push({ delayMs, status: error.status }) } }).generate(user('q'));
      assert.equal(reply.content, 'done');
      assert.equal(server.requests.length, 2);
      // Retry-After: 0 must be honoured over the (here 1 ms) exponential backoff.
      assert.deepEqual(waits, [{ delayMs: 0, status: 429 }]);
    });
  });

  test('500 is retried; the stream is retried before its first delta', async () => {
    const replies = [{ status: 500, errorMessage: 'boom' }, 'one', { status: 503, errorMessage: 'busy' }, 'two'];
    await withServer(replies, async (server, model) => {
      assert.equal((await model().generate(user('q'))).content, 'one');
      const { message } = await collect(model().generateStream(user('q')));
      assert.equal(message.content, 'two');
      assert.equal(server.requests.length, 4);
    });
  });

  test('retries give up after maxRetries with a retryable ModelError', async () => {
    await withServer(() => ({ status: 502, errorMessage: 'bad gateway' }), async (server, model) => {
      await assert.rejects(model({ maxRetries: 2 }).generate(user('q')), (error: unknown) => {
        assert.ok(error instanceof ModelError);
        assert.equal(error.status, 502);
        assert.equal(error.retryable, true);
        assert.equal(error.providerMessage, 'bad gateway');
        return true;
      });
      assert.equal(server.requests.length, 3);
    });
  });

  test('400 becomes a ModelError with the provider message and is not retried', async () => {
    await withServer(() => ({ status: 400, errorMessage: "Unsupported parameter: 'stop' is not supported with this model." }), async (server, model) => {
      for (const call of [() => model().generate(user('q')), () => collect(model().generateStream(user('q')))]) {
        await assert.rejects(call(), (error: unknown) => {
          assert.ok(error instanceof ModelError);
          assert.equal(error.status, 400);
          assert.equal(error.retryable, false);
          assert.equal(error.providerMessage, "Unsupported parameter: 'stop' is not supported with this model.");
          assert.match(error.message, /Unsupported parameter/);
          return true;
        });
      }
      // One request per call: a 400 is never repeated.
      assert.equal(server.requests.length, 2);
    });
  });

  test('an unreachable server is a retryable ModelError', async () => {
    const server = await startOpenAIWireServer({ replies: [] });
    const url = server.url;
    await server.close();
    const model = new OpenAIServerModel({ modelId: 'm', apiBase: url, apiKey: 'k', maxRetries: 1, retry: tinyBackoff });
    await assert.rejects(model.generate(user('q')), (error: unknown) => error instanceof ModelError && error.retryable && error.status === undefined);
  });

  test('an aborted signal cancels the request with the abort reason', async () => {
    await withServer(['never read'], async (_server, model) => {
      const controller = new AbortController();
      controller.abort(new Error('user cancelled'));
      await assert.rejects(model().generate(user('q'), { signal: controller.signal }), /user cancelled/);
      await assert.rejects(collect(model().generateStream(user('q'), { signal: controller.signal })), /user cancelled/);
    });
  });

  test('abort during a retry wait stops retrying', async () => {
    const controller = new AbortController();
    const replies = () => {
      controller.abort(new Error('stop now'));
      return { status: 429, headers: { 'retry-after': '30' } };
    };
    await withServer(replies, async (server, model) => {
      await assert.rejects(model({ retry: { maxDelayMs: 60_000 } }).generate(user('q'), { signal: controller.signal }), /stop now/);
      assert.equal(server.requests.length, 1);
    });
  });
});

test('OpenAIServerModel: aborting mid-stream rejects with the abort reason and no retry', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const server = await startOpenAIWireServer({ replies: [{ content: 'first piece, then much more text', holdUntil: gate }, 'spare'] });
  try {
    const model = new OpenAIServerModel({ modelId: 'm', apiBase: server.url, apiKey: 'k', retry: tinyBackoff });
    const controller = new AbortController();
    const received: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const delta of model.generateStream(user('q'), { signal: controller.signal })) {
          if (delta.content) received.push(delta.content);
          controller.abort(new Error('stopped mid-stream'));
        }
      })(),
      /stopped mid-stream/,
    );
    assert.deepEqual(received, ['firs']);
    assert.equal(server.requests.length, 1);
  } finally {
    release();
    await server.close();
  }
});

test('OpenAIServerModel: retry-after-ms takes precedence over Retry-After', async () => {
  const replies = [{ status: 429, headers: { 'retry-after-ms': '3', 'retry-after': '30' } }, 'ok'];
  const server = await startOpenAIWireServer({ replies });
  try {
    const waits: number[] = [];
    const model = new OpenAIServerModel({ modelId: 'm', apiBase: server.url, apiKey: 'k', retry: { maxDelayMs: 60_000, onRetry: ({ delayMs }) => waits.push(delayMs) } });
    assert.equal((await model.generate(user('q'))).content, 'ok');
    assert.deepEqual(waits, [3]);
  } finally {
    await server.close();
  }
});

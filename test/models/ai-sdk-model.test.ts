import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MissingDependencyError, ModelError } from '../../src/errors.js';
import { AISDKModel } from '../../src/models/ai-sdk-model.js';
import { splitModelId } from '../../src/models/ai-sdk-providers.js';
import type { ChatMessage, ChatMessageStreamDelta } from '../../src/models/model.js';
import { StreamAccumulator } from '../../src/models/stream.js';
import { startAnthropicWireServer, type AnthropicReply, type AnthropicWireServer } from '../support/anthropic-wire-server.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

// The SDK prints warnings (e.g. for the unknown test model name) unless told not to.
(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function withServer<T>(replies: (string | AnthropicReply)[], body: (server: AnthropicWireServer, model: AISDKModel) => Promise<T>): Promise<T> {
  const server = await startAnthropicWireServer(replies);
  try {
    const model = new AISDKModel({ modelId: 'anthropic/claude-3-5-haiku-latest', apiBase: server.url, apiKey: 'test-key', retry: fast, maxOutputTokens: 256, temperature: 0.5 });
    return await body(server, model);
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

describe('AISDKModel against an Anthropic Messages API server', () => {
  it('generates text, sends system / messages / key the Anthropic way and reports usage', async () => {
    await withServer([{ text: 'Hello from Claude', usage: { input_tokens: 12, output_tokens: 5 } }], async (server, model) => {
      const reply = await model.generate([
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello' },
      ]);
      assert.equal(reply.role, 'assistant');
      assert.equal(reply.content, 'Hello from Claude');
      assert.deepEqual(reply.tokenUsage, { inputTokens: 12, outputTokens: 5 });
      const request = server.requests[0]!;
      assert.equal(request.headers['x-api-key'], 'test-key');
      assert.equal(request.body.model, 'claude-3-5-haiku-latest');
      assert.equal(request.body.max_tokens, 256, 'call settings pass through');
      assert.equal(request.body.temperature, 0.5);
      assert.deepEqual(request.body.system, [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }], 'a cache breakpoint on the system prompt');
      assert.equal(request.body.messages[0].role, 'user');
      assert.equal(request.body.messages[0].content[0].text, 'Say hello');
    });
  });

  it('asks for structured output with the JSON schema and returns the JSON text', async () => {
    await withServer(['{"answer": 42}'], async (server) => {
      // A model the SDK knows to take native structured output (older ones get a forced "json" tool).
      const model = new AISDKModel({ modelId: 'anthropic/claude-sonnet-4-5', apiBase: server.url, apiKey: 'k' });
      const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
      const reply = await model.generate([{ role: 'user', content: 'x' }], { responseFormat: { type: 'json_schema', name: 'answer', schema } });
      assert.deepEqual(JSON.parse(reply.content), { answer: 42 });
      const format = server.requests[0]!.body.output_config.format;
      assert.equal(format.type, 'json_schema');
      assert.deepEqual(format.schema.properties, schema.properties);
    });
  });

  it('passes stop sequences to the server and returns the text before them', async () => {
    await withServer(['Thought: go\n<end_code>\nObservation: never'], async (server, model) => {
      const reply = await model.generate([{ role: 'user', content: 'x' }], { stopSequences: ['<end_code>'] });
      assert.deepEqual(server.requests[0]!.body.stop_sequences, ['<end_code>']);
      assert.equal(reply.content, 'Thought: go\n');
    });
  });

  it('sends tools as Anthropic tool definitions and returns tool calls with parsed arguments', async () => {
    await withServer([{ text: 'Let me check.', toolUses: [{ id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] }], async (server, model) => {
      const reply = await model.generate([{ role: 'user', content: 'Weather in Paris?' }], { tools: [weatherTool], toolChoice: 'required' });
      assert.deepEqual(reply.toolCalls, [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }]);
      const body = server.requests[0]!.body;
      assert.equal(body.tools[0].name, 'get_weather');
      assert.deepEqual(body.tools[0].input_schema.properties, weatherTool.parameters.properties);
      assert.equal(body.tool_choice.type, 'any');
    });
  });

  it('sends tool results back as tool_result blocks answering the right tool_use', async () => {
    await withServer(['It is sunny.'], async (server, model) => {
      const reply = await model.generate([
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_9', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'tool', toolCallId: 'toolu_9', content: 'sunny, 21C' },
      ], { tools: [weatherTool] });
      assert.equal(reply.content, 'It is sunny.');
      const [, assistant, toolTurn] = server.requests[0]!.body.messages;
      assert.deepEqual(assistant.content[0], { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Paris' } });
      assert.equal(toolTurn.role, 'user');
      assert.equal(toolTurn.content[0].type, 'tool_result');
      assert.equal(toolTurn.content[0].tool_use_id, 'toolu_9');
      assert.match(JSON.stringify(toolTurn.content[0].content), /sunny, 21C/);
    });
  });

  it('streams text deltas over SSE, cut at the stop sequence, with usage at the end', async () => {
    await withServer([{ text: 'abcdefghij STOP after', usage: { input_tokens: 7, output_tokens: 3 } }], async (server, model) => {
      const { deltas, message } = await collect(model.generateStream([{ role: 'user', content: 'x' }], { stopSequences: ['STOP'] }));
      assert.equal(server.requests[0]!.body.stream, true);
      assert.ok(deltas.filter((d) => d.content).length >= 2, 'text arrives in several deltas');
      assert.equal(message.content, 'abcdefghij ');
      assert.deepEqual(message.tokenUsage, { inputTokens: 7, outputTokens: 3 });
    });
  });

  it('streams tool calls from input_json_delta fragments', async () => {
    const input = { city: 'Reykjavik', units: 'metric' };
    await withServer([{ toolUses: [{ id: 'toolu_s', name: 'get_weather', input }] }], async (_server, model) => {
      const { deltas, message } = await collect(model.generateStream([{ role: 'user', content: 'x' }], { tools: [weatherTool] }));
      assert.ok(deltas.filter((d) => d.toolCalls?.[0]?.argumentsDelta).length >= 2, 'arguments arrive in fragments');
      assert.deepEqual(message.toolCalls, [{ id: 'toolu_s', name: 'get_weather', arguments: input }]);
    });
  });

  it('retries 429 and 529 (honouring retry-after) and then succeeds', async () => {
    const retries: number[] = [];
    const server = await startAnthropicWireServer([
      { status: 429, errorMessage: 'Number of request tokens has exceeded your per-minute rate limit', headers: { 'retry-after': '0' } },
      { status: 529, errorMessage: 'Overloaded' },
      'finally',
    ]);
    try {
      const model = new AISDKModel({ modelId: 'anthropic/claude-wire', apiBase: server.url, apiKey: 'k', retry: { ...fast, onRetry: ({ error }) => retries.push(error.status ?? -1) } });
      const reply = await model.generate([{ role: 'user', content: 'x' }]);
      assert.equal(reply.content, 'finally');
      assert.deepEqual(retries, [429, 529]);
      assert.equal(server.requests.length, 3);
    } finally {
      await server.close();
    }
  });

  it('retries a stream that fails before its first delta', async () => {
    await withServer([{ status: 529, errorMessage: 'Overloaded' }, 'streamed'], async (server, model) => {
      const { message } = await collect(model.generateStream([{ role: 'user', content: 'x' }]));
      assert.equal(message.content, 'streamed');
      assert.equal(server.requests.length, 2);
    });
  });

  it('turns a 400 into a non-retryable ModelError carrying the provider message', async () => {
    await withServer([{ status: 400, errorMessage: 'messages: roles must alternate' }, 'unused'], async (server, model) => {
      await assert.rejects(model.generate([{ role: 'user', content: 'x' }]), (error: unknown) => {
        assert.ok(error instanceof ModelError);
        assert.equal(error.status, 400);
        assert.equal(error.retryable, false);
        assert.match(error.providerMessage ?? '', /roles must alternate/);
        return true;
      });
      assert.equal(server.requests.length, 1);
    });
  });

  it('gives up after maxRetries with the last provider error', async () => {
    const server = await startAnthropicWireServer([{ status: 529, errorMessage: 'Overloaded' }, { status: 529, errorMessage: 'Still overloaded' }]);
    try {
      const model = new AISDKModel({ modelId: 'anthropic/claude-wire', apiBase: server.url, apiKey: 'k', maxRetries: 1, retry: fast });
      await assert.rejects(model.generateStream([{ role: 'user', content: 'x' }])[Symbol.asyncIterator]().next(), (error: unknown) => {
        assert.ok(error instanceof ModelError);
        assert.equal(error.status, 529);
        assert.match(error.providerMessage ?? '', /Still overloaded/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('aborts a stream in flight with the signal reason', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await withServer([{ text: 'first part then the rest', holdUntil: held }], async (_server, model) => {
      const controller = new AbortController();
      const reason = new Error('user pressed stop');
      const seen: string[] = [];
      try {
        await assert.rejects(
          (async () => {
            for await (const delta of model.generateStream([{ role: 'user', content: 'x' }], { signal: controller.signal })) {
              if (delta.content) seen.push(delta.content);
              controller.abort(reason);
            }
          })(),
          (error: unknown) => error === reason,
        );
        assert.ok(!seen.join('').includes('the rest'), 'nothing after the abort');
      } finally {
        release();
      }
    });
  });

  it('reports an unreachable server as a retryable ModelError', async () => {
    const server = await startAnthropicWireServer([]);
    await server.close();
    const model = new AISDKModel({ modelId: 'anthropic/claude-wire', apiBase: server.url, apiKey: 'k', maxRetries: 0 });
    await assert.rejects(model.generate([{ role: 'user', content: 'x' }]), (error: unknown) => {
      assert.ok(error instanceof ModelError);
      assert.equal(error.retryable, true);
      assert.equal(error.status, undefined);
      return true;
    });
  });

  it('aborts with the signal reason', async () => {
    await withServer(['never read'], async (_server, model) => {
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      controller.abort(reason);
      await assert.rejects(model.generate([{ role: 'user', content: 'x' }], { signal: controller.signal }), (error: unknown) => error === reason);
    });
  });
});

describe('AISDKModel provider resolution', () => {
  it('splits LiteLLM-style ids and guesses bare ones', () => {
    assert.deepEqual(splitModelId('anthropic/claude-3-5-sonnet-latest'), { provider: 'anthropic', model: 'claude-3-5-sonnet-latest' });
    assert.deepEqual(splitModelId('openai-compatible/meta/llama-3'), { provider: 'openai-compatible', model: 'meta/llama-3' });
    assert.deepEqual(splitModelId('claude-3-haiku'), { provider: 'anthropic', model: 'claude-3-haiku' });
    assert.deepEqual(splitModelId('gpt-4o'), { provider: 'openai', model: 'gpt-4o' });
  });

  it('tells the user which package to install for a provider that is not installed, at construction', () => {
    assert.throws(() => new AISDKModel({ modelId: 'google/gemini-2.0-flash', apiKey: 'k' }), (error: unknown) => {
      assert.ok(error instanceof MissingDependencyError);
      assert.equal(error.installCommand, 'npm install @ai-sdk/google');
      assert.match(error.message, /^AISDKModel \(provider 'google'\) needs the optional package '@ai-sdk\/google'/);
      return true;
    });
  });

  it("'openai/…' with apiBase speaks chat completions, as every OpenAI-compatible server does", async () => {
    const server = await startOpenAIWireServer({ replies: ['from chat completions'] });
    try {
      const model = new AISDKModel({ modelId: 'openai/gpt-4o-mini', apiBase: server.url, apiKey: 'k' });
      assert.equal((await model.generate([{ role: 'user', content: 'x' }])).content, 'from chat completions');
      assert.equal(server.requests[0]!.path, '/v1/chat/completions');
      assert.equal(server.requests[0]!.body.model, 'gpt-4o-mini');
    } finally {
      await server.close();
    }
  });

  it('accepts a LanguageModel instance, e.g. an openai-compatible one', async () => {
    const { createAnthropic } = await import('@ai-sdk/anthropic');
    await withServer(['via instance'], async (server) => {
      const model = new AISDKModel({ modelId: 'my-label', model: createAnthropic({ baseURL: server.url, apiKey: 'k' })('claude-x') });
      assert.equal((await model.generate([{ role: 'user', content: 'x' }])).content, 'via instance');
      assert.equal(server.requests[0]!.body.model, 'claude-x');
    });
  });
});

describe('AISDKModel lifecycle', () => {
  let server: AnthropicWireServer;
  before(async () => {
    server = await startAnthropicWireServer(['one', 'two']);
  });
  after(() => server.close());

  it('reuses one provider instance across calls', async () => {
    const model = new AISDKModel({ modelId: 'anthropic/claude-wire', apiBase: server.url, apiKey: 'k' });
    assert.equal((await model.generate([{ role: 'user', content: 'a' }])).content, 'one');
    assert.equal((await model.generate([{ role: 'user', content: 'b' }])).content, 'two');
  });
});

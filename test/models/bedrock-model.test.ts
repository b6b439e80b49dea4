import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelError } from '../../src/errors.js';
import { AmazonBedrockServerModel } from '../../src/models/amazon-bedrock-server-model.js';
import type { ChatMessage, ChatMessageStreamDelta } from '../../src/models/model.js';
import { StreamAccumulator } from '../../src/models/stream.js';
import { crc32, startBedrockWireServer, type BedrockReply, type BedrockWireServer } from '../support/bedrock-wire-server.js';

const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function withServer(
  replies: (string | BedrockReply)[],
  body: (server: BedrockWireServer, model: AmazonBedrockServerModel) => Promise<void>,
  extra: { maxRetries?: number; onRetry?: (status: number | undefined) => void } = {},
): Promise<void> {
  const server = await startBedrockWireServer(replies);
  try {
    const model = new AmazonBedrockServerModel({
      modelId: MODEL_ID,
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test' },
      inferenceConfig: { maxTokens: 512, temperature: 0.2 },
      maxRetries: extra.maxRetries,
      retry: { baseDelayMs: 1, maxDelayMs: 5, onRetry: ({ error }) => extra.onRetry?.(error.status) },
    });
    await body(server, model);
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

describe('AmazonBedrockServerModel against a Converse server', () => {
  it('crc32 matches the standard check value', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  it('sends a signed Converse request with system, messages and inferenceConfig and maps the reply', async () => {
    await withServer([{ text: 'Bonjour', usage: { inputTokens: 20, outputTokens: 2 } }], async (server, model) => {
      const reply = await model.generate([
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ], { stopSequences: ['<end_code>'] });
      assert.equal(reply.content, 'Bonjour');
      assert.deepEqual(reply.tokenUsage, { inputTokens: 20, outputTokens: 2 });
      const request = server.requests[0]!;
      assert.equal(request.modelId, MODEL_ID);
      assert.equal(request.stream, false);
      assert.match(String(request.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d+\/us-east-1\/bedrock\/aws4_request/);
      // Claude 3.5 Haiku supports prompt caching: cache points after the system prompt and the newest turn.
      assert.deepEqual(request.body.system, [{ text: 'Answer in French.' }, { cachePoint: { type: 'default' } }]);
      assert.deepEqual(request.body.messages, [{ role: 'user', content: [{ text: 'Hello' }, { cachePoint: { type: 'default' } }] }]);
      assert.deepEqual(request.body.inferenceConfig, { maxTokens: 512, temperature: 0.2, stopSequences: ['<end_code>'] });
    });
  });

  it('returns the text before a stop sequence', async () => {
    await withServer(['code here\n<end_code>\nObservation: invented'], async (_server, model) => {
      const reply = await model.generate([{ role: 'user', content: 'x' }], { stopSequences: ['<end_code>'] });
      assert.equal(reply.content, 'code here\n');
    });
  });

  it('maps tools to toolConfig and toolUse blocks back to tool calls', async () => {
    await withServer([{ toolUses: [{ toolUseId: 'tu_1', name: 'get_weather', input: { city: 'Oslo' } }] }], async (server, model) => {
      const reply = await model.generate([{ role: 'user', content: 'Weather?' }], { tools: [weatherTool], toolChoice: 'required' });
      assert.deepEqual(reply.toolCalls, [{ id: 'tu_1', name: 'get_weather', arguments: { city: 'Oslo' } }]);
      const config = server.requests[0]!.body.toolConfig;
      assert.deepEqual(config.tools[0].toolSpec, { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: weatherTool.parameters } });
      assert.deepEqual(config.toolChoice, { any: {} });
    });
  });

  it('sends assistant tool calls as toolUse and tool results as toolResult in a user turn', async () => {
    await withServer(['Cold.'], async (server, model) => {
      await model.generate([
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'tu_7', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', toolCallId: 'tu_7', content: '-3C' },
        { role: 'user', content: 'And?' },
      ], { tools: [weatherTool] });
      const messages = server.requests[0]!.body.messages;
      assert.deepEqual(messages[1], { role: 'assistant', content: [{ text: 'Checking.' }, { toolUse: { toolUseId: 'tu_7', name: 'get_weather', input: { city: 'Oslo' } } }] });
      // The tool result and the next user text merge into one user turn: Converse requires alternation.
      assert.deepEqual(messages[2], { role: 'user', content: [{ toolResult: { toolUseId: 'tu_7', content: [{ text: '-3C' }] } }, { text: 'And?' }, { cachePoint: { type: 'default' } }] });
      assert.equal(messages.length, 3);
    });
  });

  it('asks for structured output through outputConfig', async () => {
    await withServer(['{"ok":true}'], async (server, model) => {
      const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
      const reply = await model.generate([{ role: 'user', content: 'x' }], { responseFormat: { type: 'json_schema', name: 'result', schema } });
      assert.deepEqual(JSON.parse(reply.content), { ok: true });
      const format = server.requests[0]!.body.outputConfig.textFormat;
      assert.equal(format.type, 'json_schema');
      assert.deepEqual(JSON.parse(format.structure.jsonSchema.schema), schema);
    });
  });

  it('streams text over the binary event stream, cut at the stop sequence, with usage from metadata', async () => {
    await withServer([{ text: 'streamed words END tail', usage: { inputTokens: 9, outputTokens: 4 } }], async (server, model) => {
      const { deltas, message } = await collect(model.generateStream([{ role: 'user', content: 'x' }], { stopSequences: ['END'] }));
      assert.equal(server.requests[0]!.stream, true);
      assert.ok(deltas.filter((d) => d.content).length >= 3, 'text arrives in several deltas');
      assert.equal(message.content, 'streamed words ');
      assert.deepEqual(message.tokenUsage, { inputTokens: 9, outputTokens: 4 });
    });
  });

  it('streams tool calls from toolUse input deltas', async () => {
    const input = { city: 'Bergen', days: 3 };
    await withServer([{ text: 'Looking', toolUses: [{ toolUseId: 'tu_s', name: 'get_weather', input }] }], async (_server, model) => {
      const { message } = await collect(model.generateStream([{ role: 'user', content: 'x' }], { tools: [weatherTool] }));
      assert.equal(message.content, 'Looking');
      assert.deepEqual(message.toolCalls, [{ id: 'tu_s', name: 'get_weather', arguments: input }]);
    });
  });

  it('retries ThrottlingException (429) and a 503, then succeeds', async () => {
    const seen: (number | undefined)[] = [];
    await withServer(
      [{ status: 429, errorMessage: 'Too many requests, please wait before trying again.' }, { status: 503 }, 'done'],
      async (server, model) => {
        assert.equal((await model.generate([{ role: 'user', content: 'x' }])).content, 'done');
        assert.deepEqual(seen, [429, 503]);
        assert.equal(server.requests.length, 3);
      },
      { onRetry: (status) => seen.push(status) },
    );
  });

  it('retries a stream throttled before its first event', async () => {
    await withServer([{ status: 429 }, 'ok now'], async (server, model) => {
      const { message } = await collect(model.generateStream([{ role: 'user', content: 'x' }]));
      assert.equal(message.content, 'ok now');
      assert.equal(server.requests.length, 2);
    });
  });

  it('turns ValidationException into a non-retryable ModelError with the provider message', async () => {
    await withServer([{ status: 400, errorMessage: 'The model returned the following errors: messages: roles must alternate' }, 'unused'], async (server, model) => {
      await assert.rejects(model.generate([{ role: 'user', content: 'x' }]), (error: unknown) => {
        assert.ok(error instanceof ModelError);
        assert.equal(error.status, 400);
        assert.equal(error.retryable, false);
        assert.match(error.message, /ValidationException/);
        assert.match(error.providerMessage ?? '', /roles must alternate/);
        return true;
      });
      assert.equal(server.requests.length, 1);
    });
  });

  it('surfaces an exception event in the middle of a stream as a ModelError', async () => {
    await withServer([{ text: 'partial answer', streamException: { type: 'modelStreamErrorException', message: 'stream broke' } }], async (_server, model) => {
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const delta of model.generateStream([{ role: 'user', content: 'x' }])) if (delta.content) seen.push(delta.content);
        })(),
        (error: unknown) => {
          assert.ok(error instanceof ModelError);
          assert.match(error.providerMessage ?? error.message, /stream broke/);
          return true;
        },
      );
      assert.ok(seen.join('').length > 0, 'the text before the exception was delivered');
    });
  });

  it('reports a configuration problem (no usable region) at once, without retries', async () => {
    let retries = 0;
    const model = new AmazonBedrockServerModel({
      modelId: MODEL_ID, region: 'not a region', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, retry: { baseDelayMs: 1, onRetry: () => retries++ },
    });
    await assert.rejects(model.generate([{ role: 'user', content: 'x' }]), (error: unknown) => {
      assert.ok(error instanceof ModelError);
      assert.equal(error.retryable, false);
      assert.match(error.message, /region/i);
      return true;
    });
    assert.equal(retries, 0);
  });

  it('reports an unreachable endpoint as a retryable network error', async () => {
    const server = await startBedrockWireServer([]);
    const url = server.url;
    await server.close();
    const model = new AmazonBedrockServerModel({
      modelId: MODEL_ID, region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxRetries: 0,
    });
    await assert.rejects(model.generate([{ role: 'user', content: 'x' }]), (error: unknown) => {
      assert.ok(error instanceof ModelError);
      assert.equal(error.retryable, true);
      return true;
    });
  });
});

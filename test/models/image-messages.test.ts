/**
 * Image parts through every adapter, each against its wire server: what arrives is decoded there
 * and compared with the bytes sent, in the provider's own shape.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelError } from '../../src/errors.js';
import { AISDKModel } from '../../src/models/ai-sdk-model.js';
import { AmazonBedrockServerModel } from '../../src/models/amazon-bedrock-server-model.js';
import { AzureOpenAIServerModel } from '../../src/models/azure-openai-server-model.js';
import { toImagePart } from '../../src/models/images.js';
import { InferenceClientModel } from '../../src/models/inference-client-model.js';
import type { ChatMessage, ImagePart } from '../../src/models/model.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { toTemplateMessages, TransformersModel } from '../../src/models/transformers-model.js';
import { imageMessages } from '../../src/prompts/image-messages.js';
import { startAnthropicWireServer } from '../support/anthropic-wire-server.js';
import { startBedrockWireServer } from '../support/bedrock-wire-server.js';
import { startOpenAIWireServer, type OpenAIWireServer } from '../support/openai-wire-server.js';
import { solidPng } from '../support/test-images.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;

const red = solidPng(8, 6, [220, 30, 30]);
const blue = solidPng(5, 5, [20, 40, 230]);
const redPart: ImagePart = { type: 'image', image: red };
const bluePart = toImagePart(blue);
const webImage: ImagePart = { type: 'image', image: 'https://images.example.com/cat.png' };
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

/** A user turn with two images, then a tool call whose result carries a third. */
const conversation: ChatMessage[] = [
  { role: 'system', content: 'You look at images.' },
  { role: 'user', content: [{ type: 'text', text: 'What colour is this?' }, redPart] },
  { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'screenshot', arguments: {} }] },
  { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'Here is the page.' }, bluePart] },
];

async function withOpenAIServer(run: (server: OpenAIWireServer) => Promise<void>): Promise<void> {
  const server = await startOpenAIWireServer({ replies: ['Red.', 'Red.', 'Red.'] });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** The OpenAI wire shape, whichever adapter (OpenAI, Azure, HF router) sent it. */
function assertOpenAIImages(server: OpenAIWireServer): void {
  const request = server.requests.find((candidate) => candidate.method === 'POST')!;
  const [system, user, assistant, tool, toolImages] = request.body.messages;
  assert.deepEqual(system, { role: 'system', content: 'You look at images.' });
  assert.deepEqual(user.content, [
    { type: 'text', text: 'What colour is this?' },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${red.toString('base64')}` } },
  ]);
  assert.equal(assistant.tool_calls[0].id, 'call_1');
  assert.deepEqual(tool, { role: 'tool', tool_call_id: 'call_1', content: 'Here is the page.' }, 'tool messages take text only');
  assert.equal(toolImages.role, 'user', "the tool result's image follows in a user message");
  assert.deepEqual(
    request.images.map((image) => ({ mediaType: image.mediaType, bytes: image.bytes, role: image.role })),
    [
      { mediaType: 'image/png', bytes: red, role: 'user' },
      { mediaType: 'image/png', bytes: blue, role: 'user' },
    ],
  );
}

describe('image parts on the OpenAI wire', () => {
  test('OpenAIServerModel sends data: URLs in user messages; a tool result’s images follow it', async () => {
    await withOpenAIServer(async (server) => {
      const model = new OpenAIServerModel({ modelId: 'gpt-4o', apiBase: server.url, apiKey: 'k', retry: fast });
      assert.equal((await model.generate(conversation)).content, 'Red.');
      assertOpenAIImages(server);
    });
  });

  test('an image given by URL goes as that URL, for the provider to fetch', async () => {
    await withOpenAIServer(async (server) => {
      const model = new OpenAIServerModel({ modelId: 'gpt-4o', apiBase: server.url, apiKey: 'k', retry: fast });
      await model.generate([{ role: 'user', content: [{ type: 'text', text: 'And this?' }, webImage] }]);
      assert.deepEqual(server.requests[0]!.body.messages[0].content[1], { type: 'image_url', image_url: { url: 'https://images.example.com/cat.png' } });
      assert.equal(server.requests[0]!.images[0]!.url, 'https://images.example.com/cat.png');
    });
  });

  test('AzureOpenAIServerModel and InferenceClientModel (HF router) send the same parts', async () => {
    await withOpenAIServer(async (server) => {
      const azure = new AzureOpenAIServerModel({ modelId: 'gpt-4o', azureEndpoint: server.url.replace(/\/v1$/, ''), apiKey: 'k', apiVersion: '2024-10-21', retry: fast });
      await azure.generate(conversation);
      assertOpenAIImages(server);
    });
    await withOpenAIServer(async (server) => {
      const hf = new InferenceClientModel({ modelId: 'Qwen/Qwen2.5-VL-7B-Instruct', apiBase: server.url, token: 'hf_test', retry: fast });
      await hf.generate(conversation);
      assertOpenAIImages(server);
    });
  });

  test('images in a system or assistant message are an error, not dropped', async () => {
    await withOpenAIServer(async (server) => {
      const model = new OpenAIServerModel({ modelId: 'gpt-4o', apiBase: server.url, apiKey: 'k', retry: fast });
      await assert.rejects(model.generate([{ role: 'system', content: [redPart] }]), /system messages cannot carry images/);
      await assert.rejects(model.generate([{ role: 'assistant', content: [redPart] }]), /assistant messages cannot carry images/);
      assert.equal(server.requests.length, 0, 'nothing was sent');
    });
  });

  test('the wire server checks images as OpenAI does: a wrong media type is a 400', async () => {
    await withOpenAIServer(async (server) => {
      const response = await fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${red.toString('base64')}` } }] }] }),
      });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, /does not match the provided media type image\/jpeg \(it is image\/png\)/);
    });
  });
});

describe('image parts through the AI SDK (Anthropic Messages API)', () => {
  test('user images become base64 image blocks; a tool result’s images join its user turn; URLs stay URLs', async () => {
    const server = await startAnthropicWireServer(['Red.', 'A cat.']);
    try {
      const model = new AISDKModel({ modelId: 'anthropic/claude-sonnet-4-5', apiBase: server.url, apiKey: 'k', retry: fast, promptCaching: false });
      assert.equal((await model.generate(conversation)).content, 'Red.');
      const messages = server.requests[0]!.body.messages;
      assert.deepEqual(messages[0].content, [
        { type: 'text', text: 'What colour is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: red.toString('base64') } },
      ]);
      assert.equal(messages[2].role, 'user');
      assert.equal(messages[2].content[0].type, 'tool_result');
      assert.deepEqual(messages[2].content.at(-1), { type: 'image', source: { type: 'base64', media_type: 'image/png', data: blue.toString('base64') } });
      assert.deepEqual(server.requests[0]!.images.map((image) => image.bytes), [red, blue]);

      await model.generate([{ role: 'user', content: [{ type: 'text', text: 'And this?' }, webImage] }]);
      assert.deepEqual(server.requests[1]!.body.messages[0].content[1], { type: 'image', source: { type: 'url', url: 'https://images.example.com/cat.png' } });
    } finally {
      await server.close();
    }
  });
});

describe('image parts on Bedrock Converse', () => {
  const bedrock = (url: string) =>
    new AmazonBedrockServerModel({
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test' },
      retry: fast,
      promptCaching: false,
    });

  test('image blocks carry the bytes, in user turns and inside tool results', async () => {
    const server = await startBedrockWireServer(['Red.']);
    try {
      assert.equal((await bedrock(server.url).generate(conversation)).content, 'Red.');
      const messages = server.requests[0]!.body.messages;
      assert.deepEqual(messages[0].content, [{ text: 'What colour is this?' }, { image: { format: 'png', source: { bytes: red.toString('base64') } } }]);
      assert.deepEqual(messages[2].content[0].toolResult.content, [{ text: 'Here is the page.' }, { image: { format: 'png', source: { bytes: blue.toString('base64') } } }]);
      assert.deepEqual(server.requests[0]!.images.map((image) => [image.role, image.bytes]), [['user', red], ['tool_result', blue]]);
    } finally {
      await server.close();
    }
  });

  test('an image by URL is a clear error: Converse takes bytes', async () => {
    const server = await startBedrockWireServer(['never']);
    try {
      await assert.rejects(bedrock(server.url).generate([{ role: 'user', content: [webImage] }]), (error: unknown) => error instanceof ModelError && /takes image bytes, not URLs: fetch https:\/\/images\.example\.com\/cat\.png/.test(error.message));
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

describe('a text-only model (TransformersModel)', () => {
  test('each image becomes a note the model reads, by default', () => {
    const messages = toTemplateMessages(conversation);
    assert.deepEqual(messages[1], { role: 'user', content: `What colour is this?\n${imageMessages.omittedImage}` });
    assert.match(messages.at(-1)!.content, /Here is the page\.\n\[An image was here: this model reads text only/);
    assert.deepEqual(toTemplateMessages(conversation, '(image)')[1], { role: 'user', content: 'What colour is this?\n(image)' });
  });

  test('imagePlaceholder: false makes an image an error, before the model is even loaded', async () => {
    const model = new TransformersModel({ modelId: '/nonexistent/model', imagePlaceholder: false });
    await assert.rejects(model.generate(conversation), (error: unknown) => error instanceof ModelError && /reads text only and got an image/.test(error.message));
    assert.throws(() => new TransformersModel({ modelId: 'x', imagePlaceholder: true as never }), /imagePlaceholder must be a string \(the line each image becomes\) or false/);
  });
});

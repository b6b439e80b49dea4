import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { AISDKModel } from '../../src/models/ai-sdk-model.js';
import { AmazonBedrockServerModel } from '../../src/models/amazon-bedrock-server-model.js';
import type { ChatMessage, ChatMessageStreamDelta } from '../../src/models/model.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { StreamAccumulator } from '../../src/models/stream.js';
import { startAnthropicWireServer } from '../support/anthropic-wire-server.js';
import { startBedrockWireServer } from '../support/bedrock-wire-server.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;

/** A conversation that grows by one step per call, with a long stable system prompt, as an agent's does. */
function conversation(steps: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: `You are an agent. ${'Follow the rules carefully. '.repeat(250)}` },
    { role: 'user', content: 'New task: count the rows.' },
  ];
  for (let step = 1; step <= steps; step++) {
    messages.push({ role: 'assistant', content: `Thought: step ${step}` }, { role: 'user', content: `Observation: ${'row '.repeat(200)}${step}` });
  }
  return messages;
}

async function streamed(stream: AsyncIterable<ChatMessageStreamDelta>): Promise<ChatMessage> {
  const accumulator = new StreamAccumulator();
  for await (const delta of stream) accumulator.add(delta);
  return accumulator.toMessage();
}

describe('prompt caching: cached-token counts from the wire', () => {
  it('OpenAI: prompt_tokens_details.cached_tokens becomes cachedInputTokens (part of inputTokens), in JSON and in streams', async () => {
    const server = await startOpenAIWireServer({ replies: ['one', 'two', 'three', { content: 'scripted', usage: { prompt_tokens: 2000, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 1536 } } }] });
    try {
      const model = new OpenAIServerModel({ modelId: 'gpt-4o', apiBase: server.url, apiKey: 'k' });
      const first = await model.generate(conversation(1));
      assert.equal(first.tokenUsage!.cachedInputTokens, undefined, 'nothing cached on the first request');
      const second = await model.generate(conversation(2));
      const cached = second.tokenUsage!.cachedInputTokens!;
      assert.ok(cached >= 1024 && cached % 128 === 0 && cached < second.tokenUsage!.inputTokens, `automatic cache hit on the shared prefix (${cached})`);
      const third = await streamed(model.generateStream(conversation(3)));
      assert.ok(third.tokenUsage!.cachedInputTokens! > cached, 'the stream reports the longer cached prefix too');
      assert.deepEqual((await model.generate(conversation(1))).tokenUsage, { inputTokens: 2000, outputTokens: 3, cachedInputTokens: 1536 });
    } finally {
      await server.close();
    }
  });

  it('Anthropic (AI SDK): breakpoints on the system prompt and the newest message; cache reads and writes add up to inputTokens', async () => {
    const server = await startAnthropicWireServer(['one', 'two', 'three', { text: 'x', usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 300, cache_creation_input_tokens: 40 } }]);
    try {
      const model = new AISDKModel({ modelId: 'anthropic/claude-sonnet-4-5', apiBase: server.url, apiKey: 'k' });
      const first = await model.generate(conversation(1));
      assert.equal(first.tokenUsage!.cachedInputTokens, undefined);
      assert.ok(first.tokenUsage!.cacheWriteTokens! > 0, 'the first request writes the cache');
      const body = server.requests[0]!.body;
      assert.deepEqual(body.system[0].cache_control, { type: 'ephemeral' });
      const lastMessage = body.messages.at(-1);
      assert.deepEqual(lastMessage.content.at(-1).cache_control, { type: 'ephemeral' }, 'the newest message is a breakpoint');
      assert.equal(JSON.stringify(body.messages.slice(0, -1)).includes('cache_control'), false, 'no other breakpoint');

      const second = await model.generate(conversation(2));
      assert.equal(second.tokenUsage!.cachedInputTokens, first.tokenUsage!.cacheWriteTokens, 'the second request reads what the first wrote');
      assert.ok(second.tokenUsage!.cacheWriteTokens! > 0, 'and writes its new step');
      const third = await streamed(model.generateStream(conversation(3)));
      assert.equal(third.tokenUsage!.cachedInputTokens, second.tokenUsage!.cachedInputTokens! + second.tokenUsage!.cacheWriteTokens!, 'streams report cache reads');
      assert.deepEqual((await model.generate(conversation(1))).tokenUsage, { inputTokens: 350, outputTokens: 2, cachedInputTokens: 300, cacheWriteTokens: 40 });
    } finally {
      await server.close();
    }
  });

  it('Anthropic (AI SDK): promptCaching: false sends no breakpoint', async () => {
    const server = await startAnthropicWireServer(['one']);
    try {
      const model = new AISDKModel({ modelId: 'anthropic/claude-sonnet-4-5', apiBase: server.url, apiKey: 'k', promptCaching: false });
      const reply = await model.generate(conversation(1));
      assert.equal(JSON.stringify(server.requests[0]!.body).includes('cache_control'), false);
      assert.equal(reply.tokenUsage!.cacheWriteTokens, undefined);
    } finally {
      await server.close();
    }
  });

  it('Bedrock: cachePoint blocks for models that support them; cacheRead/WriteInputTokens added into inputTokens', async () => {
    const server = await startBedrockWireServer(['one', 'two', 'three', { text: 'x', usage: { inputTokens: 10, outputTokens: 2, cacheReadInputTokens: 300, cacheWriteInputTokens: 40 } }]);
    try {
      const model = new AmazonBedrockServerModel({
        modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      });
      const first = await model.generate(conversation(1));
      const body = server.requests[0]!.body;
      assert.deepEqual(body.system.at(-1), { cachePoint: { type: 'default' } });
      assert.deepEqual(body.messages.at(-1).content.at(-1), { cachePoint: { type: 'default' } });
      assert.ok(first.tokenUsage!.cacheWriteTokens! > 0);
      const second = await model.generate(conversation(2));
      assert.equal(second.tokenUsage!.cachedInputTokens, first.tokenUsage!.cacheWriteTokens);
      const third = await streamed(model.generateStream(conversation(3)));
      assert.ok(third.tokenUsage!.cachedInputTokens! > second.tokenUsage!.cachedInputTokens!, 'ConverseStream metadata carries cache reads');
      assert.deepEqual((await model.generate(conversation(1))).tokenUsage, { inputTokens: 350, outputTokens: 2, cachedInputTokens: 300, cacheWriteTokens: 40 });
    } finally {
      await server.close();
    }
  });

  it('Bedrock: no cachePoint for a model without prompt caching, unless asked', async () => {
    const server = await startBedrockWireServer(['one', 'two']);
    try {
      const options = { region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } };
      await new AmazonBedrockServerModel({ modelId: 'meta.llama3-70b-instruct-v1:0', ...options }).generate(conversation(1));
      assert.equal(JSON.stringify(server.requests[0]!.body).includes('cachePoint'), false);
      await new AmazonBedrockServerModel({ modelId: 'meta.llama3-70b-instruct-v1:0', promptCaching: true, ...options }).generate(conversation(1));
      assert.equal(JSON.stringify(server.requests[1]!.body).includes('cachePoint'), true);
    } finally {
      await server.close();
    }
  });

  it('an agent run reads each earlier step from the cache: cached tokens per step and in RunResult', async () => {
    const step = (n: number) => `Thought: step ${n}.\n\`\`\`js\nconsole.log("line ".repeat(300) + ${n});\n\`\`\``;
    const server = await startAnthropicWireServer([step(1), step(2), step(3), step(4), 'Thought: done.\n```js\nfinal_answer("ok");\n```']);
    try {
      const model = new AISDKModel({ modelId: 'anthropic/claude-sonnet-4-5', apiBase: server.url, apiKey: 'k' });
      const agent = new CodeAgent({ model, maxSteps: 5 });
      const result = await agent.run('Print lines.', { returnFullResult: true });
      await agent.dispose();
      assert.equal(result.output, 'ok');
      const usages = agent.memory.actionSteps.map((action) => action.tokenUsage!);
      assert.equal(usages[0]!.cachedInputTokens, undefined, 'step 1 has nothing cached yet');
      for (const [index, usage] of usages.entries()) {
        if (index > 0) assert.ok(usage.cachedInputTokens! > (usages[index - 1]!.cachedInputTokens ?? 0), `step ${index + 1} reads more from the cache than the step before`);
      }
      assert.equal(result.tokenUsage.cachedInputTokens, usages.reduce((sum, usage) => sum + (usage.cachedInputTokens ?? 0), 0));
      assert.ok(result.tokenUsage.cachedInputTokens! > result.tokenUsage.inputTokens / 2, 'most input came from the cache');
    } finally {
      await server.close();
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

// The wire server is the fixture for every OpenAI-compatible adapter; check it against the official SDK.

test('wire server: non-stream reply, stop honoured, request recorded', async () => {
  const server = await startOpenAIWireServer({ replies: ['Hello there<END>ignored'] });
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const response = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stop: ['<END>'] });
    assert.equal(response.choices[0]?.message.content, 'Hello there');
    assert.ok((response.usage?.prompt_tokens ?? 0) > 0);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.path, '/v1/chat/completions');
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer k');
    assert.deepEqual(server.requests[0]?.body.messages, [{ role: 'user', content: 'hi' }]);
  } finally {
    await server.close();
  }
});

test('wire server: streaming splits content and tool-call arguments, usage chunk on request', async () => {
  const server = await startOpenAIWireServer({
    replies: [{ content: 'Let me look that up.', toolCalls: [{ id: 'c1', name: 'search', arguments: { query: 'smolagents typescript' } }], usage: { prompt_tokens: 7, completion_tokens: 3 } }],
  });
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'q' }], stream: true, stream_options: { include_usage: true } });
    let content = '';
    let args = '';
    let chunks = 0;
    let name: string | undefined;
    let usage: unknown;
    for await (const chunk of stream) {
      chunks++;
      const delta = chunk.choices[0]?.delta;
      content += delta?.content ?? '';
      for (const call of delta?.tool_calls ?? []) {
        if (call.function?.name) name = call.function.name;
        args += call.function?.arguments ?? '';
      }
      if (chunk.usage) usage = chunk.usage;
    }
    assert.ok(chunks > 5, `expected several chunks, got ${chunks}`);
    assert.equal(content, 'Let me look that up.');
    assert.equal(name, 'search');
    assert.deepEqual(JSON.parse(args), { query: 'smolagents typescript' });
    assert.deepEqual(usage, { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
  } finally {
    await server.close();
  }
});

test('wire server: error injection, exhaustion, Azure paths and model listing', async () => {
  const server = await startOpenAIWireServer({ replies: [{ status: 429, headers: { 'retry-after': '0' }, errorMessage: 'slow down' }] });
  try {
    const first = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [] }) });
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '0');
    assert.equal(((await first.json()) as { error: { message: string } }).error.message, 'slow down');
    const base = server.url.replace(/\/v1$/, '');
    const exhausted = await fetch(`${base}/openai/deployments/gpt/chat/completions?api-version=2024-10-21`, { method: 'POST', body: '{}' });
    assert.equal(exhausted.status, 500);
    assert.match(((await exhausted.json()) as { error: { message: string } }).error.message, /exhausted/);
    assert.equal(server.requests[1]?.path, '/openai/deployments/gpt/chat/completions?api-version=2024-10-21');
    const models = await fetch(`${server.url}/models`);
    assert.equal(models.status, 200);
    assert.ok(((await models.json()) as { data: unknown[] }).data.length > 0);
  } finally {
    await server.close();
  }
});

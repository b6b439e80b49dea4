import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InferenceClientModel } from '../../src/models/inference-client-model.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

// Provider routing goes to huggingface.co / router.huggingface.co. No test may touch the internet, so
// global fetch is replaced for this file: Hub look-ups get a canned mapping, router calls are
// forwarded to the local wire server. What is checked is the URL, token and model id the client picks.

test('InferenceClientModel routes by provider: auto router and a named provider', async () => {
  const server = await startOpenAIWireServer({ replies: ['via auto', 'via together'] });
  const realFetch = globalThis.fetch;
  const seen: { url: string; authorization?: string | undefined }[] = [];
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    seen.push({ url, authorization: headers.get('authorization') ?? undefined });
    const parsed = new URL(url);
    if (parsed.hostname === 'huggingface.co') {
      const mapping = { together: { providerId: 'Qwen/Qwen2.5-Coder-32B-Instruct-Turbo', status: 'live', task: 'conversational' } };
      return new Response(JSON.stringify({ inferenceProviderMapping: mapping }), { headers: { 'content-type': 'application/json' } });
    }
    if (parsed.hostname === 'router.huggingface.co') {
      return realFetch(`${server.url.replace(/\/v1$/, '')}${parsed.pathname}${parsed.search}`, init);
    }
    throw new Error(`test refused a request to ${url}`);
  }) as typeof fetch;
  try {
    const auto = new InferenceClientModel({ token: 'hf_route' });
    assert.equal((await auto.generate([{ role: 'user', content: 'q' }])).content, 'via auto');
    assert.equal(seen[0]!.url, 'https://router.huggingface.co/v1/chat/completions');
    assert.equal(seen[0]!.authorization, 'Bearer hf_route');
    assert.equal(server.requests[0]!.body.model, 'Qwen/Qwen2.5-Coder-32B-Instruct');

    const together = new InferenceClientModel({ provider: 'together', token: 'hf_route' });
    assert.equal((await together.generate([{ role: 'user', content: 'q' }])).content, 'via together');
    const hub = seen.find((request) => request.url.startsWith('https://huggingface.co/api/models/Qwen/Qwen2.5-Coder-32B-Instruct'));
    assert.ok(hub, 'the provider mapping is looked up on the Hub');
    assert.equal(seen.at(-1)!.url, 'https://router.huggingface.co/together/v1/chat/completions');
    assert.equal(server.requests[1]!.body.model, 'Qwen/Qwen2.5-Coder-32B-Instruct-Turbo');
    assert.equal(server.requests[1]!.body.provider, undefined);
  } finally {
    globalThis.fetch = realFetch;
    await server.close();
  }
});

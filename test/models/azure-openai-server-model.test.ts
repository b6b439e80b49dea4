import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import { AzureOpenAIServerModel } from '../../src/models/azure-openai-server-model.js';
import { StreamAccumulator } from '../../src/models/stream.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

const endpointOf = (url: string) => url.replace(/\/v1$/, '');

describe('AzureOpenAIServerModel', () => {
  test('uses the deployment URL scheme, api-version and the api-key header', async () => {
    const server = await startOpenAIWireServer({ replies: [{ content: 'hi from azure', usage: { prompt_tokens: 3, completion_tokens: 4 } }] });
    try {
      const model = new AzureOpenAIServerModel({ modelId: 'gpt-4o-deploy', azureEndpoint: `${endpointOf(server.url)}/`, apiKey: 'az-key', apiVersion: '2024-10-21', temperature: 0 });
      const reply = await model.generate([{ role: 'user', content: 'hello' }]);
      assert.equal(reply.content, 'hi from azure');
      assert.deepEqual(reply.tokenUsage, { inputTokens: 3, outputTokens: 4 });
      const request = server.requests[0]!;
      assert.equal(request.path, '/openai/deployments/gpt-4o-deploy/chat/completions?api-version=2024-10-21');
      assert.equal(request.headers['api-key'], 'az-key');
      assert.equal(request.headers.authorization, undefined);
      assert.equal(request.body.temperature, 0);
    } finally {
      await server.close();
    }
  });

  test('streams, and falls back to the environment for endpoint, key and version', async () => {
    const server = await startOpenAIWireServer({ replies: [{ toolCalls: [{ id: 'c1', name: 'lookup', arguments: { q: 'azure' } }] }] });
    const saved = { ...process.env };
    Object.assign(process.env, { AZURE_OPENAI_ENDPOINT: endpointOf(server.url), AZURE_OPENAI_API_KEY: 'env-key', OPENAI_API_VERSION: '2025-01-01-preview', OPENAI_BASE_URL: 'http://127.0.0.1:9/should-not-be-used' });
    try {
      const model = new AzureOpenAIServerModel({ modelId: 'dep' });
      const accumulator = new StreamAccumulator();
      for await (const delta of model.generateStream([{ role: 'user', content: 'q' }])) accumulator.add(delta);
      assert.deepEqual(accumulator.toMessage().toolCalls, [{ id: 'c1', name: 'lookup', arguments: { q: 'azure' } }]);
      const request = server.requests[0]!;
      assert.equal(request.path, '/openai/deployments/dep/chat/completions?api-version=2025-01-01-preview');
      assert.equal(request.headers['api-key'], 'env-key');
      assert.equal(request.body.stream, true);
    } finally {
      process.env = saved;
      await server.close();
    }
  });

  test('an Entra ID token provider sends a bearer token instead of api-key', async () => {
    const server = await startOpenAIWireServer({ replies: ['ok'] });
    try {
      const model = new AzureOpenAIServerModel({ modelId: 'dep', azureEndpoint: endpointOf(server.url), apiVersion: '2024-10-21', azureAdTokenProvider: async () => 'entra-token' });
      await model.generate([{ role: 'user', content: 'q' }]);
      assert.equal(server.requests[0]!.headers.authorization, 'Bearer entra-token');
      assert.equal(server.requests[0]!.headers['api-key'], undefined);
    } finally {
      await server.close();
    }
  });

  test('missing configuration is a ModelError, not a crash at import', async () => {
    const saved = { ...process.env };
    delete process.env['AZURE_OPENAI_ENDPOINT'];
    try {
      const model = new AzureOpenAIServerModel({ modelId: 'dep', apiKey: 'k', apiVersion: 'v' });
      await assert.rejects(model.generate([{ role: 'user', content: 'q' }]), (error: unknown) => error instanceof ModelError && /AZURE_OPENAI_ENDPOINT/.test(error.message) && !error.retryable);
    } finally {
      process.env = saved;
    }
  });
});

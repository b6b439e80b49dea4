import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, detectModelType, knownModelTypes, ModelConfigurationError } from '../../src/models/model-factory.js';
import { AzureOpenAIServerModel } from '../../src/models/azure-openai-server-model.js';
import { InferenceClientModel } from '../../src/models/inference-client-model.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';

// The CLI's name → class map for the OpenAI-family adapters (helper C's adapters have their own tests).

describe('model factory: OpenAI-family adapters', () => {
  test('detectModelType: --api-base, then HF_TOKEN, then OpenAI env, then Azure', () => {
    assert.equal(detectModelType({ apiBase: 'http://x/v1' }, { HF_TOKEN: 'hf_x' }), 'OpenAIServerModel');
    assert.equal(detectModelType({}, { HF_TOKEN: 'hf_x', OPENAI_API_KEY: 'sk', AZURE_OPENAI_ENDPOINT: 'https://a' }), 'InferenceClientModel');
    assert.equal(detectModelType({}, { OPENAI_API_KEY: 'sk', AZURE_OPENAI_ENDPOINT: 'https://a' }), 'OpenAIServerModel');
    assert.equal(detectModelType({}, { OPENAI_BASE_URL: 'http://localhost:11434/v1' }), 'OpenAIServerModel');
    assert.equal(detectModelType({}, { AZURE_OPENAI_ENDPOINT: 'https://a' }), 'AzureOpenAIServerModel');
    assert.throws(() => detectModelType({}, {}), (error: unknown) => error instanceof ModelConfigurationError && /HF_TOKEN/.test(error.message));
  });

  test('knows the classes and the HfApiModel alias', () => {
    for (const name of ['OpenAIServerModel', 'AzureOpenAIServerModel', 'InferenceClientModel', 'HfApiModel']) assert.ok(knownModelTypes().includes(name), name);
  });

  test('creates each class with options from the selection and the environment', async () => {
    const hf = await createModel({}, { HF_TOKEN: 'hf_x' });
    assert.ok(hf.model instanceof InferenceClientModel);
    assert.equal(hf.model.modelId, 'Qwen/Qwen2.5-Coder-32B-Instruct');
    assert.match(hf.description, /InferenceClientModel .*environment/);
    const alias = await createModel({ modelType: 'HfApiModel', modelId: 'meta-llama/Llama-3.3-70B-Instruct', provider: 'together' }, {});
    assert.ok(alias.model instanceof InferenceClientModel);
    assert.equal((alias.model as InferenceClientModel).provider, 'together');
    const azure = await createModel({ modelType: 'AzureOpenAIServerModel', modelId: 'dep' }, { AZURE_OPENAI_ENDPOINT: 'https://a', OPENAI_API_VERSION: 'v', AZURE_OPENAI_API_KEY: 'k' });
    assert.ok(azure.model instanceof AzureOpenAIServerModel);
    const openai = await createModel({ modelId: 'llama3' }, { OPENAI_BASE_URL: 'http://localhost:11434/v1' });
    assert.ok(openai.model instanceof OpenAIServerModel);
    await assert.rejects(createModel({ modelType: 'AzureOpenAIServerModel' }, { AZURE_OPENAI_ENDPOINT: 'https://a' }), ModelConfigurationError);
  });

  test('a factory-made InferenceClientModel and AzureOpenAIServerModel reach the wire server', async () => {
    const server = await startOpenAIWireServer({ replies: ['from hf', 'from azure'] });
    try {
      const hf = await createModel({ modelType: 'InferenceClientModel', modelId: 'org/m', apiBase: server.url }, { HF_TOKEN: 'hf_factory' });
      assert.equal((await hf.model.generate([{ role: 'user', content: 'q' }])).content, 'from hf');
      assert.equal(server.requests[0]!.headers.authorization, 'Bearer hf_factory');
      const azure = await createModel({ modelType: 'AzureOpenAIServerModel', modelId: 'dep', apiBase: server.url.replace(/\/v1$/, '') }, { OPENAI_API_VERSION: '2024-10-21', AZURE_OPENAI_API_KEY: 'az' });
      assert.equal((await azure.model.generate([{ role: 'user', content: 'q' }])).content, 'from azure');
      assert.equal(server.requests[1]!.path, '/openai/deployments/dep/chat/completions?api-version=2024-10-21');
    } finally {
      await server.close();
    }
  });
});

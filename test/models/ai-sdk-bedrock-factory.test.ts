import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModel, detectModelType, knownModelTypes } from '../../src/models/model-factory.js';
import { AISDKModel } from '../../src/models/ai-sdk-model.js';
import { AmazonBedrockServerModel } from '../../src/models/amazon-bedrock-server-model.js';
import { TransformersModel } from '../../src/models/transformers-model.js';
import { runSmolagent } from '../cli/run-smolagent.js';
import { startAnthropicWireServer } from '../support/anthropic-wire-server.js';
import { startBedrockWireServer } from '../support/bedrock-wire-server.js';

describe('model factory: AI SDK and Bedrock', () => {
  it('knows AISDKModel, its LiteLLMModel alias and AmazonBedrockServerModel', () => {
    for (const name of ['AISDKModel', 'LiteLLMModel', 'AmazonBedrockServerModel', 'TransformersModel']) assert.ok(knownModelTypes().includes(name), name);
  });

  it('detects ANTHROPIC_API_KEY, then AWS credentials, after the OpenAI-family variables', () => {
    assert.equal(detectModelType({}, { ANTHROPIC_API_KEY: 'sk-ant' }), 'AISDKModel');
    assert.equal(detectModelType({}, { ANTHROPIC_API_KEY: 'sk-ant', OPENAI_API_KEY: 'sk' }), 'OpenAIServerModel');
    assert.equal(detectModelType({}, { AWS_ACCESS_KEY_ID: 'AKID', AWS_REGION: 'us-west-2' }), 'AmazonBedrockServerModel');
    assert.equal(detectModelType({}, { AWS_PROFILE: 'dev' }), 'AmazonBedrockServerModel');
    assert.equal(detectModelType({}, { AWS_PROFILE: 'dev', ANTHROPIC_API_KEY: 'sk-ant' }), 'AISDKModel');
  });

  it('builds an AISDKModel from LiteLLMModel, and a default Claude from ANTHROPIC_API_KEY alone', async () => {
    const aliased = await createModel({ modelType: 'LiteLLMModel', modelId: 'anthropic/claude-3-5-sonnet-latest' }, {});
    assert.ok(aliased.model instanceof AISDKModel);
    assert.equal(aliased.description, 'AISDKModel anthropic/claude-3-5-sonnet-latest');
    const fromEnv = await createModel({}, { ANTHROPIC_API_KEY: 'sk-ant' });
    assert.ok(fromEnv.model instanceof AISDKModel);
    assert.match(fromEnv.model.modelId, /^anthropic\/claude-/);
    await assert.rejects(createModel({ modelType: 'AISDKModel' }, {}), /provider\/model/);
  });

  it('builds a Bedrock model with the region from the environment', async () => {
    const created = await createModel({ modelType: 'AmazonBedrockServerModel', modelId: 'amazon.nova-pro-v1:0' }, { AWS_REGION: 'eu-west-1' });
    assert.ok(created.model instanceof AmazonBedrockServerModel);
    assert.equal(created.model.modelId, 'amazon.nova-pro-v1:0');
  });
});

describe('model factory: TransformersModel', () => {
  it('builds a TransformersModel (lazily: nothing is downloaded or loaded until the first call)', async () => {
    const created = await createModel({ modelType: 'TransformersModel', modelId: './models/some-local-folder' }, {});
    assert.ok(created.model instanceof TransformersModel);
    assert.equal(created.description, 'TransformersModel ./models/some-local-folder');
  });
});

describe('smolagent CLI with the new providers', () => {
  const answerReply = 'Thought: I know it.\n```js\nfinal_answer("forty-two")\n```';

  it('runs a task with --model-type LiteLLMModel --model-id anthropic/... against an Anthropic server', async () => {
    const server = await startAnthropicWireServer([answerReply]);
    try {
      const run = await runSmolagent(
        ['What is the answer?', '--model-type', 'LiteLLMModel', '--model-id', 'anthropic/claude-sonnet-4-5', '--api-base', server.url, '--api-key', 'sk-ant-test'],
        { env: { NO_COLOR: '1' } },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.lastLine, 'forty-two');
      assert.ok(run.stderr.includes('AISDKModel anthropic/claude-sonnet-4-5'), run.stderr);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0]!.headers['x-api-key'], 'sk-ant-test');
      assert.equal(server.requests[0]!.body.model, 'claude-sonnet-4-5');
    } finally {
      await server.close();
    }
  });

  it('runs a task on AmazonBedrockServerModel chosen from AWS environment variables', async () => {
    const server = await startBedrockWireServer([answerReply]);
    try {
      const run = await runSmolagent(['What is the answer?', '--model-id', 'amazon.nova-lite-v1:0', '--api-base', server.url, '--model-type', 'AmazonBedrockServerModel'], {
        env: { NO_COLOR: '1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.lastLine, 'forty-two');
      assert.equal(server.requests[0]!.modelId, 'amazon.nova-lite-v1:0');
      assert.match(String(server.requests[0]!.headers.authorization), /Credential=AKIDTEST\/\d+\/us-east-1\/bedrock\//);
    } finally {
      await server.close();
    }
  });
});

/**
 * Resolves a LiteLLM-style "provider/model" id to an AI SDK `LanguageModel`, importing the
 * provider package only when it is first used (DESIGN §2: a user of one provider loads no other).
 */
import type { LanguageModel } from 'ai';
import { ModelError } from '../errors.js';
import { importOptional } from '../optional-dependency.js';

export interface ProviderConnection {
  apiKey?: string | undefined;
  /** The provider's base URL (e.g. `http://localhost:8080/v1`); the package default otherwise. */
  apiBase?: string | undefined;
  headers?: Record<string, string> | undefined;
}

interface ProviderEntry {
  packageName: string;
  /** The package's provider factory, e.g. `createAnthropic`. */
  factory: string;
  /** The environment variable the package reads its API key from, when it has one. */
  keyVariable?: string | undefined;
}

/**
 * The providers we name explicitly. Any other prefix falls back to `@ai-sdk/<prefix>` and its
 * first `create*` export, which is how every first-party AI SDK provider package is laid out.
 */
const knownProviders: Record<string, ProviderEntry> = {
  anthropic: { packageName: '@ai-sdk/anthropic', factory: 'createAnthropic', keyVariable: 'ANTHROPIC_API_KEY' },
  openai: { packageName: '@ai-sdk/openai', factory: 'createOpenAI', keyVariable: 'OPENAI_API_KEY' },
  'openai-compatible': { packageName: '@ai-sdk/openai-compatible', factory: 'createOpenAICompatible' },
  google: { packageName: '@ai-sdk/google', factory: 'createGoogleGenerativeAI', keyVariable: 'GOOGLE_GENERATIVE_AI_API_KEY' },
  gemini: { packageName: '@ai-sdk/google', factory: 'createGoogleGenerativeAI', keyVariable: 'GOOGLE_GENERATIVE_AI_API_KEY' },
  vertex: { packageName: '@ai-sdk/google-vertex', factory: 'createVertex' },
  mistral: { packageName: '@ai-sdk/mistral', factory: 'createMistral', keyVariable: 'MISTRAL_API_KEY' },
  groq: { packageName: '@ai-sdk/groq', factory: 'createGroq', keyVariable: 'GROQ_API_KEY' },
  xai: { packageName: '@ai-sdk/xai', factory: 'createXai', keyVariable: 'XAI_API_KEY' },
  deepseek: { packageName: '@ai-sdk/deepseek', factory: 'createDeepSeek', keyVariable: 'DEEPSEEK_API_KEY' },
  cohere: { packageName: '@ai-sdk/cohere', factory: 'createCohere', keyVariable: 'COHERE_API_KEY' },
  togetherai: { packageName: '@ai-sdk/togetherai', factory: 'createTogetherAI' },
  together_ai: { packageName: '@ai-sdk/togetherai', factory: 'createTogetherAI' },
  fireworks: { packageName: '@ai-sdk/fireworks', factory: 'createFireworks' },
  fireworks_ai: { packageName: '@ai-sdk/fireworks', factory: 'createFireworks' },
  cerebras: { packageName: '@ai-sdk/cerebras', factory: 'createCerebras' },
  perplexity: { packageName: '@ai-sdk/perplexity', factory: 'createPerplexity' },
  azure: { packageName: '@ai-sdk/azure', factory: 'createAzure' },
  bedrock: { packageName: '@ai-sdk/amazon-bedrock', factory: 'createAmazonBedrock' },
  'amazon-bedrock': { packageName: '@ai-sdk/amazon-bedrock', factory: 'createAmazonBedrock' },
  huggingface: { packageName: '@ai-sdk/huggingface', factory: 'createHuggingFace' },
};

/** Splits "anthropic/claude-3-5-sonnet-latest" into provider and model; bare ids guess like LiteLLM. */
export function splitModelId(modelId: string): { provider: string; model: string } {
  const slash = modelId.indexOf('/');
  if (slash > 0) return { provider: modelId.slice(0, slash), model: modelId.slice(slash + 1) };
  // LiteLLM accepts bare OpenAI and Anthropic names; so do we.
  return { provider: modelId.startsWith('claude') ? 'anthropic' : 'openai', model: modelId };
}

export function providerPackage(provider: string): ProviderEntry {
  return knownProviders[provider] ?? { packageName: `@ai-sdk/${provider}`, factory: '' };
}

type ProviderFactory = (settings: Record<string, unknown>) => ((modelId: string) => LanguageModel) & {
  /** @ai-sdk/openai's chat-completions model (the default call makes a Responses API model). */
  chat?: ((modelId: string) => LanguageModel) | undefined;
};

export async function resolveLanguageModel(modelId: string, connection: ProviderConnection): Promise<LanguageModel> {
  const { provider, model } = splitModelId(modelId);
  const entry = providerPackage(provider);
  const module = await importOptional(entry.packageName, `AISDKModel (provider '${provider}')`);
  const factoryName = entry.factory || Object.keys(module).find((name) => /^create[A-Z]/.test(name) && typeof module[name] === 'function');
  const factory = factoryName ? (module[factoryName] as ProviderFactory | undefined) : undefined;
  if (typeof factory !== 'function') {
    throw new ModelError(`AISDKModel: ${entry.packageName} has no provider factory (${entry.factory || 'create*'}); pass a LanguageModel instance as \`model\` instead.`);
  }
  const settings: Record<string, unknown> = {
    ...(connection.apiKey !== undefined ? { apiKey: connection.apiKey } : {}),
    ...(connection.apiBase !== undefined ? { baseURL: connection.apiBase } : {}),
    ...(connection.headers ? { headers: connection.headers } : {}),
  };
  if (provider === 'openai-compatible') {
    if (!connection.apiBase) throw new ModelError("AISDKModel: 'openai-compatible/...' models need `apiBase` (the server's /v1 URL).");
    settings['name'] = 'openai-compatible';
  }
  try {
    const instance = factory(settings);
    // OpenAI's default is the Responses API; chat completions is what every compatible server speaks,
    // so an OpenAI model pointed at another base URL uses it.
    if (provider === 'openai' && connection.apiBase) {
      if (typeof instance.chat !== 'function') throw new Error(`${entry.packageName} has no chat-completions model (provider.chat)`);
      return instance.chat(model);
    }
    return instance(model);
  } catch (error) {
    throw new ModelError(`AISDKModel: could not create the ${provider} model '${model}': ${(error as Error).message}`, { cause: error });
  }
}

import type { Model } from '../models/model.js';

/** What the CLI (or a config file) says about the model to use. */
export interface ModelSelection {
  /** A class name such as "OpenAIServerModel"; when absent the environment decides. */
  modelType?: string;
  modelId?: string;
  apiBase?: string;
  apiKey?: string;
  /** Inference provider (Hugging Face) or similar provider hint. */
  provider?: string;
}

export interface CreatedModel {
  model: Model;
  /** One line for the user: which model class and id were chosen, and why. */
  description: string;
}

/** A configuration problem the user can fix; the CLI prints its message as one line. */
export class ModelConfigurationError extends Error {
  override readonly name = 'ModelConfigurationError';
}

type Factory = (selection: ModelSelection, env: NodeJS.ProcessEnv) => Promise<Model>;

/**
 * The model classes the CLI knows by name. Only the CLI maps names to classes (DESIGN §2).
 * Each entry imports its adapter lazily so that unused provider SDKs are never loaded.
 */
const factories: Record<string, Factory> = {
  OpenAIServerModel: async (selection, env) => {
    const { OpenAIServerModel } = await import('../models/openai-server-model.js');
    return new OpenAIServerModel({
      modelId: selection.modelId ?? env.SMOLAGENTS_MODEL_ID ?? 'gpt-4o-mini',
      apiBase: selection.apiBase ?? env.OPENAI_BASE_URL,
      apiKey: selection.apiKey ?? env.OPENAI_API_KEY,
    });
  },
  AzureOpenAIServerModel: async (selection, env) => {
    const azureEndpoint = selection.apiBase ?? env.AZURE_OPENAI_ENDPOINT;
    const apiVersion = env.OPENAI_API_VERSION;
    if (!azureEndpoint || !apiVersion) {
      throw new ModelConfigurationError('AzureOpenAIServerModel needs AZURE_OPENAI_ENDPOINT (or --api-base) and OPENAI_API_VERSION.');
    }
    const { AzureOpenAIServerModel } = await import('../models/azure-openai-server-model.js');
    return new AzureOpenAIServerModel({
      modelId: selection.modelId ?? env.SMOLAGENTS_MODEL_ID ?? 'gpt-4o-mini',
      azureEndpoint,
      apiVersion,
      apiKey: selection.apiKey ?? env.AZURE_OPENAI_API_KEY,
    });
  },
  InferenceClientModel: async (selection, env) => {
    const { InferenceClientModel } = await import('../models/inference-client-model.js');
    return new InferenceClientModel({
      modelId: selection.modelId ?? env.SMOLAGENTS_MODEL_ID,
      token: selection.apiKey ?? env.HF_TOKEN,
      apiBase: selection.apiBase,
      ...(selection.provider ? { provider: selection.provider as import('../models/inference-client-model.js').InferenceClientModelOptions['provider'] } : {}),
    });
  },
};

/** Aliases accepted for compatibility with smolagents' commands. */
const aliases: Record<string, string> = { HfApiModel: 'InferenceClientModel' };

export function knownModelTypes(): string[] {
  return [...Object.keys(factories), ...Object.keys(aliases)].sort();
}

export async function createModel(selection: ModelSelection, env: NodeJS.ProcessEnv = process.env): Promise<CreatedModel> {
  const requested = selection.modelType ?? detectModelType(selection, env);
  const type = aliases[requested] ?? requested;
  const factory = factories[type];
  if (!factory) {
    throw new ModelConfigurationError(
      `Unknown model type '${requested}'. Known model types: ${knownModelTypes().join(', ')}.`,
    );
  }
  const model = await factory(selection, env);
  const why = selection.modelType ? '' : ' (chosen from the environment)';
  return { model, description: `${type} ${model.modelId}${why}` };
}

/** Picks a model class from the credentials present in the environment. */
export function detectModelType(selection: ModelSelection, env: NodeJS.ProcessEnv): string {
  // An explicit --api-base means an OpenAI-compatible server; otherwise credentials decide, HF first as in smolagents.
  if (selection.apiBase) return 'OpenAIServerModel';
  if (env.HF_TOKEN) return 'InferenceClientModel';
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) return 'OpenAIServerModel';
  if (env.AZURE_OPENAI_ENDPOINT) return 'AzureOpenAIServerModel';
  throw new ModelConfigurationError(
    'No model configured: pass --model-type and --model-id, or set HF_TOKEN, OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server) or AZURE_OPENAI_ENDPOINT.',
  );
}

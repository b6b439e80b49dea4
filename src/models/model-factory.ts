import type { Model } from './model.js';
import { didYouMean } from '../nearest-name.js';

/** What the CLI (or a config file) says about the model to use. */
export interface ModelSelection {
  /** A class name such as "OpenAIServerModel"; when absent the environment decides. */
  modelType?: string | undefined;
  modelId?: string | undefined;
  apiBase?: string | undefined;
  apiKey?: string | undefined;
  /** Inference provider (Hugging Face) or similar provider hint. */
  provider?: string | undefined;
}

export interface CreatedModel {
  model: Model;
  /** The model class chosen (aliases resolved), e.g. "OpenAIServerModel". */
  type: string;
  /** One line for the user: which model class and id were chosen, and why. */
  description: string;
}

/** A configuration problem the user can fix; the CLI prints its message as one line. */
export class ModelConfigurationError extends Error {
  override readonly name: string = 'ModelConfigurationError';
}

/** A model type that is not one of ours: a bad command-line value (the CLI exits 2). */
export class UnknownModelTypeError extends ModelConfigurationError {
  override readonly name: string = 'UnknownModelTypeError';
}

type Factory = (selection: ModelSelection, env: NodeJS.ProcessEnv) => Promise<Model>;

/**
 * The model classes known by name: the CLI's `--model-type`, and the model descriptor of a saved
 * agent (src/sharing). Each entry imports its adapter lazily so that unused provider SDKs are never
 * loaded.
 */
const factories: Record<string, Factory> = {
  OpenAIServerModel: async (selection, env) => {
    const { OpenAIServerModel } = await import('./openai-server-model.js');
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
    const { AzureOpenAIServerModel } = await import('./azure-openai-server-model.js');
    return new AzureOpenAIServerModel({
      modelId: selection.modelId ?? env.SMOLAGENTS_MODEL_ID ?? 'gpt-4o-mini',
      azureEndpoint,
      apiVersion,
      apiKey: selection.apiKey ?? env.AZURE_OPENAI_API_KEY,
    });
  },
  InferenceClientModel: async (selection, env) => {
    const { InferenceClientModel } = await import('./inference-client-model.js');
    return new InferenceClientModel({
      modelId: selection.modelId ?? env.SMOLAGENTS_MODEL_ID,
      token: selection.apiKey ?? env.HF_TOKEN,
      apiBase: selection.apiBase,
      ...(selection.provider ? { provider: selection.provider as import('./inference-client-model.js').InferenceClientModelOptions['provider'] } : {}),
    });
  },
  AISDKModel: async (selection, env) => {
    // "provider/model" as in LiteLLM; with only ANTHROPIC_API_KEY set, a current Claude model.
    const modelId = selection.modelId ?? env.SMOLAGENTS_MODEL_ID ?? (env.ANTHROPIC_API_KEY ? DEFAULT_ANTHROPIC_MODEL : undefined);
    if (!modelId) throw new ModelConfigurationError("AISDKModel needs --model-id as 'provider/model', e.g. anthropic/claude-sonnet-4-5 or openai/gpt-4o.");
    const { AISDKModel } = await import('./ai-sdk-model.js');
    return new AISDKModel({ modelId, apiKey: selection.apiKey, apiBase: selection.apiBase });
  },
  AmazonBedrockServerModel: async (selection, env) => {
    const { AmazonBedrockServerModel } = await import('./amazon-bedrock-server-model.js');
    return new AmazonBedrockServerModel({
      modelId: selection.modelId ?? env.SMOLAGENTS_MODEL_ID ?? DEFAULT_BEDROCK_MODEL,
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      endpoint: selection.apiBase,
    });
  },
  TransformersModel: async (selection, env) => {
    const { TransformersModel } = await import('./transformers-model.js');
    // A Hub id with ONNX weights, or a local folder; downloads go to the transformers.js cache.
    return new TransformersModel({ modelId: selection.modelId ?? env.SMOLAGENTS_MODEL_ID ?? DEFAULT_TRANSFORMERS_MODEL });
  },
};

const DEFAULT_ANTHROPIC_MODEL = 'anthropic/claude-sonnet-4-5';
/** The cross-region inference profile smolagents' own Bedrock examples use. */
const DEFAULT_BEDROCK_MODEL = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
/** smolagents' TransformersModel default; its repository ships the ONNX weights transformers.js needs. */
const DEFAULT_TRANSFORMERS_MODEL = 'HuggingFaceTB/SmolLM2-1.7B-Instruct';

/** Aliases accepted for compatibility with smolagents' commands. */
const aliases: Record<string, string> = { HfApiModel: 'InferenceClientModel', LiteLLMModel: 'AISDKModel' };

export function knownModelTypes(): string[] {
  return [...Object.keys(factories), ...Object.keys(aliases)].sort();
}

export async function createModel(selection: ModelSelection, env: NodeJS.ProcessEnv = process.env): Promise<CreatedModel> {
  const requested = selection.modelType ?? detectModelType(selection, env);
  const type = aliases[requested] ?? requested;
  const factory = factories[type];
  if (!factory) {
    throw new UnknownModelTypeError(`Unknown model type '${requested}'.${didYouMean(requested, knownModelTypes())} Known model types: ${knownModelTypes().join(', ')}.`);
  }
  const model = await factory(selection, env);
  const why = selection.modelType ? '' : type === 'OpenAIServerModel' && selection.apiBase ? ' (an OpenAI-compatible server at --api-base)' : ' (chosen from the environment)';
  return { model, type, description: `${type} ${model.modelId}${why}` };
}

/** Picks a model class from the credentials present in the environment. */
export function detectModelType(selection: ModelSelection, env: NodeJS.ProcessEnv): string {
  // An explicit --api-base means an OpenAI-compatible server; otherwise credentials decide, HF first as in smolagents.
  if (selection.apiBase) return 'OpenAIServerModel';
  if (env.HF_TOKEN) return 'InferenceClientModel';
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) return 'OpenAIServerModel';
  if (env.AZURE_OPENAI_ENDPOINT) return 'AzureOpenAIServerModel';
  if (env.ANTHROPIC_API_KEY) return 'AISDKModel';
  // Last: AWS_REGION alone is common on machines that never meant to use Bedrock.
  if (env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_BEARER_TOKEN_BEDROCK || env.AWS_REGION) return 'AmazonBedrockServerModel';
  throw new ModelConfigurationError(
    'No model configured: pass --model-type and --model-id, or set HF_TOKEN, OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server) AZURE_OPENAI_ENDPOINT, ANTHROPIC_API_KEY or AWS credentials (AWS_ACCESS_KEY_ID / AWS_PROFILE with AWS_REGION).',
  );
}

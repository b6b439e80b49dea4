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
};

/** Aliases accepted for compatibility with smolagents' commands. */
const aliases: Record<string, string> = {};

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
  if (selection.apiBase || env.OPENAI_API_KEY || env.OPENAI_BASE_URL) return 'OpenAIServerModel';
  throw new ModelConfigurationError(
    'No model configured: pass --model-type and --model-id, or set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server).',
  );
}

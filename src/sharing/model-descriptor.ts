import { createModel } from '../models/model-factory.js';
import type { Model } from '../models/model.js';
import type { ModelDescriptor } from './manifest.js';
import { SharedFolderError } from './sharing-errors.js';

/**
 * What a saved agent records of its model: the class and the model id (and an inference provider's
 * name), never keys, tokens or endpoints. Loading builds the model again with keys from the
 * environment, or takes the model passed in.
 */
export function describeModel(model: Model): ModelDescriptor {
  const descriptor: ModelDescriptor = { class: model.constructor.name || 'Model', modelId: model.modelId };
  const provider = (model as { provider?: unknown }).provider;
  if (typeof provider === 'string') descriptor.provider = provider;
  return descriptor;
}

/** Builds a model from its descriptor, the way `smolagent --model-type` does (src/models/model-factory.ts). */
export async function modelFromDescriptor(descriptor: ModelDescriptor, env: NodeJS.ProcessEnv, location: string): Promise<Model> {
  try {
    const { model } = await createModel({ modelType: descriptor.class, modelId: descriptor.modelId, ...(descriptor.provider ? { provider: descriptor.provider } : {}) }, env);
    return model;
  } catch (error) {
    throw new SharedFolderError(
      `${location}: the saved model (${descriptor.class} ${descriptor.modelId}) could not be built: ${(error as Error).message} Pass { model } to use another one.`,
      location,
      { cause: error },
    );
  }
}

import { resolve } from 'node:path';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { createModel } from '../models/model-factory.js';
import { loadAgentFromFolder, loadAgentFromHub, type LoadAgentOptions } from '../sharing/load-agent.js';
import { saveAgent } from '../sharing/share-agent.js';
import { HubError, SharedFolderError, UntrustedCodeError } from '../sharing/sharing-errors.js';
import { CliConfigurationError } from './cli-errors.js';
import type { CliOptions } from './parse-arguments.js';
import type { CliIo } from './run-cli.js';

/**
 * `--from-hub REPO` / `--from-folder DIR`: the agent comes from a saved folder. Plain-JavaScript
 * tools always run sandboxed; other tool modules need --trust-remote-code. The model is the saved
 * one (keys from the environment) unless model flags choose another.
 */
export async function loadSharedAgent(options: CliOptions, io: Pick<CliIo, 'env' | 'cwd'>): Promise<{ agent: MultiStepAgent; description: string }> {
  const selection = { modelType: options.modelType, modelId: options.modelId, apiBase: options.apiBase, apiKey: options.apiKey, provider: options.provider };
  const chosen = Object.values(selection).some((value) => value !== undefined) ? await createModel(selection, io.env) : undefined;
  const loadOptions: LoadAgentOptions = {
    sandboxTools: true,
    trustRemoteCode: options.trustRemoteCode,
    env: io.env,
    ...(chosen ? { model: chosen.model } : {}),
  };
  let agent: MultiStepAgent;
  try {
    agent =
      options.fromHub !== undefined
        ? await loadAgentFromHub(options.fromHub, loadOptions)
        : await loadAgentFromFolder(resolve(io.cwd, options.fromFolder!), loadOptions);
  } catch (error) {
    if (error instanceof UntrustedCodeError) {
      throw new CliConfigurationError(
        `${error.location} has tools that are not plain JavaScript, so they cannot run in the sandbox: ${error.toolNames.join(', ')}. Pass --trust-remote-code to run them in this process, if you trust that code.`,
      );
    }
    if (error instanceof SharedFolderError || error instanceof HubError) throw new CliConfigurationError(error.message);
    throw error;
  }
  if (options.maxSteps !== undefined) agent.maxSteps = options.maxSteps;
  const description = chosen ? chosen.description : `${agent.model.constructor.name} ${agent.model.modelId} (the shared agent's model)`;
  return { agent, description };
}

/** `--save DIR`; returns the folder's full path. */
export async function saveSharedAgent(agent: MultiStepAgent, directory: string, cwd: string): Promise<string> {
  const target = resolve(cwd, directory);
  try {
    await saveAgent(agent, target);
  } catch (error) {
    if (error instanceof SharedFolderError) throw new CliConfigurationError(`The agent could not be saved: ${error.message}`);
    throw error;
  }
  return target;
}

/**
 * What the CLI checks before the first model request, so that a set-up mistake costs no paid call
 * and shows up as one line at once: the model's key is set, the sandbox's imports resolve and its
 * engine answers. (Missing optional packages are caught earlier, by the constructors.)
 */
import path from 'node:path';
import type { CodeExecutor } from '../executors/executor.js';
import { PackageModuleLoader } from '../executors/quickjs/package-module-loader.js';
import { providerPackage, splitModelId } from '../models/ai-sdk-providers.js';
import { CliConfigurationError } from './cli-errors.js';
import type { ModelSelection } from '../models/model-factory.js';
import type { ExecutorName } from './parse-arguments.js';

/** Throws when the chosen model class has no key to send (a local --api-base needs none). */
export function checkModelKey(modelType: string, selection: ModelSelection, env: NodeJS.ProcessEnv): void {
  if (selection.apiKey) return;
  const missing = (variable: string, extra = ''): never => {
    throw new CliConfigurationError(`${modelType} needs an API key: set ${variable} or pass --api-key${extra}.`);
  };
  switch (modelType) {
    case 'OpenAIServerModel':
      if (!env.OPENAI_API_KEY && !selection.apiBase && !env.OPENAI_BASE_URL) missing('OPENAI_API_KEY', ' (a local server given with --api-base needs none)');
      return;
    case 'AzureOpenAIServerModel':
      if (!env.AZURE_OPENAI_API_KEY) missing('AZURE_OPENAI_API_KEY');
      return;
    case 'InferenceClientModel':
      if (!env.HF_TOKEN && !selection.apiBase) missing('HF_TOKEN', ' (tokens: https://huggingface.co/settings/tokens)');
      return;
    case 'AISDKModel': {
      if (selection.apiBase || !selection.modelId) return;
      const variable = providerPackage(splitModelId(selection.modelId).provider).keyVariable;
      if (variable && !env[variable]) missing(variable);
      return;
    }
    default:
      // Bedrock's credentials come from the whole AWS chain (profiles, SSO, instance roles); local
      // models need none.
      return;
  }
}

/**
 * Throws when the sandbox could not serve the run: an `--imports` package the JavaScript sandbox
 * cannot load, or a Docker engine that does not answer.
 */
export async function checkSandbox(name: ExecutorName, executor: CodeExecutor | undefined, imports: readonly string[], cwd: string): Promise<void> {
  if (name === 'quickjs') checkJavaScriptImports(imports, cwd);
  const pingable = executor as (CodeExecutor & { ping?: () => Promise<void> }) | undefined;
  if (typeof pingable?.ping === 'function') await pingable.ping();
}

/** Resolves and reads each package's entry the way the sandbox's module loader will. */
function checkJavaScriptImports(imports: readonly string[], cwd: string): void {
  const loader = new PackageModuleLoader(imports, cwd);
  const importer = path.join(cwd, 'action.js');
  for (const name of imports.filter((name) => name !== '*')) {
    try {
      loader.load(loader.normalize(importer, name));
    } catch (error) {
      throw new CliConfigurationError(`--imports ${name}: ${(error as Error).message} (looked in node_modules from ${cwd}).`);
    }
  }
}

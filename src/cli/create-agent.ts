import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import type { CodeExecutor } from '../executors/executor.js';
import { executorClass } from '../executors/executor-registry.js';
import type { Model } from '../models/model.js';
import type { Tool } from '../tools/tool.js';
import { CliConfigurationError } from './cli-errors.js';
import type { CliOptions, ExecutorName } from './parse-arguments.js';
import { checkSandbox } from './preflight.js';

/**
 * Builds the agent the command line asks for. Only the CLI maps names to classes (DESIGN §2);
 * every agent, executor and SDK is imported here on demand, so a run loads only what it uses.
 * The sandbox is checked (imports resolvable, engine reachable) before any model request.
 */
export async function createAgent(options: CliOptions, model: Model, tools: Tool[], cwd: string = process.cwd()): Promise<MultiStepAgent> {
  const common = {
    model,
    tools,
    // The CLI renders the events itself (AgentLogger on stderr, with its own level and notes).
    logger: false as const,
    streamOutputs: options.stream,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    ...(options.maxTokensMemory !== undefined ? { maxTokensMemory: options.maxTokensMemory } : {}),
    ...(options.planningInterval !== undefined ? { planningInterval: options.planningInterval } : {}),
    ...(options.instructions !== undefined ? { instructions: options.instructions } : {}),
  };
  if (options.agentType === 'tool-calling') {
    const { ToolCallingAgent } = await import('../agents/tool-calling-agent.js');
    return new ToolCallingAgent(common);
  }
  const { CodeAgent } = await import('../agents/code-agent.js');
  const executor = await createExecutor(options.executor, options.imports);
  await checkSandbox(options.executor, executor, options.imports, cwd);
  return new CodeAgent({ ...common, additionalAuthorizedImports: options.imports, ...(executor ? { executor } : {}) });
}

/** undefined means the CodeAgent's default: a LocalJsExecutor (QuickJS), made on first run. */
export async function createExecutor(name: ExecutorName, imports: string[]): Promise<CodeExecutor | undefined> {
  if (name === 'quickjs') return undefined;
  let Executor;
  try {
    Executor = await executorClass(name);
  } catch (error) {
    // A missing module or SDK becomes one line the user can act on.
    throw new CliConfigurationError(`The ${name} executor could not be loaded: ${(error as Error).message}`);
  }
  return new Executor({ additionalAuthorizedImports: imports });
}

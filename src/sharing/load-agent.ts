import { CodeAgent } from '../agents/code-agent.js';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { ToolCallingAgent } from '../agents/tool-calling-agent.js';
import type { CodeExecutor } from '../executors/executor.js';
import type { Model } from '../models/model.js';
import type { Tool } from '../tools/tool.js';
import { MAX_AGENT_DEPTH } from './agent-files.js';
import { checkExecutorDescriptor, executorFromDescriptor } from './executor-descriptor.js';
import { hubFolder, localFolder, type FolderSource, type HubFolderOptions } from './folder-source.js';
import { buildTools, disposeTools, planTools, untrustedCodeError, type CodeTrustOptions, type Refusal } from './load-tools.js';
import { AGENT_MANIFEST, parseAgentManifest, type AgentClassName, type AgentManifest } from './manifest.js';
import { modelFromDescriptor } from './model-descriptor.js';
import { checkPromptOverrides, defaultPrompts } from './prompt-overrides.js';
import { SharedFolderError } from './sharing-errors.js';

export interface LoadAgentOptions extends CodeTrustOptions {
  /** The model for the agent and its managed agents. Default: each built from its saved descriptor, keys from `env`. */
  model?: Model | undefined;
  /** Run the (top) code agent's code here instead of in the saved executor. */
  executor?: CodeExecutor | undefined;
  /** Where model keys, HF_TOKEN and the default tools' settings are read. Default: process.env. */
  env?: NodeJS.ProcessEnv | undefined;
}

export interface LoadAgentFromHubOptions extends LoadAgentOptions, HubFolderOptions {}

/** A saved agent is at most this many agents (itself and its managed agents, at every level). */
const MAX_AGENTS = 64;

type ToolPlans = Awaited<ReturnType<typeof planTools>>;

interface AgentPlan {
  manifest: AgentManifest;
  location: string;
  tools: ToolPlans;
  managed: AgentPlan[];
}

/** Loads a saved agent folder from disk (see docs/sharing.md). */
export async function loadAgentFromFolder(directory: string, options: LoadAgentOptions = {}, expected?: AgentClassName): Promise<MultiStepAgent> {
  return await loadAgent(localFolder(directory), options, expected);
}

/** Loads an agent pushed to the Hub, at one commit of `revision` (default: main). */
export async function loadAgentFromHub(repoId: string, options: LoadAgentFromHubOptions = {}, expected?: AgentClassName): Promise<MultiStepAgent> {
  return await loadAgent(await hubFolder(repoId, options), options, expected);
}

/**
 * Reads every manifest and module first and decides where each tool runs; only when nothing is
 * refused (untrusted code) does any code run or any sandbox start. Then builds the agents, managed
 * ones first. A failure part-way disposes what was made.
 */
export async function loadAgent(folder: FolderSource, options: LoadAgentOptions, expected?: AgentClassName): Promise<MultiStepAgent> {
  const refusals: Refusal[] = [];
  const counter = { agents: 0 };
  const plan = await planAgent(folder, '', options, refusals, 0, counter, expected);
  if (refusals.length > 0) throw untrustedCodeError(refusals, folder, options.sandboxTools === true);
  return await buildAgent(plan, options, true);
}

async function planAgent(
  folder: FolderSource,
  prefix: string,
  options: LoadAgentOptions,
  refusals: Refusal[],
  depth: number,
  counter: { agents: number },
  expected?: AgentClassName,
): Promise<AgentPlan> {
  if (depth > MAX_AGENT_DEPTH || ++counter.agents > MAX_AGENTS) {
    throw new SharedFolderError(`${folder.location}: too many managed agents (at most ${MAX_AGENTS}, nested ${MAX_AGENT_DEPTH} deep).`, folder.location);
  }
  const location = folder.describe(`${prefix}${AGENT_MANIFEST}`);
  let text: string;
  try {
    text = await folder.readText(`${prefix}${AGENT_MANIFEST}`);
  } catch (error) {
    if (!(error instanceof SharedFolderError) || depth > 0) throw error;
    throw new SharedFolderError(`${error.message} It is not a saved agent (a saved tool has tool.json instead: load it with loadTool or Tool.fromHub).`, folder.location, { cause: error });
  }
  const manifest = parseAgentManifest(text, location);
  if (expected && manifest.class !== expected) {
    throw new SharedFolderError(`${folder.location} holds a ${manifest.class}: load it with ${manifest.class}.from…() instead of ${expected}.`, folder.location);
  }
  const givenExecutor = depth === 0 ? options.executor : undefined;
  if (manifest.class === 'CodeAgent' && manifest.executor && !givenExecutor) checkExecutorDescriptor(manifest.executor, location, options.trustRemoteCode === true);
  // A code agent's templates follow the language of the executor it will get.
  const language = givenExecutor?.language ?? manifest.executor?.language ?? 'javascript';
  checkPromptOverrides(manifest.promptTemplates, defaultPrompts(manifest.class, language), location);
  const tools = await planTools(manifest.tools, folder, prefix, options, refusals);
  const managed: AgentPlan[] = [];
  for (const member of manifest.managedAgents) managed.push(await planAgent(folder, `${prefix}${member.folder}/`, options, refusals, depth + 1, counter));
  return { manifest, location, tools, managed };
}

async function buildAgent(plan: AgentPlan, options: LoadAgentOptions, isTop: boolean): Promise<MultiStepAgent> {
  const { manifest, location } = plan;
  const made: { tools: Tool[]; agents: MultiStepAgent[] } = { tools: [], agents: [] };
  try {
    for (const member of plan.managed) made.agents.push(await buildAgent(member, options, false));
    made.tools = await buildTools(plan.tools, options);
    const model = options.model ?? (await modelFromDescriptor(manifest.model, options.env ?? process.env, location));
    const common = {
      model,
      tools: made.tools,
      managedAgents: made.agents,
      name: manifest.name,
      description: manifest.description,
      maxSteps: manifest.options.maxSteps,
      ...(manifest.options.planningInterval !== undefined ? { planningInterval: manifest.options.planningInterval } : {}),
      ...(manifest.options.instructions !== undefined ? { instructions: manifest.options.instructions } : {}),
      ...(manifest.options.streamOutputs !== undefined ? { streamOutputs: manifest.options.streamOutputs } : {}),
      promptTemplates: manifest.promptTemplates as never,
    };
    if (manifest.class === 'ToolCallingAgent') return new ToolCallingAgent(common);
    const given = isTop ? options.executor : undefined;
    const executor = given ?? (manifest.executor ? await executorFromDescriptor(manifest.executor, location, options.trustRemoteCode === true) : undefined);
    try {
      return new CodeAgent({
        ...common,
        ...(executor ? { executor } : {}),
        ...(manifest.options.maxOutputChars !== undefined ? { maxOutputChars: manifest.options.maxOutputChars } : {}),
        additionalAuthorizedImports: manifest.options.additionalAuthorizedImports ?? [],
      });
    } catch (error) {
      if (executor !== given) await executor?.dispose().catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await disposeTools(made.tools);
    await Promise.all(made.agents.map((agent) => agent.dispose().catch(() => undefined)));
    if (error instanceof TypeError || error instanceof RangeError) {
      // The agent's constructor refused a value of the manifest (an unknown prompt template...).
      throw new SharedFolderError(`${location}: ${error.message}`, location, { cause: error });
    }
    throw error;
  }
}

import { CodeAgent } from '../agents/code-agent.js';
import { ManagedAgentTool } from '../agents/managed-agent-tool.js';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { ToolCallingAgent } from '../agents/tool-calling-agent.js';
import { packageVersion } from '../package-version.js';
import { FinalAnswerTool } from '../tools/final-answer-tool.js';
import { describeExecutor } from './executor-descriptor.js';
import { AGENT_MANIFEST, FORMAT_VERSION, type AgentManifest, type AgentOptionsManifest } from './manifest.js';
import { describeModel } from './model-descriptor.js';
import { defaultPrompts, promptOverrides } from './prompt-overrides.js';
import { agentReadme } from './readme.js';
import { serializeTools } from './serialize-tools.js';
import { SharedFolderError } from './sharing-errors.js';

/** How deep managed agents may nest in a saved folder (and in one being loaded). */
export const MAX_AGENT_DEPTH = 4;

/** The library that writes a folder, as manifests record it. */
export function savedBy(): string {
  return `smolagents-ts ${packageVersion()}`;
}

/**
 * An agent as the files of a saved folder (docs/sharing.md): `agent.json`, `README.md`, one module
 * per tool under `tools/`, and each managed agent as a folder of its own under `managed_agents/`.
 * Nothing is written here; the caller writes the files to disk or commits them to the Hub.
 */
export async function agentFiles(agent: MultiStepAgent, repoId?: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await addAgent(agent, '', files, 0, repoId);
  return files;
}

async function addAgent(agent: MultiStepAgent, prefix: string, files: Map<string, string>, depth: number, repoId: string | undefined): Promise<void> {
  if (depth > MAX_AGENT_DEPTH) throw new SharedFolderError(`Managed agents nest deeper than ${MAX_AGENT_DEPTH} levels; such an agent cannot be saved.`);
  const className = agentClass(agent);
  const defaults = defaultPrompts(className, agent instanceof CodeAgent ? agent.language : 'javascript');
  const tools = Object.values(agent.tools);
  const managed = tools.filter((tool): tool is ManagedAgentTool => tool instanceof ManagedAgentTool);
  // The agent adds its own final_answer; a replacement of the user's is saved like any tool.
  const plain = tools.filter((tool) => !(tool instanceof ManagedAgentTool) && !(tool instanceof FinalAnswerTool));
  const serialized = await serializeTools(plain, 'tools', savedBy());

  const manifest: AgentManifest = {
    formatVersion: FORMAT_VERSION,
    savedBy: savedBy(),
    class: className,
    name: agent.name,
    description: agent.description,
    options: agentOptions(agent),
    promptTemplates: promptOverrides(agent.promptTemplates, defaults),
    ...(agent instanceof CodeAgent ? { executor: describeExecutor(agent.codeExecutor, agent.additionalAuthorizedImports) } : {}),
    model: describeModel(agent.model),
    tools: serialized.entries,
    managedAgents: managed.map((tool) => ({ name: tool.name, folder: `managed_agents/${tool.name}` })),
  };
  for (const tool of managed) {
    const member = tool.agent;
    if (!(member instanceof CodeAgent || member instanceof ToolCallingAgent)) {
      throw new SharedFolderError(`The managed agent '${tool.name}' is not a CodeAgent or a ToolCallingAgent, so it cannot be saved.`);
    }
    await addAgent(member, `${prefix}managed_agents/${tool.name}/`, files, depth + 1, undefined);
  }
  for (const [path, text] of serialized.files) files.set(`${prefix}${path}`, text);
  files.set(`${prefix}${AGENT_MANIFEST}`, `${JSON.stringify(manifest, null, 2)}\n`);
  const summaries = serialized.entries.map((entry, index) => ({
    entry,
    description: plain[index]!.description,
    ...('module' in entry ? { source: serialized.files.get(entry.module) } : {}),
  }));
  files.set(`${prefix}README.md`, agentReadme(manifest, summaries, depth === 0 ? repoId : undefined));
}

function agentClass(agent: MultiStepAgent): AgentManifest['class'] {
  if (agent instanceof CodeAgent) return 'CodeAgent';
  if (agent instanceof ToolCallingAgent) return 'ToolCallingAgent';
  throw new SharedFolderError(`Only CodeAgent and ToolCallingAgent can be saved, not ${agent.constructor.name}.`);
}

function agentOptions(agent: MultiStepAgent): AgentOptionsManifest {
  const options: AgentOptionsManifest = { maxSteps: agent.maxSteps };
  if (agent.planningInterval !== undefined) options.planningInterval = agent.planningInterval;
  if (agent.instructions !== undefined) options.instructions = agent.instructions;
  if (agent.streamOutputs) options.streamOutputs = true;
  if (agent instanceof CodeAgent) {
    options.maxOutputChars = agent.maxOutputChars;
    options.additionalAuthorizedImports = [...agent.additionalAuthorizedImports];
  }
  return options;
}

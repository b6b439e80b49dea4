import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { agentFiles } from './agent-files.js';
import { pushFilesToHub, type PushResult, type PushToHubOptions } from './hub-push.js';
import { AGENT_MANIFEST } from './manifest.js';
import { writeFolderAtomically } from './write-folder.js';

/**
 * Writes an agent as a saved folder (docs/sharing.md). The files are all made first, so a tool that
 * cannot be saved fails before anything is written, and the folder then appears all at once.
 */
export async function saveAgent(agent: MultiStepAgent, directory: string): Promise<void> {
  await writeFolderAtomically(directory, await agentFiles(agent), AGENT_MANIFEST);
}

/** Pushes an agent's saved folder to a Hub repository as one commit. */
export async function pushAgentToHub(agent: MultiStepAgent, repoId: string, options: PushToHubOptions = {}): Promise<PushResult> {
  return await pushFilesToHub(repoId, (fullRepoId) => agentFiles(agent, fullRepoId), options, `Upload agent ${agent.name}`);
}

import type { Tool } from '../tools/tool.js';
import { savedBy } from './agent-files.js';
import { hubFolder, localFolder, type FolderSource, type HubFolderOptions } from './folder-source.js';
import { pushFilesToHub, type PushResult, type PushToHubOptions } from './hub-push.js';
import { buildTools, planTools, untrustedCodeError, type CodeTrustOptions, type Refusal } from './load-tools.js';
import { FORMAT_VERSION, parseToolManifest, TOOL_MANIFEST, type ToolManifest } from './manifest.js';
import { toolReadme } from './readme.js';
import { serializeTools } from './serialize-tools.js';
import { SharedFolderError } from './sharing-errors.js';
import { writeFolderAtomically } from './write-folder.js';

export interface LoadToolOptions extends Omit<CodeTrustOptions, 'sandboxTools'> {
  /** Run the tool in a QuickJS sandbox of its own (plain-JavaScript tools only). Recommended for tools from the Hub. */
  sandboxed?: boolean | undefined;
}

export interface LoadToolFromHubOptions extends LoadToolOptions, HubFolderOptions {}

/** A single tool as a saved folder: `tool.json`, the tool's module, and a README. */
async function toolFiles(tool: Tool, repoId: string | undefined): Promise<Map<string, string>> {
  const { entries, files } = await serializeTools([tool], '', savedBy());
  const entry = entries[0]!;
  const manifest: ToolManifest = { formatVersion: FORMAT_VERSION, savedBy: savedBy(), tool: entry };
  files.set(TOOL_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  const source = 'module' in entry ? files.get(entry.module) : undefined;
  files.set('README.md', toolReadme({ entry, description: tool.description, ...(source ? { source } : {}) }, savedBy(), repoId));
  return files;
}

export async function saveTool(tool: Tool, directory: string): Promise<void> {
  await writeFolderAtomically(directory, await toolFiles(tool, undefined), TOOL_MANIFEST);
}

export async function pushToolToHub(tool: Tool, repoId: string, options: PushToHubOptions = {}): Promise<PushResult> {
  return await pushFilesToHub(repoId, (fullRepoId) => toolFiles(tool, fullRepoId), options, `Upload tool ${tool.name}`);
}

export async function loadToolFromFolder(directory: string, options: LoadToolOptions = {}): Promise<Tool> {
  return await loadSavedTool(localFolder(directory), options);
}

export async function loadToolFromHub(repoId: string, options: LoadToolFromHubOptions = {}): Promise<Tool> {
  return await loadSavedTool(await hubFolder(repoId, options), options);
}

async function loadSavedTool(folder: FolderSource, options: LoadToolOptions): Promise<Tool> {
  let text: string;
  try {
    text = await folder.readText(TOOL_MANIFEST);
  } catch (error) {
    if (!(error instanceof SharedFolderError)) throw error;
    throw new SharedFolderError(`${error.message} It is not a saved tool (a saved agent has agent.json instead: load it with CodeAgent.fromHub).`, folder.location, { cause: error });
  }
  const manifest = parseToolManifest(text, folder.describe(TOOL_MANIFEST));
  const trust = { ...options, sandboxTools: options.sandboxed === true };
  const refusals: Refusal[] = [];
  const plans = await planTools([manifest.tool], folder, '', trust, refusals);
  if (refusals.length > 0) throw untrustedCodeError(refusals, folder, trust.sandboxTools, 'sandboxed');
  const [tool] = await buildTools(plans, trust);
  return tool!;
}

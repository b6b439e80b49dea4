import type { LoadToolFromHubOptions } from '../sharing/share-tool.js';
import type { Tool } from './tool.js';

/**
 * smolagents' `load_tool`: a tool pushed to the Hugging Face Hub. Pass `{ sandboxed: true }` to run
 * a plain-JavaScript tool in a QuickJS sandbox (recommended), or `{ trustRemoteCode: true }` to run
 * its code in this process (docs/sharing.md).
 */
export async function loadTool(repoId: string, options?: LoadToolFromHubOptions): Promise<Tool> {
  const { loadToolFromHub } = await import('../sharing/share-tool.js');
  return await loadToolFromHub(repoId, options);
}

import { basename } from 'node:path';
import { createDefaultTool, isDefaultToolName } from '../tools/default-tools.js';
import type { Tool } from '../tools/tool.js';
import type { FolderSource } from './folder-source.js';
import { recordLoadedToolSource } from './loaded-tool-sources.js';
import type { BuiltinToolEntry, ModuleToolEntry, ToolEntry } from './manifest.js';
import { importModuleSource, parseModule } from './module-source.js';
import { sandboxObstacle } from './plain-module.js';
import { SandboxedTool, type ToolSandboxOptions } from './sandboxed-tool.js';
import { SharedFolderError, UntrustedCodeError } from './sharing-errors.js';
import { toolFromExport } from './tool-exports.js';

/** How code from a saved folder may run. */
export interface CodeTrustOptions {
  /**
   * Run the folder's tool modules in this process, with all its rights. Only for code you trust:
   * a folder from the Hub is someone else's code. Default false.
   */
  trustRemoteCode?: boolean | undefined;
  /**
   * Run tools that are plain JavaScript (no imports, no host globals) inside a QuickJS sandbox
   * instead, where they cannot reach this process. The recommended way to use tools from the Hub.
   * Other tools still need `trustRemoteCode`. Default false.
   */
  sandboxTools?: boolean | undefined;
  /** Limits of each tool's sandbox. */
  sandbox?: ToolSandboxOptions | undefined;
  /** Environment for the default tools (base URLs). Default: process.env. */
  env?: NodeJS.ProcessEnv | undefined;
}

/** How one tool will be made, decided before any of the folder's code runs. */
type ToolPlan =
  | { entry: BuiltinToolEntry; runs: 'builtin' }
  | { entry: ModuleToolEntry; runs: 'host' | 'sandbox'; path: string; source: string; location: string };

export interface Refusal {
  name: string;
  location: string;
  /** Why the sandbox cannot take it, when the sandbox was asked for. */
  reason?: string | undefined;
}

/** Reads the modules a list of entries names and decides where each tool runs. */
export async function planTools(
  entries: readonly ToolEntry[],
  folder: FolderSource,
  prefix: string,
  options: CodeTrustOptions,
  refusals: Refusal[],
): Promise<ToolPlan[]> {
  const plans: ToolPlan[] = [];
  for (const entry of entries) {
    if ('builtin' in entry) {
      if (!isDefaultToolName(entry.builtin) || entry.builtin !== entry.name) {
        throw new SharedFolderError(`${folder.location}: tool '${entry.name}' names '${entry.builtin}', which is not one of the library's default tools by that name.`, folder.location);
      }
      plans.push({ entry, runs: 'builtin' });
      continue;
    }
    const path = `${prefix}${entry.module}`;
    const location = folder.describe(path);
    const source = await folder.readText(path);
    const obstacle = sandboxObstacle(parseModule(source, path));
    if (options.sandboxTools && !obstacle) plans.push({ entry, runs: 'sandbox', path, source, location });
    else if (options.trustRemoteCode) plans.push({ entry, runs: 'host', path, source, location });
    else {
      refusals.push({ name: entry.name, location: path, ...(options.sandboxTools ? { reason: obstacle } : {}) });
      plans.push({ entry, runs: 'host', path, source, location });
    }
  }
  return plans;
}

/** The error for tools that would run in this process without `trustRemoteCode`. */
export function untrustedCodeError(refusals: readonly Refusal[], folder: FolderSource, sandboxAsked: boolean, sandboxOption = 'sandboxTools'): UntrustedCodeError {
  const list = refusals.map(({ name, location, reason }) => `${name} (${location}${reason ? `: ${reason}` : ''})`).join(', ');
  const advice = sandboxAsked
    ? 'Pass trustRemoteCode: true to run them in this process, if you trust that code.'
    : `Pass ${sandboxOption}: true to run plain-JavaScript tools in the QuickJS sandbox (recommended), or trustRemoteCode: true to run them in this process, if you trust that code.`;
  return new UntrustedCodeError(
    `${folder.location} has tools whose code would run in this process: ${list}. ${advice}`,
    refusals.map((refusal) => refusal.name),
    folder.location,
  );
}

/** Makes the planned tools. If one fails, those already made are disposed. */
export async function buildTools(plans: readonly ToolPlan[], options: CodeTrustOptions): Promise<Tool[]> {
  const tools: Tool[] = [];
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  try {
    for (const plan of plans) {
      if (plan.runs === 'builtin') {
        tools.push(await createDefaultTool(plan.entry.builtin, options.env ? { env: options.env } : {}));
        continue;
      }
      const { entry, path, source, location } = plan;
      const fileName = basename(path);
      if (plan.runs === 'sandbox') {
        tools.push(await SandboxedTool.load({ source, fileName, export: entry.export, name: entry.name, location }, options.sandbox));
        continue;
      }
      if (!modules.has(path)) modules.set(path, importModuleSource(source, path, location));
      const namespace = await modules.get(path)!;
      if (!(entry.export in namespace)) throw new SharedFolderError(`${location} has no export named '${entry.export}'.`, location);
      const tool = toolFromExport(namespace[entry.export], entry.name, `${location} (export '${entry.export}')`);
      recordLoadedToolSource(tool, { fileName, source, export: entry.export });
      tools.push(tool);
    }
    return tools;
  } catch (error) {
    await disposeTools(tools);
    throw error;
  }
}

/** Frees what tools hold (sandboxes); tools without a dispose() hold nothing. */
export async function disposeTools(tools: readonly Tool[]): Promise<void> {
  await Promise.all(tools.map((tool) => (tool as { dispose?: () => Promise<void> }).dispose?.().catch(() => undefined)));
}

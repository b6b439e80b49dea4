import { readFile } from 'node:fs/promises';
import { basename, extname, sep } from 'node:path';
import { isDefaultToolName } from '../tools/default-tools.js';
import { toolOrigin } from '../tools/tool-origin.js';
import type { Tool } from '../tools/tool.js';
import { generateToolModule } from './generate-tool-module.js';
import { loadedToolSource } from './loaded-tool-sources.js';
import type { ToolEntry } from './manifest.js';
import { exportAt } from './export-at-site.js';
import { LIBRARY_DIRECTORY } from './module-source.js';
import { moduleSourceToSave, parseForSave } from './module-to-save.js';
import { ToolSerializationError } from './sharing-errors.js';

/** The tools of an agent (or a single tool) as manifest entries and module files. */
export interface SerializedTools {
  entries: ToolEntry[];
  /** File contents by path inside the folder, e.g. "tools/weather.ts". */
  files: Map<string, string>;
}

/** One module to write: its source and a preferred file name. */
interface ModulePlan {
  key: string;
  fileName: string;
  source: string;
}

/**
 * Decides how each tool is written (docs/sharing.md, "Tools"): a tool loaded from a folder goes back
 * as it came; one of the library's default tools by name; a tool whose class or `tool({...})` is
 * exported from a module as a copy of that module; an inline `tool({...})` as a generated module.
 */
export async function serializeTools(tools: readonly Tool[], folder: string, savedBy: string): Promise<SerializedTools> {
  const plans: { name: string; plan: ToolPlan }[] = [];
  const modules = new Map<string, ModulePlan>();
  for (const tool of tools) {
    const plan = await planTool(tool, savedBy);
    if ('module' in plan && !modules.has(plan.module.key)) modules.set(plan.module.key, plan.module);
    plans.push({ name: tool.name, plan });
  }
  const paths = assignPaths([...modules.values()], folder);
  const entries = plans.map(({ name, plan }): ToolEntry =>
    'builtin' in plan ? { name, builtin: plan.builtin } : { name, module: paths.get(plan.module.key)!, export: plan.export },
  );
  const files = new Map([...modules.values()].map((module) => [paths.get(module.key)!, module.source]));
  return { entries, files };
}

type ToolPlan = { builtin: string } | { module: ModulePlan; export: string };

async function planTool(tool: Tool, savedBy: string): Promise<ToolPlan> {
  const loaded = loadedToolSource(tool);
  if (loaded) return { module: { key: `loaded:${loaded.fileName}:${loaded.source}`, fileName: loaded.fileName, source: loaded.source }, export: loaded.export };

  const origin = toolOrigin(tool);
  if (origin?.module) {
    const { file, export: exported } = origin.module;
    const source = await readSource(tool.name, file);
    return { module: { key: file, fileName: basename(file), source: await moduleSourceToSave(tool.name, source, file) }, export: exported };
  }
  const site = origin?.site;
  if (site && isLibraryFile(site.file)) {
    if (isDefaultToolName(tool.name)) return { builtin: tool.name };
    const kind = tool.constructor.name || 'a tool class';
    const hint = kind === 'McpTool' ? ' MCP tools come from a running server: connect it again after loading (ToolCollection.fromMcp).' : '';
    throw new ToolSerializationError(tool.name, `Tool '${tool.name}' (${kind}) is one of the library's own tools that cannot be saved by name.${hint}`);
  }
  if (site) {
    const source = await readSource(tool.name, site.file);
    const exported = exportAt(parseForSave(tool.name, source, site.file), site, origin?.config === undefined ? tool.constructor.name : undefined);
    if (exported) {
      if (origin?.config === undefined) assertConstructible(tool, site.file);
      return { module: { key: site.file, fileName: basename(site.file), source: await moduleSourceToSave(tool.name, source, site.file) }, export: exported };
    }
  }
  if (origin?.config) {
    const source = generateToolModule(tool, origin.config.execute, savedBy);
    return { module: { key: `generated:${tool.name}`, fileName: `${tool.name}.js`, source }, export: 'default' };
  }
  const className = tool.constructor.name || 'its class';
  throw new ToolSerializationError(
    tool.name,
    site
      ? `Tool '${tool.name}' cannot be saved: ${className} is not exported from ${site.file}. Export the class so that the saved copy of the module provides it.`
      : `Tool '${tool.name}' cannot be saved: where ${className} is defined is unknown (no source file on the stack).`,
  );
}

function isLibraryFile(file: string): boolean {
  return file.startsWith(LIBRARY_DIRECTORY + sep);
}

/** A class is saved by reference and rebuilt with `new Class()`: check now that this works. */
function assertConstructible(tool: Tool, file: string): void {
  const toolClass = tool.constructor as new () => Tool;
  let built: Tool;
  try {
    built = new toolClass();
  } catch (error) {
    throw new ToolSerializationError(
      tool.name,
      `Tool '${tool.name}' cannot be saved: a saved class is rebuilt with \`new ${toolClass.name}()\`, which threw: ${(error as Error).message}. Give its constructor defaults (in ${file}).`,
      { cause: error },
    );
  }
  if (built.name !== tool.name) {
    throw new ToolSerializationError(tool.name, `Tool '${tool.name}' cannot be saved: \`new ${toolClass.name}()\` makes a tool named '${built.name}' (in ${file}).`);
  }
}

async function readSource(toolName: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ToolSerializationError(toolName, `Tool '${toolName}' cannot be saved: its module ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

/** File names inside `folder`, made unique: two modules called `tools.ts` become tools.ts and tools-2.ts. */
function assignPaths(modules: ModulePlan[], folder: string): Map<string, string> {
  const used = new Set<string>();
  const paths = new Map<string, string>();
  for (const module of modules) {
    const extension = extname(module.fileName) || '.js';
    const stem = basename(module.fileName, extension).replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[^A-Za-z0-9_]+/, '') || 'tool';
    let candidate = `${stem}${extension}`;
    for (let counter = 2; used.has(candidate); counter++) candidate = `${stem}-${counter}${extension}`;
    used.add(candidate);
    paths.set(module.key, folder ? `${folder}/${candidate}` : candidate);
  }
  return paths;
}

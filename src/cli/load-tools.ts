import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSchemaInput } from '../tools/schema/tool-schema.js';
import { recordToolOrigin } from '../tools/tool-origin.js';
import { Tool, tool, type ToolInputSchema, type ToolOutputType } from '../tools/tool.js';
import { CliConfigurationError, CliUsageError } from './cli-errors.js';

/** The registry of tools known by name (src/tools/default-tools.ts), as the CLI uses it. */
export interface DefaultToolRegistry {
  defaultToolNames: readonly string[];
  createDefaultTool(name: string): Promise<Tool>;
}

export interface LoadToolsOptions {
  /** Relative module paths resolve from here. */
  cwd: string;
  /** Where tool names are looked up; default: the library's default tools, imported on first need. */
  registry?: (() => Promise<DefaultToolRegistry>) | undefined;
  /** Environment for the default tools (SMOLAGENTS_DUCKDUCKGO_URL...). Default process.env. */
  env?: NodeJS.ProcessEnv | undefined;
}

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/**
 * Loads `--tools` entries: default tool names, and paths to JS/TS modules whose exported tools
 * (Tool instances, arrays of them, or plain `{ name, description, inputSchema, outputType?, outputSchema?, execute }` objects)
 * are all taken. Names are checked before anything loads, so a typo fails fast.
 */
export async function loadTools(specs: readonly string[], options: LoadToolsOptions): Promise<Tool[]> {
  const names = specs.filter((spec) => !isModulePath(spec));
  const registry = names.length > 0 ? await (options.registry ?? (() => importDefaultTools(options.env)))() : undefined;
  if (registry) {
    const unknown = names.filter((name) => !registry.defaultToolNames.includes(name));
    if (unknown.length > 0) {
      throw new CliUsageError(
        `Unknown tool ${unknown.map((name) => `'${name}'`).join(', ')}. Known tools: ${registry.defaultToolNames.join(', ')}; or give a path to a .js/.ts module that exports tools (./my-tools.ts).`,
      );
    }
  }
  const tools: Tool[] = [];
  for (const spec of specs) {
    if (isModulePath(spec)) tools.push(...(await loadToolModule(spec, options.cwd)));
    else tools.push(await registry!.createDefaultTool(spec));
  }
  return tools;
}

/** A path, not a tool name: it has a separator, starts with a dot, or ends in a module extension. */
export function isModulePath(spec: string): boolean {
  return spec.startsWith('.') || spec.includes('/') || spec.includes('\\') || MODULE_EXTENSIONS.has(extname(spec));
}

async function importDefaultTools(env: NodeJS.ProcessEnv | undefined): Promise<DefaultToolRegistry> {
  try {
    const { createDefaultTool, defaultToolNames } = await import('../tools/default-tools.js');
    return { defaultToolNames, createDefaultTool: (name) => createDefaultTool(name, env ? { env } : {}) };
  } catch (error) {
    throw new CliConfigurationError(`The default tools could not be loaded: ${(error as Error).message}`);
  }
}

export async function loadToolModule(spec: string, cwd: string): Promise<Tool[]> {
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new CliUsageError(`Tool module not found: ${spec} (looked for ${path}).`);
  let exports: Record<string, unknown>;
  try {
    exports = TYPESCRIPT_EXTENSIONS.has(extname(path)) ? await importTypeScript(path) : await import(pathToFileURL(path).href);
  } catch (error) {
    throw new CliConfigurationError(`Could not load tool module ${spec}: ${(error as Error).message}`);
  }
  const tools: Tool[] = [];
  const seen = new Set<unknown>();
  for (const [name, value] of Object.entries(exports)) {
    for (const candidate of Array.isArray(value) ? value : [value]) {
      if (seen.has(candidate)) continue; // `export default x` beside `export { x }`
      seen.add(candidate);
      let found: Tool | undefined;
      try {
        found = asTool(candidate);
      } catch (error) {
        throw new CliConfigurationError(`${spec}: ${(error as Error).message}`);
      }
      if (!found) continue;
      // Saving the agent (--save) writes the tool as this export of this module.
      if (!Array.isArray(value)) recordToolOrigin(found, { module: { file: path, export: name } });
      tools.push(found);
    }
  }
  if (tools.length === 0) {
    throw new CliConfigurationError(`${spec} exports no tools: export Tool instances (for example made with tool({...})).`);
  }
  return tools;
}

/** TypeScript modules go through tsx's loader, imported only when a .ts tool module is given. */
async function importTypeScript(path: string): Promise<Record<string, unknown>> {
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
}

/**
 * Accepts a Tool, or something shaped like one: a module loaded through another loader (tsx) or
 * another copy of the library has its own `Tool` class, so `instanceof` alone would miss it.
 */
export function asTool(value: unknown): Tool | undefined {
  if (value instanceof Tool) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || typeof candidate.description !== 'string') return undefined;
  if (typeof candidate.inputSchema !== 'object' || candidate.inputSchema === null) return undefined;
  const isToolInstance = ['call', 'forward', 'toDefinition', 'validate'].every((key) => typeof candidate[key] === 'function');
  if (isToolInstance) return value as Tool;
  const execute = candidate.execute ?? candidate.forward;
  if (typeof execute !== 'function') return undefined;
  if (candidate.outputSchema !== undefined && !isSchemaInput(candidate.outputSchema)) {
    throw new TypeError(`Tool '${candidate.name}': outputSchema must be a zod schema (or any Standard Schema) or a JSON Schema object.`);
  }
  return tool({
    name: candidate.name,
    description: candidate.description,
    inputSchema: candidate.inputSchema as ToolInputSchema,
    outputType: (candidate.outputType as ToolOutputType | undefined) ?? 'any',
    outputSchema: candidate.outputSchema as ToolInputSchema | undefined,
    execute: (args, context) => (execute as (a: unknown, c: unknown) => unknown).call(value, args, context),
  });
}

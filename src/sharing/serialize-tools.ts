import { readFile } from 'node:fs/promises';
import { basename, extname, sep } from 'node:path';
import { isDefaultToolName } from '../tools/default-tools.js';
import { toolOrigin, type SourceSite } from '../tools/tool-origin.js';
import type { Tool } from '../tools/tool.js';
import { generateToolModule } from './generate-tool-module.js';
import { loadedToolSource } from './loaded-tool-sources.js';
import type { ToolEntry } from './manifest.js';
import {
  importsLibraryFile,
  isBuiltinModule,
  isRelativeSpecifier,
  LIBRARY_DIRECTORY,
  LIBRARY_ENTRY_URL,
  LIBRARY_PACKAGE,
  parseModule,
  type ParsedModule,
} from './module-source.js';
import { ToolSerializationError } from './sharing-errors.js';

// acorn's node types are loose; only a few fields are read.
type AnyNode = Record<string, any>;

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

/**
 * The export of a module that defines the tool made at `site`, found in the source rather than by
 * importing the module (it may still be running: a script that saves its agent at top level). A
 * `tool({...})` call belongs to the exported declaration around it; a class tool to the exported
 * class of its name around its constructor. A function around the site is a factory: no export.
 */
function exportAt(parsed: ParsedModule, site: SourceSite, className: string | undefined): string | undefined {
  const contains = (node: AnyNode) => containsSite(node, site, parsed.javascript === parsed.source);
  const exportedAs = new Map<string, string>();
  for (const statement of parsed.program.body as AnyNode[]) {
    if (statement.type === 'ExportNamedDeclaration' && !statement.declaration && !statement.source) {
      for (const specifier of statement.specifiers) exportedAs.set(nameOf(specifier.local), nameOf(specifier.exported));
    }
  }
  for (const statement of parsed.program.body as AnyNode[]) {
    const exported = /^Export(Named|Default)Declaration$/.test(statement.type);
    const declaration = exported ? statement.declaration : statement;
    if (!declaration || !contains(declaration)) continue;
    const local = definedName(declaration, contains, className);
    if (statement.type === 'ExportDefaultDeclaration') return declaration.type === 'FunctionDeclaration' ? undefined : 'default';
    if (local === undefined) return undefined;
    return exported ? local : exportedAs.get(local);
  }
  return undefined;
}

/** The name a top-level declaration gives the value made at the site, if it is one. */
function definedName(declaration: AnyNode, contains: (node: AnyNode) => boolean, className: string | undefined): string | undefined {
  if (declaration.type === 'VariableDeclaration') {
    const declarator = declaration.declarations.find((item: AnyNode) => item.init && contains(item.init));
    return declarator?.id.type === 'Identifier' ? declarator.id.name : undefined;
  }
  if (declaration.type === 'ClassDeclaration') return className !== undefined && declaration.id?.name === className ? className : undefined;
  return undefined;
}

/** Lines always count; columns only where the parsed text is the file itself (not TypeScript stripped of types). */
function containsSite(node: AnyNode, site: SourceSite, columnsMatch: boolean): boolean {
  const { start, end } = node.loc as { start: { line: number; column: number }; end: { line: number; column: number } };
  const column = site.column - 1;
  if (site.line < start.line || site.line > end.line) return false;
  if (!columnsMatch) return true;
  if (site.line === start.line && column < start.column) return false;
  return !(site.line === end.line && column > end.column);
}

function nameOf(node: AnyNode): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
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

function parseForSave(toolName: string, source: string, file: string): ParsedModule {
  try {
    return parseModule(source, file);
  } catch (error) {
    throw new ToolSerializationError(toolName, `Tool '${toolName}' cannot be saved: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The module's source as it will be saved: unchanged, except that relative imports of this library
 * itself ('../src/index.js' in a project that works on the library) become 'smolagents-ts'. Any
 * other relative import is refused: the saved module must stand alone.
 */
async function moduleSourceToSave(toolName: string, original: string, file: string): Promise<string> {
  let source = original;
  const parsed = parseForSave(toolName, source, file);
  if (parsed.hasComputedImport) {
    throw new ToolSerializationError(toolName, `Tool '${toolName}' cannot be saved: ${file} uses import() with a computed module name.`);
  }
  const publicNames = new Set(Object.keys(await import(LIBRARY_ENTRY_URL)));
  for (const { specifier } of parsed.imports) {
    if (!isRelativeSpecifier(specifier) || isBuiltinModule(specifier)) continue;
    if (!importsLibraryFile(specifier, file)) {
      throw new ToolSerializationError(
        toolName,
        `Tool '${toolName}' cannot be saved: ${file} imports '${specifier}', and a saved tool module must stand alone. Move what it needs into the module, or into a package.`,
      );
    }
    const missing = importedNames(parsed.program, specifier).filter((name) => !publicNames.has(name));
    if (missing.length > 0) {
      throw new ToolSerializationError(
        toolName,
        `Tool '${toolName}' cannot be saved: ${file} imports ${missing.join(', ')} from '${specifier}', which '${LIBRARY_PACKAGE}' does not export.`,
      );
    }
    source = source.replace(importPattern(specifier), `$1$2${LIBRARY_PACKAGE}$2`);
  }
  return source;
}

/** Names imported from `specifier` by import declarations ('default' for a default import). */
function importedNames(program: Record<string, any>, specifier: string): string[] {
  return (program.body as any[])
    .filter((node) => node.type === 'ImportDeclaration' && node.source.value === specifier)
    .flatMap((node) =>
      (node.specifiers as any[])
        .filter((item) => item.type !== 'ImportNamespaceSpecifier')
        .map((item) => (item.type === 'ImportDefaultSpecifier' ? 'default' : item.imported.name ?? item.imported.value)),
    );
}

/** The quoted specifier after `from` or `import`, in the original (possibly TypeScript) source. */
function importPattern(specifier: string): RegExp {
  const escaped = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(?\\s*)(['"])${escaped}\\2`, 'g');
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

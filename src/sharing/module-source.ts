import { parse, type Node } from 'acorn';
import { builtinModules, createRequire } from 'node:module';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SharedFolderError } from './sharing-errors.js';

// acorn's node types are loose; only a few fields are read.
type AnyNode = Node & Record<string, any>;

/** How saved tool modules import this library. */
export const LIBRARY_PACKAGE = 'smolagents-ts';
/** This library's public entry (src/index.ts when run from source, dist/index.js when built). */
export const LIBRARY_ENTRY_URL = new URL(`../index${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
/** The library's own folder: a relative import that lands in here is an import of the library. */
export const LIBRARY_DIRECTORY = dirname(fileURLToPath(LIBRARY_ENTRY_URL));

const TYPESCRIPT = /\.m?ts$/;

/** One `import`/`export … from`/`import()` of a module, with where its specifier string sits. */
export interface ModuleImport {
  specifier: string;
  /** Offsets of the string literal (quotes included) in the JavaScript source. */
  start: number;
  end: number;
}

export interface ParsedModule {
  /** The module as written. */
  source: string;
  /** The module as JavaScript (TypeScript types stripped). */
  javascript: string;
  program: AnyNode;
  imports: ModuleImport[];
  /** `import(expression)` whose module cannot be known before it runs. */
  hasComputedImport: boolean;
}

/** Strips TypeScript (by file name) and parses the module; a syntax error names the file and line. */
export function parseModule(source: string, file: string): ParsedModule {
  let javascript = source;
  if (TYPESCRIPT.test(file)) {
    try {
      // Sucrase is already the library's TypeScript stripper (code actions use it too).
      const { transform } = createRequire(import.meta.url)('sucrase') as typeof import('sucrase');
      javascript = transform(source, { transforms: ['typescript'], filePath: file }).code;
    } catch (error) {
      throw new SharedFolderError(`${file} could not be read as TypeScript: ${(error as Error).message}`, file, { cause: error });
    }
  }
  let program: AnyNode;
  try {
    program = parse(javascript, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as AnyNode;
  } catch (error) {
    throw new SharedFolderError(`${file} has a syntax error: ${(error as Error).message}`, file, { cause: error });
  }
  const imports: ModuleImport[] = [];
  let hasComputedImport = false;
  walk(program, (node) => {
    const source = node.type === 'ImportExpression' ? node.source : node.source && /^(Import|Export)/.test(node.type) ? node.source : undefined;
    if (!source) return;
    if (source.type === 'Literal' && typeof source.value === 'string') imports.push({ specifier: source.value, start: source.start, end: source.end });
    else hasComputedImport = true;
  });
  return { source, javascript, program, imports, hasComputedImport };
}

/** Whether a specifier names a Node built-in (`node:fs`, `fs`). */
export function isBuiltinModule(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier);
}

/** Whether an import by path or file: URL, from the module at `file`, lands inside this library ('../src/index.js'). */
export function importsLibraryFile(specifier: string, file: string): boolean {
  let target: string;
  if (specifier.startsWith('file:')) {
    try {
      target = fileURLToPath(specifier);
    } catch {
      return false;
    }
  } else if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) target = resolve(dirname(file), specifier);
  else return false;
  return target.startsWith(LIBRARY_DIRECTORY + sep);
}

/**
 * Imports a module from its source text, in this process. Imports are resolved here rather than
 * from where the file happens to lie (a Hub download, a folder outside any project):
 * `smolagents-ts` is this very library (so `instanceof Tool` holds), Node built-ins stay, other
 * packages resolve from the library's location (the application's node_modules in a normal
 * install). Relative imports are refused: a saved tool module stands alone.
 */
export async function importModuleSource(source: string, file: string, displayName: string = file): Promise<Record<string, unknown>> {
  const parsed = parseModule(source, file);
  if (parsed.hasComputedImport) {
    throw new SharedFolderError(`${displayName} uses import() with a computed module name, which a saved tool module cannot resolve.`, displayName);
  }
  let javascript = parsed.javascript;
  for (const { specifier, start, end } of [...parsed.imports].sort((a, b) => b.start - a.start)) {
    javascript = javascript.slice(0, start) + JSON.stringify(resolveSpecifier(specifier, displayName)) + javascript.slice(end);
  }
  // The source URL makes stack traces point at the saved file rather than at a data: URL.
  const url = `data:text/javascript;base64,${Buffer.from(`${javascript}\n//# sourceURL=${displayName}\n`).toString('base64')}`;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new SharedFolderError(`${displayName} failed to load: ${(error as Error).message}`, displayName, { cause: error });
  }
}

function resolveSpecifier(specifier: string, displayName: string): string {
  if (specifier === LIBRARY_PACKAGE) return LIBRARY_ENTRY_URL;
  if (isBuiltinModule(specifier)) return specifier;
  if (isRelativeSpecifier(specifier)) {
    throw new SharedFolderError(
      `${displayName} imports '${specifier}': a saved tool module must stand alone (packages such as 'zod' and '${LIBRARY_PACKAGE}' are fine).`,
      displayName,
    );
  }
  if (specifier.startsWith(`${LIBRARY_PACKAGE}/`)) {
    throw new SharedFolderError(`${displayName} imports '${specifier}': import from '${LIBRARY_PACKAGE}' itself, which exports the public API.`, displayName);
  }
  try {
    return import.meta.resolve(specifier);
  } catch (error) {
    throw new SharedFolderError(
      `${displayName} imports '${specifier}', which is not installed here: run \`npm install ${packageName(specifier)}\`.`,
      displayName,
      { cause: error },
    );
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Visits every node (a generic walk: the callers look at a few node types only). */
export function walk(node: AnyNode, visit: (node: AnyNode) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item.type === 'string') walk(item, visit);
    } else if (value && typeof value.type === 'string') walk(value, visit);
  }
}

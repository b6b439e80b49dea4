import { ToolSerializationError } from './sharing-errors.js';
import {
  importsLibraryFile,
  isBuiltinModule,
  isRelativeSpecifier,
  LIBRARY_ENTRY_URL,
  LIBRARY_PACKAGE,
  parseModule,
  type ParsedModule,
} from './module-source.js';

/**
 * The module's source as it will be saved: unchanged, except that relative imports of this library
 * itself ('../src/index.js' in a project that works on the library) become 'smolagents-ts'. Any
 * other relative import is refused: the saved module must stand alone.
 */
export async function moduleSourceToSave(toolName: string, original: string, file: string): Promise<string> {
  if (!/\.(?:m?js|m?ts)$/.test(file)) {
    throw new ToolSerializationError(toolName, `Tool '${toolName}' cannot be saved: ${file} is not an ES module file (.js, .mjs, .ts, .mts).`);
  }
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

/** Parses a module for saving; a syntax error becomes the tool's serialization error. */
export function parseForSave(toolName: string, source: string, file: string): ParsedModule {
  try {
    return parseModule(source, file);
  } catch (error) {
    throw new ToolSerializationError(toolName, `Tool '${toolName}' cannot be saved: ${(error as Error).message}`, { cause: error });
  }
}

import type { SourceSite } from '../tools/tool-origin.js';
import type { ParsedModule } from './module-source.js';

// acorn's node types are loose; only a few fields are read.
type AnyNode = Record<string, any>;

/**
 * The export of a module that defines the tool made at `site`, found in the source rather than by
 * importing the module (it may still be running: a script that saves its agent at top level). A
 * `tool({...})` call belongs to the exported declaration around it; a class tool to the exported
 * class of its name around its constructor. A function around the site is a factory: no export.
 */
export function exportAt(parsed: ParsedModule, site: SourceSite, className: string | undefined): string | undefined {
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


import type { Node } from 'acorn';
import { freeIdentifiers } from './free-identifiers.js';
import type { ParsedModule } from './module-source.js';
import { SANDBOX_GLOBALS } from './sandbox-globals.js';
import { SharedFolderError } from './sharing-errors.js';

// acorn's node types are loose; only a few fields are read.
type AnyNode = Node & Record<string, any>;

/** The global a module's default export is kept in once the module runs as a script. */
const DEFAULT_EXPORT = 'globalThis.__smolagents_default_export';

/**
 * Why a module cannot run in the QuickJS sandbox, or undefined when it can: it must be plain
 * JavaScript that imports nothing and reads no global the sandbox lacks (fetch, process, Buffer...).
 */
export function sandboxObstacle(parsed: ParsedModule): string | undefined {
  if (parsed.imports.length > 0 || parsed.hasComputedImport) {
    const first = parsed.imports[0]?.specifier;
    return first ? `it imports '${first}'` : 'it uses import()';
  }
  const missing = [...freeIdentifiers(parsed.program)].filter((name) => !SANDBOX_GLOBALS.has(name));
  if (missing.length > 0) return `it uses ${missing.map((name) => `'${name}'`).join(', ')}, which the sandbox does not have`;
  return undefined;
}

/**
 * A plain module rewritten as a script (the executor runs scripts, not modules): `export` keywords
 * go, the default export is kept in a global, and `exportExpression` says where an export's value is.
 */
export function moduleAsScript(parsed: ParsedModule, exportName: string, location: string): { script: string; exportExpression: string } {
  const source = parsed.javascript;
  const edits: { start: number; end: number; text: string }[] = [];
  const exported = new Map<string, string>();
  for (const statement of parsed.program.body as AnyNode[]) {
    if (statement.type === 'ExportDefaultDeclaration') {
      exported.set('default', DEFAULT_EXPORT);
      edits.push({ start: statement.start, end: statement.declaration.start, text: `${DEFAULT_EXPORT} = ` }, { start: statement.end, end: statement.end, text: ';' });
    } else if (statement.type === 'ExportNamedDeclaration' && statement.declaration) {
      for (const name of declaredNames(statement.declaration)) exported.set(name, name);
      edits.push({ start: statement.start, end: statement.declaration.start, text: '' });
    } else if (statement.type === 'ExportNamedDeclaration') {
      for (const specifier of statement.specifiers) exported.set(nameOf(specifier.exported), nameOf(specifier.local));
      edits.push({ start: statement.start, end: statement.end, text: '' });
    }
  }
  const exportExpression = exported.get(exportName);
  if (!exportExpression) throw new SharedFolderError(`${location} has no export named '${exportName}'.`, location);
  let script = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) script = script.slice(0, edit.start) + edit.text + script.slice(edit.end);
  return { script, exportExpression };
}

function declaredNames(declaration: AnyNode): string[] {
  if (declaration.type !== 'VariableDeclaration') return declaration.id ? [declaration.id.name] : [];
  return declaration.declarations.filter((item: AnyNode) => item.id.type === 'Identifier').map((item: AnyNode) => item.id.name);
}

function nameOf(node: AnyNode): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

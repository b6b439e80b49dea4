import { parseExpressionAt, type Node } from 'acorn';
import type { Tool } from '../tools/tool.js';
import { freeIdentifiers } from './free-identifiers.js';
import { walk } from './module-source.js';
import { isHostGlobal } from './sandbox-globals.js';
import { ToolSerializationError } from './sharing-errors.js';

// acorn's node types are loose; only a few fields are read.
type AnyNode = Node & Record<string, any>;

/** The helper esbuild (through tsx) wraps functions in to keep their names; harmless to drop. */
const KEEP_NAMES_HELPER = '__name';

/**
 * Writes an inline `tool({...})` as a module of its own: plain JavaScript, no imports, the input
 * schema as JSON Schema (a zod schema is converted), `execute` as its source. Such a module runs in
 * this process or in the QuickJS sandbox alike. An `execute` that reads variables from the code
 * around it cannot be written this way: the error names them.
 */
export function generateToolModule(tool: Tool, execute: (...args: never[]) => unknown, savedBy: string): string {
  const parsed = parseFunction(Function.prototype.toString.call(execute), tool.name);
  const outside = [...freeIdentifiers(parsed.node)].filter((name) => name !== KEEP_NAMES_HELPER && !isHostGlobal(name));
  if (outside.length > 0) {
    const names = outside.map((name) => `'${name}'`).join(', ');
    throw new ToolSerializationError(
      tool.name,
      `Tool '${tool.name}' cannot be saved: its execute uses ${names} from the code around it, which a saved module would not have. ` +
        `Define ${outside.length > 1 ? 'them' : 'it'} inside execute, or export the tool from a module file (the module is then saved as it is).`,
    );
  }
  const cleaned = parsed.unwrap(dropKeepNames(parsed.wrapped, parsed.node));
  const executeLine =
    parsed.method === undefined ? `execute: ${cleaned}` : parsed.method === 'execute' ? cleaned : `execute: ({ ${cleaned} })[${JSON.stringify(parsed.method)}]`;
  return [
    `// The tool '${tool.name}', written by ${savedBy} from an inline tool({...}).`,
    '// Plain JavaScript without imports: it can run in the QuickJS sandbox or in the host process.',
    'export default {',
    `  name: ${JSON.stringify(tool.name)},`,
    `  description: ${JSON.stringify(tool.description)},`,
    `  inputSchema: ${indent(JSON.stringify(tool.parametersSchema, null, 2))},`,
    `  outputType: ${JSON.stringify(tool.outputType)},`,
    ...(tool.outputSchema ? [`  outputSchema: ${indent(JSON.stringify(tool.outputSchema, null, 2))},`] : []),
    `  ${executeLine},`,
    '};',
    '',
  ].join('\n');
}

interface ParsedFunction {
  /** The function's node, with offsets into `wrapped`. */
  node: AnyNode;
  wrapped: string;
  /** Undoes the wrapping that made a method parseable. */
  unwrap: (text: string) => string;
  /** For a method source (`execute(a) {…}`): its name. */
  method?: string | undefined;
}

/** A function's source is an expression (`async (a) => …`, `function f() {…}`) or a method (`execute(a) {…}`). */
function parseFunction(source: string, toolName: string): ParsedFunction {
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new ToolSerializationError(toolName, `Tool '${toolName}' cannot be saved: its execute is a built-in or bound function, which has no source.`);
  }
  const options = { ecmaVersion: 'latest' as const };
  try {
    const node = parseExpressionAt(source, 0, options) as AnyNode;
    if (node.end === source.length && /Function/.test(node.type)) return { node, wrapped: source, unwrap: (text) => text };
  } catch {
    // Not an expression: perhaps a method, tried below.
  }
  const wrapped = `({${source}})`;
  try {
    const object = parseExpressionAt(wrapped, 0, options) as AnyNode;
    // The parentheses are not part of the node: the object ends just before the last character.
    const property = object.properties?.length === 1 ? object.properties[0] : undefined;
    if (object.type === 'ObjectExpression' && object.end === wrapped.length - 1 && property?.method) {
      const method = property.key.type === 'Identifier' ? property.key.name : String(property.key.value);
      return { node: property.value, wrapped, unwrap: (text) => text.slice(2, -2), method };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ToolSerializationError(toolName, `Tool '${toolName}' cannot be saved: the source of its execute could not be parsed.`);
}

/** `__name(fn, "fn")` → `(fn)`: the calls tsx adds to keep function names mean nothing in a saved file. */
function dropKeepNames(text: string, root: AnyNode): string {
  const edits: { start: number; end: number; text: string }[] = [];
  walk(root, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== KEEP_NAMES_HELPER) return;
    const [target, name] = node.arguments as AnyNode[];
    if (!target || name?.type !== 'Literal' || node.arguments.length !== 2) return;
    edits.push({ start: node.start, end: target.start, text: '(' }, { start: target.end, end: node.end, text: ')' });
  });
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

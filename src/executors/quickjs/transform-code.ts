import { parse, type Node, type Options } from 'acorn';
import { createRequire } from 'node:module';
import { SourceEdits } from './source-edits.js';

/** A code action rewritten so that it can run as the body of an async function inside the sandbox. */
export interface TransformedCode {
  /** `(async function () { … })`: evaluating it yields the function; calling it runs the action. */
  functionSource: string;
}

/** A syntax error in the model's code, with the line and column as the model wrote them. */
export class CodeSyntaxError extends Error {
  override readonly name = 'SyntaxError';
  constructor(message: string, readonly line: number | undefined, readonly column?: number) {
    super(message);
  }
}

/**
 * Holds the last expression's value: `return (expr)` would make quickjs-ng report an error inside
 * `expr` at the line where the action starts; an assignment statement keeps the right line.
 */
const LAST_VALUE = '__smolagents_last';
/** The action function's parameter: the global object, as the prelude captured it. */
const GLOBAL = '__smolagents_global';

const parseOptions: Options = {
  ecmaVersion: 'latest',
  // The code runs as a sloppy script; module mode (slower to parse) only for `import` declarations.
  sourceType: 'script',
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: true,
  // Keeps `({ a: 1 })` a node that spans its parentheses, so `return (…)` wraps all of it.
  preserveParens: true,
};

/**
 * Rewrites a code action (DESIGN §4):
 * - top-level `const`/`let`/`var`/`class` become assignments to globals, so state persists between
 *   steps and a name may be declared again in a later step;
 * - top-level functions are kept (hoisted) and also published as globals;
 * - `import x from 'pkg'` becomes a dynamic import, which the sandbox's module loader answers;
 * - tool calls at top level that lack `await` get one, because models forget it (a statement that
 *   starts with such a call gets a `;` first, so it cannot continue the line before it);
 * - the last expression statement is returned, so its value becomes the step's output.
 * TypeScript syntax is stripped first when the code does not parse as JavaScript. Every rewrite
 * keeps line breaks where they were, so error lines match the model's code.
 */
export function transformCode(code: string, autoAwaitNames: ReadonlySet<string>): TransformedCode {
  const { program, source } = parseJavaScriptOrTypeScript(code);
  const edits = new SourceEdits(source);
  const globals: string[] = [];
  const body = (program as unknown as { body: AnyNode[] }).body;

  body.forEach((statement, index) => {
    const isLast = index === body.length - 1;
    switch (statement.type) {
      case 'VariableDeclaration':
        rewriteDeclaration(statement, edits);
        break;
      case 'FunctionDeclaration':
        globals.push(statement.id.name);
        break;
      case 'ClassDeclaration':
        edits.open(statement, `;${statement.id.name} = `);
        edits.close(statement, ';');
        break;
      case 'ImportDeclaration':
        edits.replace(statement, importAsAssignment(statement));
        break;
      case 'ExpressionStatement':
        if (isLast) {
          edits.open(statement.expression, `${LAST_VALUE} = (`);
          edits.close(statement.expression, `); return ${LAST_VALUE}`);
        }
        break;
    }
    const startsStatement = statement.type === 'ExpressionStatement' && !isLast;
    addAutoAwait(statement, autoAwaitNames, edits, startsStatement);
  });

  // Function declarations are hoisted inside the wrapper, so publishing them first is safe. They
  // are published on the global object the prelude captured and passes in: `globalThis` itself is
  // a writable global that code of an earlier step may have replaced.
  const publish = globals.map((name) => `${GLOBAL}.${name} = ${name};`).join(' ');
  return { functionSource: `(async function (${GLOBAL}) { let ${LAST_VALUE}; ${publish}${edits.apply()}\n})` };
}

function optionsFor(code: string): Options {
  return /\bimport\b/.test(code) ? { ...parseOptions, sourceType: 'module' } : parseOptions;
}

// acorn's node types are loose; the rewrite only needs a handful of fields.
type AnyNode = Node & Record<string, any>;

function parseJavaScriptOrTypeScript(code: string): { program: Node; source: string } {
  try {
    return { program: parse(code, optionsFor(code)), source: code };
  } catch (javascriptError) {
    let stripped: string;
    try {
      // Sucrase removes types without moving code to other lines. It is loaded only when an
      // action is not plain JavaScript, which keeps it off the CLI's start-up path.
      const { transform: stripTypeScript } = createRequire(import.meta.url)('sucrase') as typeof import('sucrase');
      stripped = stripTypeScript(code, { transforms: ['typescript'], disableESTransforms: true, keepUnusedImports: true }).code;
    } catch {
      throw toSyntaxError(javascriptError, code);
    }
    try {
      return { program: parse(stripped, optionsFor(stripped)), source: stripped };
    } catch {
      throw toSyntaxError(javascriptError, code);
    }
  }
}

function toSyntaxError(error: unknown, source: string): CodeSyntaxError {
  const { message, loc, pos } = error as { message: string; loc?: { line: number; column: number }; pos?: number };
  // acorn appends "(line:column)"; the observation states the line separately, the column here.
  let text = message.replace(/\s*\(\d+:\d+\)$/, '');
  if (text === 'Unexpected token' && pos !== undefined) {
    const token = /^(\w+|\S)/.exec(source.slice(pos))?.[0];
    if (token) text += ` '${token}'`;
  }
  const column = loc ? loc.column + 1 : undefined;
  return new CodeSyntaxError(column === undefined ? text : `${text} at column ${column}`, loc?.line, column);
}

function rewriteDeclaration(declaration: AnyNode, edits: SourceEdits): void {
  const declarators: AnyNode[] = declaration.declarations;
  const first = declarators[0]!;
  const last = declarators.at(-1)!;
  // `const a = 1, {b} = c;` → `;(a = 1, {b} = c);` — the parentheses make object patterns assignable.
  edits.replaceRange(declaration.start, first.start, ';(', { nodeStart: declaration.start, nodeEnd: declaration.end, kind: 'open' });
  for (const declarator of declarators) {
    if (!declarator.init) edits.insertAt(declarator.id.end, ' = undefined', { nodeStart: declarator.start, nodeEnd: declarator.end, kind: 'close' });
  }
  edits.replaceRange(last.end, declaration.end, ');', { nodeStart: declaration.start, nodeEnd: declaration.end, kind: 'close' });
}

function importAsAssignment(declaration: AnyNode): string {
  const moduleName = JSON.stringify(declaration.source.value);
  const specifiers: AnyNode[] = declaration.specifiers;
  if (specifiers.length === 0) return `await import(${moduleName});`;
  const namespace = specifiers.find((specifier) => specifier.type === 'ImportNamespaceSpecifier');
  if (namespace) {
    const name = namespace.local.name;
    const defaultSpecifier = specifiers.find((specifier) => specifier.type === 'ImportDefaultSpecifier');
    return `;${name} = await import(${moduleName});` + (defaultSpecifier ? ` ${defaultSpecifier.local.name} = ${name}.default;` : '');
  }
  const properties = specifiers.map((specifier) => {
    if (specifier.type === 'ImportDefaultSpecifier') return `default: ${specifier.local.name}`;
    const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : JSON.stringify(specifier.imported.value);
    return imported === specifier.local.name ? imported : `${imported}: ${specifier.local.name}`;
  });
  return `;({ ${properties.join(', ')} } = await import(${moduleName}));`;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassBody']);

/**
 * Adds `await` to top-level calls of tools (and `final_answer`) that lack it. Calls handed to
 * `Promise.all`/`race`/…, or chained with `.then`, are left alone: there the Promise is intended.
 * Calls inside nested functions are left alone too: those functions may not be async.
 *
 * One pass over the tree with an explicit stack: each node carries only its parent and whether a
 * `Promise.…(…)` call encloses it, so the work is linear in the size of the code. (Copying the
 * list of ancestors for every node made crafted code, a wide list nested a few thousand levels
 * deep, cost seconds of the worker's thread; recursion would overflow its stack on deep trees.)
 */
function addAutoAwait(statement: AnyNode, names: ReadonlySet<string>, edits: SourceEdits, startsStatement: boolean): void {
  if (names.size === 0) return;
  const pending: Array<{ node: AnyNode; parent: AnyNode | undefined; inPromiseCall: boolean }> = [{ node: statement, parent: undefined, inPromiseCall: false }];
  while (pending.length > 0) {
    const { node, parent, inPromiseCall } = pending.pop()!;
    if (FUNCTION_TYPES.has(node.type)) continue;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && names.has(node.callee.name) && needsAwait(parent, inPromiseCall)) {
      edits.open(node, startsStatement && node.start === statement.start ? ';(await ' : '(await ');
      edits.close(node, ')');
    }
    const childrenInPromiseCall = inPromiseCall || isPromiseCombinatorCall(node);
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child.type === 'string') pending.push({ node: child, parent: node, inPromiseCall: childrenInPromiseCall });
      } else if (value && typeof value.type === 'string') pending.push({ node: value, parent: node, inPromiseCall: childrenInPromiseCall });
    }
  }
}

function isPromiseCombinatorCall(node: AnyNode): boolean {
  return node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.object.type === 'Identifier' && node.callee.object.name === 'Promise';
}

function needsAwait(parent: AnyNode | undefined, inPromiseCall: boolean): boolean {
  if (!parent) return true;
  if (parent.type === 'AwaitExpression') return false;
  if (parent.type === 'MemberExpression' && ['then', 'catch', 'finally'].includes(parent.property?.name)) return false;
  return !inPromiseCall;
}

import type { Node } from 'acorn';

// acorn's node types are loose; the analysis reads a handful of fields.
type AnyNode = Node & Record<string, any>;

interface Scope {
  names: Set<string>;
  parent?: Scope | undefined;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOOPS_WITH_HEAD = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement']);

/**
 * The identifiers a piece of code reads or writes without declaring them: what it would need from
 * the scope around it. Saving an inline tool uses it to tell a self-contained `execute` (only
 * globals) from one that closes over variables of its module, which a saved copy would not have.
 * Scopes are followed as JavaScript defines them: `var` and parameters per function, `let`, `const`,
 * `class` and function declarations per block, catch parameters, loop heads.
 */
export function freeIdentifiers(root: Node): Set<string> {
  const free = new Set<string>();
  const isBound = (name: string, scope: Scope | undefined): boolean => {
    for (let current = scope; current; current = current.parent) if (current.names.has(name)) return true;
    return false;
  };
  const reference = (name: string, scope: Scope) => {
    if (!isBound(name, scope)) free.add(name);
  };

  const visit = (node: AnyNode | null | undefined, scope: Scope): void => {
    if (!node || typeof node.type !== 'string') return;
    if (FUNCTIONS.has(node.type)) return visitFunction(node, scope);
    switch (node.type) {
      case 'Identifier':
        return reference(node.name, scope);
      case 'Program': {
        const inner: Scope = { names: new Set(), parent: scope };
        collectVarNames(node, inner.names);
        return visitBlock(node.body, inner);
      }
      case 'BlockStatement':
      case 'StaticBlock':
        return visitBlock(node.body, scope);
      case 'SwitchStatement': {
        visit(node.discriminant, scope);
        const inner = blockScope(node.cases.flatMap((switchCase: AnyNode) => switchCase.consequent), scope);
        for (const switchCase of node.cases) {
          visit(switchCase.test, inner);
          for (const statement of switchCase.consequent) visit(statement, inner);
        }
        return;
      }
      case 'CatchClause': {
        const inner: Scope = { names: new Set(), parent: scope };
        if (node.param) bindPattern(node.param, inner.names, (child) => visit(child, inner));
        return visit(node.body, inner);
      }
      case 'VariableDeclaration':
        // Names were bound when the enclosing scope was entered; what remains are the initializers
        // and any defaults or computed keys inside destructuring patterns.
        for (const declarator of node.declarations) {
          bindPattern(declarator.id, new Set(), (child) => visit(child, scope));
          visit(declarator.init, scope);
        }
        return;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        visit(node.superClass, scope);
        const inner: Scope = { names: new Set(node.type === 'ClassExpression' && node.id ? [node.id.name] : []), parent: scope };
        for (const member of node.body.body) {
          if (member.computed) visit(member.key, inner);
          visit(member.value, inner);
          if (member.type === 'StaticBlock') visit(member, inner);
        }
        return;
      }
      case 'MemberExpression':
        visit(node.object, scope);
        if (node.computed) visit(node.property, scope);
        return;
      case 'Property':
        if (node.computed) visit(node.key, scope);
        return visit(node.value, scope);
      case 'LabeledStatement':
        return visit(node.body, scope);
      case 'ExportSpecifier':
        // `export { local as exported }`: only the local name is read.
        return visit(node.local, scope);
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'ThisExpression':
      case 'Super':
        return;
    }
    if (LOOPS_WITH_HEAD.has(node.type)) {
      const head = node.type === 'ForStatement' ? node.init : node.left;
      const inner = blockScope(head?.type === 'VariableDeclaration' ? [head] : [], scope);
      for (const key of Object.keys(node)) if (key !== 'type') visitValue(node[key], inner);
      return;
    }
    for (const key of Object.keys(node)) if (key !== 'type') visitValue(node[key], scope);
  };

  const visitValue = (value: unknown, scope: Scope) => {
    if (Array.isArray(value)) for (const item of value) visit(item as AnyNode, scope);
    else if (value && typeof value === 'object' && typeof (value as AnyNode).type === 'string') visit(value as AnyNode, scope);
  };

  const visitFunction = (node: AnyNode, scope: Scope) => {
    const names = new Set<string>();
    if (node.type !== 'ArrowFunctionExpression') names.add('arguments');
    // A function expression's own name is visible inside it only.
    if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name);
    const inner: Scope = { names, parent: scope };
    for (const param of node.params) bindPattern(param, names, (child) => visit(child, inner));
    if (node.body.type === 'BlockStatement') {
      collectVarNames(node.body, names);
      visitBlock(node.body.body, inner);
    } else visit(node.body, inner);
  };

  const visitBlock = (statements: AnyNode[], scope: Scope) => {
    const inner = blockScope(statements, scope);
    for (const statement of statements) visit(statement, inner);
  };

  visit(root as AnyNode, { names: new Set() });
  return free;
}

/** A block's own declarations: `let`, `const`, classes and function declarations. */
function blockScope(statements: AnyNode[], parent: Scope): Scope {
  const names = new Set<string>();
  for (const item of statements) {
    // A module's `export const a = …` and `export default function f() {}` declare names too.
    const statement = /^Export(Named|Default)Declaration$/.test(item.type) && item.declaration ? item.declaration : item;
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const declarator of statement.declarations) bindPattern(declarator.id, names, () => {});
    } else if ((statement.type === 'ClassDeclaration' || statement.type === 'FunctionDeclaration') && statement.id) {
      names.add(statement.id.name);
    }
  }
  return { names, parent };
}

/** `var` declarations anywhere in a function body (not in nested functions) belong to the function. */
function collectVarNames(node: AnyNode, names: Set<string>): void {
  if (!node || typeof node.type !== 'string' || FUNCTIONS.has(node.type) || node.type.startsWith('Class')) return;
  if (node.type === 'VariableDeclaration' && node.kind === 'var') {
    for (const declarator of node.declarations) bindPattern(declarator.id, names, () => {});
  }
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) for (const item of value) collectVarNames(item, names);
    else if (value && typeof value === 'object' && typeof value.type === 'string') collectVarNames(value, names);
  }
}

/**
 * Adds the names a binding pattern declares; hands default values and computed keys (which are
 * expressions evaluated in the surrounding scope) to `expression`.
 */
function bindPattern(pattern: AnyNode, names: Set<string>, expression: (node: AnyNode) => void): void {
  switch (pattern.type) {
    case 'Identifier':
      names.add(pattern.name);
      return;
    case 'AssignmentPattern':
      bindPattern(pattern.left, names, expression);
      return expression(pattern.right);
    case 'RestElement':
      return bindPattern(pattern.argument, names, expression);
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) bindPattern(element, names, expression);
      return;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type === 'RestElement') bindPattern(property.argument, names, expression);
        else {
          if (property.computed) expression(property.key);
          bindPattern(property.value, names, expression);
        }
      }
      return;
    default:
      // A member expression as an assignment target (`[a.b] = c`) reads `a`.
      return expression(pattern);
  }
}

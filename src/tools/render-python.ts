import type { JsonSchema } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import { toolMessages } from '../prompts/tool-messages.js';
import { FINAL_ANSWER_TOOL_NAME } from './final-answer-tool.js';
import type { Tool } from './tool.js';

/**
 * Renders a tool as a Python function stub with a Google-style docstring, the way smolagents shows
 * tools to its code agent: models read Python signatures fluently and call them with keywords.
 * A result with a known shape gets a "Returns:" section listing its keys, since `-> dict` alone
 * would leave the model to print a result to learn them.
 */
export function renderPythonToolSignature(tool: Tool): string {
  if (tool.name === FINAL_ANSWER_TOOL_NAME) return renderFinalAnswer(tool);
  const schema = tool.parametersSchema;
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const ordered = pythonParameters(tool).map((parameter) => ({ ...parameter, property: properties[parameter.name]! }));
  const parameters = ordered.map(({ name, pythonName, property }) => {
    const type = jsonSchemaToPython(property);
    if (required.has(name)) return `${pythonName}: ${type}`;
    // An optional parameter without a default is None when left out: say so in its type.
    if (property.default === undefined) return `${pythonName}: ${type === 'Any' || type.endsWith('| None') ? type : `${type} | None`} = None`;
    return `${pythonName}: ${type} = ${pythonLiteral(property.default)}`;
  });
  const result = tool.resultSchema;
  const doc = tool.description.split('\n').map((line) => `    ${line}`.trimEnd());
  const documented = ordered.flatMap(({ name, pythonName, property }) => {
    const renamed = pythonName === name ? '' : renderPrompt(toolMessages.pythonRenamedParameterFragment, { name, pythonName });
    const text = `${typeof property.description === 'string' ? property.description : ''}${renamed}`.trim();
    return text === '' ? [] : [`        ${pythonName}: ${text}`];
  });
  if (documented.length > 0) doc.push('', '    Args:', ...documented);
  const shape = describePythonShape(result, '        ');
  if (shape.length > 0) doc.push('', '    Returns:', ...shape);
  return `def ${tool.name}(${parameters.join(', ')}) -> ${jsonSchemaToPython(result)}:\n    """${doc.join('\n').trimStart()}\n    """`;
}

/** `final_answer(answer)`: one positional argument, the answer itself, as the executors define it. */
function renderFinalAnswer(tool: Tool): string {
  const answer = (tool.parametersSchema.properties as Record<string, JsonSchema> | undefined)?.answer;
  const doc = tool.description.split('\n').map((line) => `    ${line}`.trimEnd());
  const description = typeof answer?.description === 'string' ? ` ${answer.description}` : '';
  doc.push('', '    Args:', `        answer:${description}`.trimEnd(), ...describePythonShape(answer, '            '));
  return `def ${tool.name}(answer: ${jsonSchemaToPython(answer)}) -> None:\n    """${doc.join('\n').trimStart()}\n    """`;
}

/**
 * The keys of a dict-shaped value (or of the dicts in a list), one per line with its type and
 * description, nested dicts indented below their key. Empty when the shape says nothing more than
 * its annotation does.
 */
export function describePythonShape(schema: JsonSchema | undefined, indent: string, depth = 0): string[] {
  if (!schema || depth > 4) return [];
  const items = schema.type === 'array' ? (schema.items as JsonSchema | undefined) : undefined;
  const target = items ?? schema;
  const properties = target.type === 'object' ? (target.properties as Record<string, JsonSchema> | undefined) : undefined;
  if (!properties || Object.keys(properties).length === 0) return [];
  const required = new Set((target.required as string[] | undefined) ?? []);
  const lines = [`${indent}${items ? toolMessages.pythonListOfDictsKeys : toolMessages.pythonDictKeys}`];
  for (const [name, property] of Object.entries(properties)) {
    const optional = required.has(name) ? '' : toolMessages.pythonOptionalKeyFragment;
    const description = typeof property.description === 'string' ? `: ${property.description}` : '';
    lines.push(`${indent}    ${name} (${jsonSchemaToPython(property)}${optional})${description}`);
    lines.push(...describePythonShape(property, `${indent}        `, depth + 1));
  }
  return lines;
}

/**
 * Parameter names in the order the Python signature lists them: required first, because Python
 * forbids a required parameter after one with a default. Executors map positional arguments with it.
 */
export function pythonParameterOrder(tool: Tool): string[] {
  const required = new Set((tool.parametersSchema.required as string[] | undefined) ?? []);
  const names = tool.parameterNames;
  return [...names.filter((name) => required.has(name)), ...names.filter((name) => !required.has(name))];
}

/** Python's hard keywords: none of them can name a parameter. */
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/**
 * The parameters in signature order, each with the name Python code writes for it: the tool's own
 * name when Python allows it, else a keyword with a trailing underscore (`from` → `from_`, as PEP 8
 * does) or the name with its other characters replaced (`max-results` → `max_results`). The
 * executors map those names back to the tool's own.
 */
export function pythonParameters(tool: Tool): { name: string; pythonName: string }[] {
  const order = pythonParameterOrder(tool);
  const taken = new Set(order.filter(isPythonName));
  return order.map((name) => {
    if (isPythonName(name)) return { name, pythonName: name };
    let pythonName = PYTHON_KEYWORDS.has(name) ? `${name}_` : name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
    while (taken.has(pythonName) || PYTHON_KEYWORDS.has(pythonName)) pythonName += '_';
    taken.add(pythonName);
    return { name, pythonName };
  });
}

function isPythonName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

/** Converts the JSON Schema subset tools use into a Python type annotation. */
export function jsonSchemaToPython(schema: JsonSchema | undefined, depth = 0): string {
  if (!schema || depth > 6) return 'Any';
  if (Array.isArray(schema.enum)) return `Literal[${schema.enum.map(pythonLiteral).join(', ')}]`;
  if ('const' in schema) return `Literal[${pythonLiteral(schema.const)}]`;
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return joinUnion(union.map((member) => jsonSchemaToPython(member, depth + 1)));
  if (Array.isArray(schema.type)) {
    return joinUnion(schema.type.map((type) => jsonSchemaToPython({ ...schema, type }, depth + 1)));
  }
  switch (schema.type) {
    case 'string':
      return 'str';
    case 'number':
      return 'float';
    case 'integer':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
    case 'array':
      return `list[${jsonSchemaToPython(schema.items as JsonSchema | undefined, depth + 1)}]`;
    case 'object': {
      const additional = schema.additionalProperties;
      if (!schema.properties && typeof additional === 'object' && additional !== null) {
        return `dict[str, ${jsonSchemaToPython(additional as JsonSchema, depth + 1)}]`;
      }
      return 'dict';
    }
    default:
      return 'Any';
  }
}

function joinUnion(types: string[]): string {
  const unique = [...new Set(types)];
  return unique.includes('Any') ? 'Any' : unique.join(' | ');
}

/** A JSON value written as a Python literal (for defaults and Literal[...] members). */
export function pythonLiteral(value: unknown): string {
  if (value === undefined || value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}: ${pythonLiteral(item)}`);
    return `{${fields.join(', ')}}`;
  }
  return 'None';
}

/**
 * A JSON value as Python's repr() writes it (`{'name': 'Ada', 'active': True, 'score': None}`): how
 * a value that came back from the Python sandbox as JSON is shown to the model, in Python's words.
 */
export function pythonRepr(value: unknown, depth = 0): string {
  if (value === undefined || value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  if (typeof value === 'string') return pythonStringRepr(value);
  if (depth > 50) return '...';
  if (Array.isArray(value)) return `[${value.map((item) => pythonRepr(item, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item, depth + 1)}`);
    return `{${fields.join(', ')}}`;
  }
  return pythonStringRepr(String(value));
}

function pythonStringRepr(text: string): string {
  // Python picks single quotes unless the text has a single quote and no double quote.
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (character === '\\' || character === quote) body += `\\${character}`;
    else if (character === '\n') body += '\\n';
    else if (character === '\r') body += '\\r';
    else if (character === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, '0')}`;
    else body += character;
  }
  return `${quote}${body}${quote}`;
}

import type { JsonSchema } from '../models/model.js';
import { FINAL_ANSWER_TOOL_NAME } from './final-answer-tool.js';
import type { Tool } from './tool.js';

/**
 * Renders a tool as a TypeScript declaration with JSDoc: what the code agent reads about a tool.
 * Models know TypeScript signatures well, so this is the densest unambiguous description. The
 * return type comes from the tool's output schema, laid out one field per line with each field's
 * description, so that the code can use the fields without first printing a result to learn them.
 */
export function renderTypeScriptToolSignature(tool: Tool): string {
  if (tool.name === FINAL_ANSWER_TOOL_NAME) return renderFinalAnswer(tool);
  const schema = tool.parametersSchema;
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const docLines = docComment(tool.description);
  for (const [name, property] of Object.entries(properties)) {
    const description = typeof property.description === 'string' ? ` - ${property.description}` : '';
    const defaultNote = property.default !== undefined ? ` (default: ${JSON.stringify(property.default)})` : '';
    // A bare "@param args.x" says nothing the signature does not.
    if (description !== '' || defaultNote !== '') docLines.push(` * @param args.${name}${description}${defaultNote}`);
  }
  const fields = Object.entries(properties).map(
    ([name, property]) => `${safeKey(name)}${required.has(name) ? '' : '?'}: ${jsonSchemaToTypeScript(property)}`,
  );
  const args = fields.length > 0 ? `args: { ${fields.join('; ')} }` : '';
  const output = jsonSchemaToTypeScript(tool.resultSchema, { multiline: true });
  return `/**\n${docLines.join('\n')}\n */\ndeclare function ${tool.name}(${args}): Promise<${output}>;`;
}

/**
 * `final_answer` takes the answer itself, not an object of named arguments: that is how every
 * executor defines it, so the declaration says so (its type is the agent's output schema, if any).
 */
function renderFinalAnswer(tool: Tool): string {
  const answer = (tool.parametersSchema.properties as Record<string, JsonSchema> | undefined)?.answer;
  const docLines = docComment(tool.description);
  if (typeof answer?.description === 'string') docLines.push(` * @param answer - ${answer.description}`);
  const { description: _shownAbove, ...answerSchema } = answer ?? {};
  return `/**\n${docLines.join('\n')}\n */\ndeclare function ${tool.name}(answer: ${jsonSchemaToTypeScript(answerSchema, { multiline: true })}): never;`;
}

function docComment(text: string): string[] {
  return text.split('\n').map((line) => ` * ${line}`.trimEnd());
}

export interface TypeScriptLayout {
  /** Objects one field per line, with their descriptions as comments (return types). */
  multiline?: boolean;
  /** The indentation of the line the type starts on. */
  indent?: string;
}

const MAX_DEPTH = 6;

/** Converts the JSON Schema subset tools use into a TypeScript type expression. */
export function jsonSchemaToTypeScript(schema: JsonSchema | undefined, layout: TypeScriptLayout = {}, depth = 0): string {
  if (!schema || depth > MAX_DEPTH) return 'unknown';
  const inner = (member: JsonSchema | undefined) => jsonSchemaToTypeScript(member, layout, depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return [...new Set(union.map(inner))].join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => inner({ ...schema, type })).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = inner(schema.items as JsonSchema | undefined);
      return hasTopLevelUnion(item) ? `Array<${item}>` : `${item}[]`;
    }
    case 'object':
      return objectToTypeScript(schema, layout, depth);
    default:
      return 'unknown';
  }
}

function objectToTypeScript(schema: JsonSchema, layout: TypeScriptLayout, depth: number): string {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || Object.keys(properties).length === 0) {
    const additional = schema.additionalProperties;
    const values = typeof additional === 'object' && additional !== null ? jsonSchemaToTypeScript(additional as JsonSchema, layout, depth + 1) : 'unknown';
    return `Record<string, ${values}>`;
  }
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const indent = layout.indent ?? '';
  const fieldIndent = `${indent}  `;
  const fields = Object.entries(properties).map(([name, property]) => {
    const type = jsonSchemaToTypeScript(property, { ...layout, indent: fieldIndent }, depth + 1);
    return { declaration: `${safeKey(name)}${required.has(name) ? '' : '?'}: ${type}`, description: property.description };
  });
  if (!layout.multiline) return `{ ${fields.map((field) => field.declaration).join('; ')} }`;
  const lines = fields.flatMap(({ declaration, description }) => [
    ...(typeof description === 'string' ? [`${fieldIndent}/** ${description.replace(/\*\//g, '* /').replace(/\s*\n\s*/g, ' ')} */`] : []),
    `${fieldIndent}${declaration};`,
  ]);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `a | b` needs `Array<a | b>`; `{ x: a | b }` and `Record<string, a | b>` do not. */
function hasTopLevelUnion(type: string): boolean {
  let depth = 0;
  for (const character of type) {
    if ('{<(['.includes(character)) depth++;
    else if ('}>)]'.includes(character)) depth--;
    else if ((character === '|' || character === '&') && depth === 0) return true;
  }
  return false;
}

function safeKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

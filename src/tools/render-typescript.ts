import type { JsonSchema } from '../models/model.js';
import type { Tool } from './tool.js';

/**
 * Renders a tool as a TypeScript declaration with JSDoc: what the code agent reads about a tool.
 * Models know TypeScript signatures well, so this is the densest unambiguous description.
 */
export function renderTypeScriptToolSignature(tool: Tool): string {
  const schema = tool.parametersSchema;
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const docLines = tool.description.split('\n').map((line) => ` * ${line}`.trimEnd());
  for (const [name, property] of Object.entries(properties)) {
    const description = typeof property.description === 'string' ? ` - ${property.description}` : '';
    const defaultNote = property.default !== undefined ? ` (default: ${JSON.stringify(property.default)})` : '';
    docLines.push(` * @param args.${name}${description}${defaultNote}`);
  }
  const fields = Object.entries(properties).map(
    ([name, property]) => `${safeKey(name)}${required.has(name) ? '' : '?'}: ${jsonSchemaToTypeScript(property)}`,
  );
  const args = fields.length > 0 ? `args: { ${fields.join('; ')} }` : '';
  const output = tool.outputSchema ? jsonSchemaToTypeScript(tool.outputSchema) : outputTypeToTypeScript(tool.outputType);
  return `/**\n${docLines.join('\n')}\n */\ndeclare function ${tool.name}(${args}): Promise<${output}>;`;
}

function outputTypeToTypeScript(outputType: string): string {
  switch (outputType) {
    case 'integer':
      return 'number';
    case 'object':
      return 'Record<string, unknown>';
    case 'array':
      return 'unknown[]';
    case 'any':
      return 'unknown';
    default:
      return outputType;
  }
}

/** Converts the JSON Schema subset tools use into a TypeScript type expression. */
export function jsonSchemaToTypeScript(schema: JsonSchema | undefined, depth = 0): string {
  if (!schema || depth > 6) return 'unknown';
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return [...new Set(union.map((member) => jsonSchemaToTypeScript(member, depth + 1)))].join(' | ');
  if (Array.isArray(schema.type)) {
    return schema.type.map((type) => jsonSchemaToTypeScript({ ...schema, type }, depth + 1)).join(' | ');
  }
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
      const item = jsonSchemaToTypeScript(schema.items as JsonSchema | undefined, depth + 1);
      return /[|&]/.test(item) ? `Array<${item}>` : `${item}[]`;
    }
    case 'object': {
      const properties = schema.properties as Record<string, JsonSchema> | undefined;
      if (!properties) return 'Record<string, unknown>';
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const fields = Object.entries(properties).map(
        ([name, property]) => `${safeKey(name)}${required.has(name) ? '' : '?'}: ${jsonSchemaToTypeScript(property, depth + 1)}`,
      );
      return `{ ${fields.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}

function safeKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

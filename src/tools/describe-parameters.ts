import type { JsonSchema } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import { toolMessages } from '../prompts/tool-messages.js';

/**
 * `query (string, required), unit (string, one of "celsius" | "fahrenheit")`: the parameter list
 * that follows a bad call, so that the model can write the next one right.
 */
export function describeParameters(schema: JsonSchema): string {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const parts = Object.entries(properties).map(([name, property]) => {
    const values = enumValues(property);
    return renderPrompt(toolMessages.parameter, {
      name,
      type: typeName(property),
      required: required.has(name) ? toolMessages.parameterRequiredFragment : '',
      values: values ? renderPrompt(toolMessages.parameterValuesFragment, { values: values.map((value) => JSON.stringify(value)).join(' | ') }) : '',
    });
  });
  return parts.length > 0 ? parts.join(', ') : toolMessages.noParameters;
}

/** The allowed values of an enum-like schema: `enum`, `const`, or a union of those (zod's literal unions). */
export function enumValues(schema: JsonSchema | undefined): unknown[] | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum;
  if ('const' in schema) return [schema.const];
  const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!Array.isArray(members)) return undefined;
  const values: unknown[] = [];
  for (const member of members) {
    const memberValues = member.type === 'null' ? [null] : enumValues(member);
    if (!memberValues) return undefined;
    values.push(...memberValues);
  }
  return values;
}

function typeName(schema: JsonSchema): string {
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') return schema.type;
  const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(members)) return [...new Set(members.map(typeName))].join(' | ');
  if ('const' in schema) return schema.const === null ? 'null' : typeof schema.const;
  return 'any';
}

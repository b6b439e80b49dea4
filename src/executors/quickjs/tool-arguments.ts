import { ToolArgumentsError } from '../../errors.js';
import { renderPrompt } from '../../prompts/template.js';
import { toolMessages } from '../../prompts/tool-messages.js';
import { describeParameters } from '../../tools/describe-parameters.js';
import type { Tool } from '../../tools/tool.js';

/**
 * Maps the arguments of a tool call written in code onto the tool's named parameters. The prompt
 * teaches `tool({ name: value })`; models also write `tool(value1, value2)`, which is mapped by
 * position. One plain object is the named form, unless none of its keys is a parameter and the
 * first parameter takes an object (then it is that parameter's value). Keys that name no
 * parameter are an error that lists them beside the expected parameters: taken as a positional
 * value instead, `search({ qurey: "x" })` would fail with a puzzling "expected string".
 */
export function mapToolArguments(tool: Tool, args: unknown[]): unknown {
  const names = tool.parameterNames;
  if (args.length === 1 && isPlainObject(args[0])) {
    const keys = Object.keys(args[0]);
    const unknown = keys.filter((key) => !names.includes(key));
    if (unknown.length === 0) return args[0];
    if (unknown.length < keys.length || !firstParameterTakesObjects(tool)) {
      const keys = unknown.map((key) => `'${key}'`).join(', ');
      const template = unknown.length > 1 ? toolMessages.unknownArguments : toolMessages.unknownArgument;
      throw new ToolArgumentsError(tool.name, renderPrompt(template, { keys, name: tool.name, parameters: describeParameters(tool.parametersSchema) }));
    }
  }
  if (args.length === 0) return {};
  const named: Record<string, unknown> = {};
  args.forEach((value, index) => {
    // Extra positional values are kept under their index so that validation names the mistake.
    named[names[index] ?? `argument${index + 1}`] = value;
  });
  return named;
}

function firstParameterTakesObjects(tool: Tool): boolean {
  const [first] = tool.parameterNames;
  const property = (tool.parametersSchema.properties as Record<string, { type?: unknown }> | undefined)?.[first ?? ''];
  return property !== undefined && (property.type === undefined || property.type === 'object' || (Array.isArray(property.type) && property.type.includes('object')));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { Tool } from '../../tools/tool.js';

/**
 * Maps the arguments of a tool call written in code onto the tool's named parameters. The prompt
 * teaches `tool({ name: value })`; models also write `tool(value1, value2)`, which is mapped by
 * position. One plain object whose keys are all parameter names is taken as the named form.
 */
export function mapToolArguments(tool: Tool, args: unknown[]): unknown {
  const names = tool.parameterNames;
  if (args.length === 1 && isPlainObject(args[0])) {
    if (Object.keys(args[0]).every((key) => names.includes(key))) return args[0];
  }
  if (args.length === 0) return {};
  const named: Record<string, unknown> = {};
  args.forEach((value, index) => {
    // Extra positional values are kept under their index so that validation names the mistake.
    named[names[index] ?? `argument${index + 1}`] = value;
  });
  return named;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

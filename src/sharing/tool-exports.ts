import { Tool, tool, type ToolConfig, type ToolInputSchema } from '../tools/tool.js';
import { SharedFolderError } from './sharing-errors.js';

/** What a saved module may export as a tool: an instance, a class, or a plain definition object. */
export interface ToolDefinitionObject {
  name: string;
  description: string;
  inputSchema: ToolInputSchema;
  execute: (args: any, context: unknown) => unknown;
}

/** A Tool instance, also one made by another copy of this library (`instanceof` would miss it). */
export function isToolLike(value: unknown): value is Tool {
  if (value instanceof Tool) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.name === 'string' && ['call', 'forward', 'toDefinition', 'validate'].every((key) => typeof candidate[key] === 'function');
}

/** A class whose instances are tools (rebuilt with `new Class()`). */
export function isToolClass(value: unknown): value is new () => Tool {
  if (typeof value !== 'function' || typeof value.prototype !== 'object' || value.prototype === null) return false;
  const prototype = value.prototype as Record<string, unknown>;
  return typeof prototype.forward === 'function' && typeof prototype.call === 'function';
}

/** `{ name, description, inputSchema, execute }`: the format of generated tool modules. */
export function isToolDefinition(value: unknown): value is ToolDefinitionObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.description === 'string' &&
    typeof candidate.inputSchema === 'object' &&
    candidate.inputSchema !== null &&
    typeof candidate.execute === 'function'
  );
}

/** Turns a module's export into the tool the manifest names, or says why it is not one. */
export function toolFromExport(value: unknown, expectedName: string, location: string): Tool {
  let made: Tool;
  try {
    if (isToolLike(value)) made = value;
    else if (isToolClass(value)) made = new value();
    else if (isToolDefinition(value)) made = tool({ ...(value as unknown as ToolConfig<ToolInputSchema, unknown>), execute: (args, context) => value.execute(args, context) });
    else throw new SharedFolderError(`${location} is not a tool: export a Tool, a Tool class or { name, description, inputSchema, execute }.`, location);
  } catch (error) {
    if (error instanceof SharedFolderError) throw error;
    throw new SharedFolderError(`${location} could not make its tool: ${(error as Error).message}`, location, { cause: error });
  }
  if (made.name !== expectedName) {
    throw new SharedFolderError(`${location} makes a tool named '${made.name}', but the manifest names it '${expectedName}'.`, location);
  }
  return made;
}

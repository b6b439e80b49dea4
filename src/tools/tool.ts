import { z } from 'zod';
import { ToolArgumentsError } from '../errors.js';
import type { JsonSchema, ToolDefinition } from '../models/model.js';
import type { PushResult, PushToHubOptions } from '../sharing/hub-push.js';
import type { LoadToolFromHubOptions } from '../sharing/share-tool.js';
import { captureDefinition, recordToolOrigin } from './tool-origin.js';

/** What a tool's `forward` returns, as named in prompts. */
export type ToolOutputType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null' | 'any';

/** Input schema: a zod object or a JSON Schema object. */
export type ToolInputSchema = z.ZodType | JsonSchema;

export interface ToolContext {
  /** Aborted when the run is cancelled or the action's time is up: long tools should stop then. */
  signal?: AbortSignal;
}

/**
 * A tool: a named, described, schema-checked async function.
 * Subclass it (set the fields, implement `forward`) or build one with `tool({...})`.
 */
export abstract class Tool<Args = any, Output = unknown> {
  abstract readonly name: string;
  abstract readonly description: string;
  abstract readonly inputSchema: ToolInputSchema;
  readonly outputType: ToolOutputType = 'any';
  /** Optional JSON Schema of the output, shown to the model when set. */
  readonly outputSchema?: JsonSchema;

  abstract forward(args: Args, context: ToolContext): Promise<Output> | Output;

  constructor() {
    // Saving an agent writes each tool as the module that defines it (src/sharing).
    recordToolOrigin(this, { capture: captureDefinition() });
  }

  private cachedValidator?: z.ZodType;
  private cachedJsonSchema?: JsonSchema;

  /** The parameters as a JSON Schema object (what tool-calling providers receive). */
  get parametersSchema(): JsonSchema {
    this.cachedJsonSchema ??= toParametersJsonSchema(this.inputSchema);
    return this.cachedJsonSchema;
  }

  /** Parameter names in declaration order; used to map positional calls onto named arguments. */
  get parameterNames(): string[] {
    return Object.keys((this.parametersSchema.properties as Record<string, unknown> | undefined) ?? {});
  }

  toDefinition(): ToolDefinition {
    return { name: this.name, description: this.description, parameters: this.parametersSchema };
  }

  /** Checks `args` against the input schema; returns the parsed value (defaults applied). */
  validate(args: unknown): Args {
    this.cachedValidator ??= isZodSchema(this.inputSchema) ? this.inputSchema : z.fromJSONSchema(this.inputSchema as never);
    const result = this.cachedValidator.safeParse(args ?? {});
    if (result.success) return result.data as Args;
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`);
    throw new ToolArgumentsError(
      this.name,
      `Invalid arguments for tool '${this.name}': ${problems.join('; ')}. Expected parameters: ${describeParameters(this.parametersSchema)}.`,
    );
  }

  /** Pushes this tool to a Hugging Face Hub repository as a saved tool folder (docs/sharing.md). */
  async pushToHub(repoId: string, options?: PushToHubOptions): Promise<PushResult> {
    const { pushToolToHub } = await import('../sharing/share-tool.js');
    return await pushToolToHub(this, repoId, options);
  }

  /** Loads a tool pushed to the Hub: `{ sandboxed: true }` runs plain JavaScript in QuickJS (docs/sharing.md). */
  static async fromHub(repoId: string, options?: LoadToolFromHubOptions): Promise<Tool> {
    const { loadToolFromHub } = await import('../sharing/share-tool.js');
    return await loadToolFromHub(repoId, options);
  }

  /** Validates, then runs the tool. This is what agents and executors call. */
  async call(args: unknown, context: ToolContext = {}): Promise<Output> {
    return await this.forward(this.validate(args), context);
  }
}

export interface ToolConfig<Schema extends ToolInputSchema, Output> {
  name: string;
  description: string;
  inputSchema: Schema;
  outputType?: ToolOutputType;
  outputSchema?: JsonSchema;
  execute: (args: Schema extends z.ZodType ? z.output<Schema> : any, context: ToolContext) => Promise<Output> | Output;
}

/** Builds a tool from a config object; with a zod schema, `execute` gets typed arguments. */
export function tool<Schema extends ToolInputSchema, Output>(config: ToolConfig<Schema, Output>): Tool<any, Output> {
  assertToolName(config.name);
  const made = new (class extends Tool<any, Output> {
    readonly name = config.name;
    readonly description = config.description;
    readonly inputSchema = config.inputSchema;
    override readonly outputType = config.outputType ?? 'any';
    override readonly outputSchema = config.outputSchema;
    forward(args: any, context: ToolContext) {
      return config.execute(args, context);
    }
  })();
  recordToolOrigin(made, { config });
  return made;
}

/** Tool names become function names in the sandbox, so they must be identifiers. */
export function assertToolName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new TypeError(`Tool name '${name}' is not a valid identifier: use letters, digits and underscores.`);
  }
}

export function isZodSchema(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && typeof (schema as z.ZodType).safeParse === 'function';
}

function toParametersJsonSchema(schema: ToolInputSchema): JsonSchema {
  if (!isZodSchema(schema)) return schema;
  // io: 'input' so that fields with defaults are not listed as required.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** "query (string, required), max_results (integer)" — for error messages the model can act on. */
export function describeParameters(schema: JsonSchema): string {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const parts = Object.entries(properties).map(
    ([name, property]) => `${name} (${String(property.type ?? 'any')}${required.has(name) ? ', required' : ''})`,
  );
  return parts.length > 0 ? parts.join(', ') : 'none';
}

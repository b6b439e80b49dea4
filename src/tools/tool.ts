import { ToolArgumentsError, ToolResultError } from '../errors.js';
import type { JsonSchema, ToolDefinition } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import { toolMessages } from '../prompts/tool-messages.js';
import { describeParameters } from './describe-parameters.js';
import { validateJsonSchema } from './schema/json-schema-validator.js';
import type { InferSchemaInput, InferSchemaOutput, SchemaInput } from './schema/schema-types.js';
import { formatIssues, toToolSchema } from './schema/tool-schema.js';
import type { PushResult, PushToHubOptions } from '../sharing/hub-push.js';
import type { LoadToolFromHubOptions } from '../sharing/share-tool.js';
import { captureDefinition, recordToolOrigin } from './tool-origin.js';

/** What a tool's `forward` returns, as named in prompts. */
export type ToolOutputType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null' | 'any';

export const TOOL_OUTPUT_TYPES: readonly ToolOutputType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null', 'any'];

/** A schema for a tool's input or output: any Standard Schema (zod 3 or 4, valibot, arktype…) or a JSON Schema object. */
export type ToolInputSchema = SchemaInput;

/** The TypeScript value of each output type: what `execute` must return when only `outputType` is set. */
export interface ToolOutputTypeValues {
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  object: Record<string, unknown>;
  array: readonly unknown[];
  null: null | undefined;
  any: unknown;
}

export interface ToolContext {
  /** Aborted when the run is cancelled or the action's time is up: long tools should stop then. */
  signal?: AbortSignal | undefined;
}

/**
 * A tool: a named, described, schema-checked async function.
 * Subclass it (set the fields, implement `forward`) or build one with `tool({...})`.
 * `Args` is what `forward` receives, `Output` what it returns, `Input` what `call()` accepts
 * (the arguments before the schema's defaults are applied).
 */
export abstract class Tool<Args = any, Output = unknown, Input = Args> {
  abstract readonly name: string;
  abstract readonly description: string;
  abstract readonly inputSchema: ToolInputSchema;
  /**
   * The result's type, shown to the model and checked after each call. Typed as a string so that a
   * subclass can write `outputType = 'string'` (TypeScript widens it); checked when an agent takes the tool.
   */
  outputType: ToolOutputType | (string & {}) = 'any';
  /** The result's exact shape (zod or JSON Schema): shown to the model as the return type and checked after each call. */
  outputSchema?: ToolInputSchema | undefined;
  /**
   * A person must approve each call (true), or the calls for which this returns true, before it runs:
   * the run pauses and `resume()` carries the decision (docs/durable-runs.md).
   */
  needsApproval?: ApprovalRule | undefined;

  abstract forward(args: Args, context: ToolContext): Promise<Output> | Output;

  constructor() {
    // Saving an agent writes each tool as the module that defines it (src/sharing).
    recordToolOrigin(this, { capture: captureDefinition() });
  }

  /** The parameters as a JSON Schema object (what tool-calling providers receive). */
  get parametersSchema(): JsonSchema {
    return toToolSchema(this.inputSchema).jsonSchema('input');
  }

  /** The result as a JSON Schema (from `outputSchema`, else `outputType`); undefined when it can be anything. */
  get resultSchema(): JsonSchema | undefined {
    if (this.outputSchema) return toToolSchema(this.outputSchema).jsonSchema('output');
    return outputTypeSchema(this.outputType);
  }

  /** Parameter names in declaration order; used to map positional calls onto named arguments. */
  get parameterNames(): string[] {
    return Object.keys((this.parametersSchema.properties as Record<string, unknown> | undefined) ?? {});
  }

  toDefinition(): ToolDefinition {
    return { name: this.name, description: this.description, parameters: this.parametersSchema };
  }

  /** Checks `args` against the input schema; returns the parsed value (defaults applied). */
  async validate(args: unknown): Promise<Args> {
    const result = await toToolSchema(this.inputSchema).validate(args ?? {});
    if (result.ok) return result.value as Args;
    throw new ToolArgumentsError(
      this.name,
      renderPrompt(toolMessages.invalidArguments, {
        name: this.name,
        problems: formatIssues(result.issues, toolMessages.argumentsLabel),
        parameters: describeParameters(this.parametersSchema),
      }),
    );
  }

  /** Checks a result against `outputSchema` (returning its parsed value) or `outputType`. */
  async validateResult(value: unknown): Promise<Output> {
    let result;
    if (this.outputSchema) result = await toToolSchema(this.outputSchema).validate(value);
    else {
      const schema = outputTypeSchema(this.outputType);
      if (!schema || (value === undefined && this.outputType === 'null')) return value as Output;
      result = validateJsonSchema(schema, value);
    }
    if (result.ok) return result.value as Output;
    throw new ToolResultError(
      this.name,
      renderPrompt(toolMessages.invalidResult, { name: this.name, problems: formatIssues(result.issues, toolMessages.resultLabel) }),
    );
  }

  /** Validates the arguments, runs the tool, then checks its result. This is what agents and executors call. */
  async call(args: Input, context: ToolContext = {}): Promise<Output> {
    return await this.validateResult(await this.forward(await this.validate(args), context));
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
}

/** What `execute` must return: the output schema's input type, else the value of `outputType`. */
export type ToolResultConstraint<OutputSchema, OutputType extends ToolOutputType> = [OutputSchema] extends [ToolInputSchema]
  ? InferSchemaInput<OutputSchema>
  : ToolOutputTypeValues[OutputType];

/** What the tool gives its caller: the output schema's parsed type, else what `execute` returns. */
export type ToolResult<Result, OutputSchema> = [OutputSchema] extends [ToolInputSchema] ? InferSchemaOutput<OutputSchema> : Result;

/** When a tool's call needs approval: always, or as decided from the call's (validated) arguments. */
export type ApprovalRule = boolean | ((args: any) => boolean | Promise<boolean>);

export interface ToolConfig<
  InputSchema extends ToolInputSchema,
  Result = unknown,
  OutputSchema extends ToolInputSchema | undefined = undefined,
  OutputType extends ToolOutputType = 'any',
> {
  name: string;
  description: string;
  inputSchema: InputSchema;
  outputType?: OutputType | undefined;
  outputSchema?: OutputSchema | undefined;
  execute: (args: InferSchemaOutput<InputSchema>, context: ToolContext) => Promise<Result> | Result;
  /** See `Tool.needsApproval`. */
  needsApproval?: boolean | ((args: InferSchemaOutput<InputSchema>) => boolean | Promise<boolean>) | undefined;
}

/**
 * Builds a tool from a config object. The arguments `execute` receives are typed from `inputSchema`
 * (zod, any Standard Schema, or a JSON Schema written inline); what it returns must match
 * `outputSchema` or `outputType`, and the tool's result type follows from them.
 */
export function tool<
  const InputSchema extends ToolInputSchema,
  Result extends ToolResultConstraint<OutputSchema, OutputType>,
  const OutputSchema extends ToolInputSchema | undefined = undefined,
  OutputType extends ToolOutputType = 'any',
>(
  config: ToolConfig<InputSchema, Result, OutputSchema, OutputType>,
): Tool<InferSchemaOutput<InputSchema>, ToolResult<Result, OutputSchema>, InferSchemaInput<InputSchema>> {
  type Args = InferSchemaOutput<InputSchema>;
  const built = new (class extends Tool<Args, ToolResult<Result, OutputSchema>, InferSchemaInput<InputSchema>> {
    readonly name = config.name;
    readonly description = config.description;
    readonly inputSchema = config.inputSchema;
    override outputType: ToolOutputType = config.outputType ?? 'any';
    override outputSchema = config.outputSchema;
    override needsApproval = config.needsApproval;
    forward(args: Args, context: ToolContext) {
      return config.execute(args, context) as Promise<ToolResult<Result, OutputSchema>>;
    }
  })();
  recordToolOrigin(built, { config });
  assertValidTool(built);
  return built;
}

/**
 * Checks what TypeScript cannot: the name is an identifier (it becomes a function name in the
 * sandbox), the output type is known, and the schemas convert. Agents run it on every tool they get.
 */
export function assertValidTool(candidate: Tool): void {
  assertToolName(candidate.name);
  if (!TOOL_OUTPUT_TYPES.includes(candidate.outputType as ToolOutputType)) {
    throw new TypeError(`Tool '${candidate.name}' has outputType '${candidate.outputType}': use one of ${TOOL_OUTPUT_TYPES.join(', ')}.`);
  }
  const parameters = candidate.parametersSchema;
  if (parameters.type !== undefined && parameters.type !== 'object') {
    throw new TypeError(`Tool '${candidate.name}': inputSchema must describe an object of named arguments, not '${String(parameters.type)}'.`);
  }
  void candidate.resultSchema; // converts outputSchema now, so that a bad one fails here rather than mid-run
}

/** Tool names become function names in the sandbox, so they must be identifiers. */
export function assertToolName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new TypeError(`Tool name '${name}' is not a valid identifier: use letters, digits and underscores.`);
  }
}

function outputTypeSchema(outputType: string): JsonSchema | undefined {
  if (outputType === 'any' || !TOOL_OUTPUT_TYPES.includes(outputType as ToolOutputType)) return undefined;
  return { type: outputType };
}

/** A tool's return value as the model reads it: strings as they are, anything else as indented JSON. */
export function toolOutputText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

import { CodeExecutionError, ToolArgumentsError } from '../errors.js';
import type { CodeExecutor } from '../executors/executor.js';
import type { LocalJsExecutorOptions } from '../executors/quickjs/local-js-executor.js';
import type { JsonSchema } from '../models/model.js';
import { Tool, type ToolContext, type ToolOutputType } from '../tools/tool.js';
import { recordLoadedToolSource } from './loaded-tool-sources.js';
import { parseModule } from './module-source.js';
import { moduleAsScript, sandboxObstacle } from './plain-module.js';
import { SharedFolderError } from './sharing-errors.js';

/** Limits for the sandbox a tool runs in (the QuickJS executor's own options). */
export type ToolSandboxOptions = Pick<LocalJsExecutorOptions, 'timeoutMs' | 'memoryLimitBytes' | 'maxStackSizeBytes'>;

export interface SandboxedToolSource {
  /** The module as saved. */
  source: string;
  /** Its file name in the folder (for messages and for saving it again). */
  fileName: string;
  export: string;
  /** The name the manifest gives the tool. */
  name: string;
  /** How the module is named in messages, e.g. "hf://user/repo/tools/add.js". */
  location: string;
}

const OUTPUT_TYPES: readonly ToolOutputType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null', 'any'];
const MAX_DESCRIPTION = 20_000;
const TOOL_GLOBAL = 'globalThis.__smolagents_tool';
const ARGUMENTS_GLOBAL = '__smolagents_tool_arguments';

/**
 * A tool whose code runs inside a QuickJS sandbox of its own, never in this process: the way to
 * use a plain-JavaScript tool from the Hub without trusting it. The host validates the arguments
 * against the schema (as for any tool), sends them in as JSON and reads the result back as JSON;
 * the tool's code sees nothing of the host. Everything the sandbox reports (name, schema, result)
 * is checked as hostile input. Calls to one tool run one at a time, in order.
 */
export class SandboxedTool extends Tool<Record<string, unknown>, unknown> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  override readonly outputType: ToolOutputType;
  override readonly outputSchema?: JsonSchema | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly executor: CodeExecutor,
    /** Runs the module and keeps its tool in a global: again whenever the sandbox lost its state. */
    private readonly defineScript: string,
    metadata: { name: string; description: string; inputSchema: JsonSchema; outputType: ToolOutputType; outputSchema?: JsonSchema },
  ) {
    super();
    this.name = metadata.name;
    this.description = metadata.description;
    this.inputSchema = metadata.inputSchema;
    this.outputType = metadata.outputType;
    this.outputSchema = metadata.outputSchema;
  }

  /** Checks that the module is plain JavaScript, runs it in a fresh sandbox and reads its definition. */
  static async load(module: SandboxedToolSource, options: ToolSandboxOptions = {}): Promise<SandboxedTool> {
    const parsed = parseModule(module.source, module.fileName);
    const obstacle = sandboxObstacle(parsed);
    if (obstacle) {
      throw new SharedFolderError(
        `Tool '${module.name}' (${module.location}) cannot run in the sandbox: ${obstacle}. Load it with trustRemoteCode: true to run it in this process, if you trust it.`,
        module.location,
      );
    }
    const { script, exportExpression } = moduleAsScript(parsed, module.export, module.location);
    const defineScript = `${script}\n;${TOOL_GLOBAL} = ${exportExpression};\n`;
    const { LocalJsExecutor } = await import('../executors/quickjs/local-js-executor.js');
    const executor: CodeExecutor = new LocalJsExecutor(options);
    try {
      const described = await executor.execute(`${defineScript}${DESCRIBE}`);
      const tool = new SandboxedTool(executor, defineScript, checkDefinition(described.output, module));
      await assertUsableSchema(tool, module.location);
      recordLoadedToolSource(tool, { fileName: module.fileName, source: module.source, export: module.export });
      return tool;
    } catch (error) {
      await executor.dispose().catch(() => undefined);
      if (error instanceof SharedFolderError) throw error;
      const reason = error instanceof CodeExecutionError ? `${error.errorType}: ${error.message}` : (error as Error).message;
      throw new SharedFolderError(`Tool module ${module.location} failed to load in the sandbox: ${reason}`, module.location, { cause: error });
    }
  }

  forward(args: Record<string, unknown>, { signal }: ToolContext): Promise<unknown> {
    const run = async () => {
      let outcome = await this.callOnce(args, signal);
      if ('lost' in outcome) {
        // The sandbox was replaced (after a time-out, say) and forgot the tool: define it again.
        await this.guest(this.defineScript, signal);
        outcome = await this.callOnce(args, signal);
      }
      if ('lost' in outcome) throw new Error(`The sandboxed tool '${this.name}' could not be set up again in its sandbox.`);
      return outcome.value;
    };
    const call = this.queue.then(run, run);
    this.queue = call.catch(() => undefined);
    return call;
  }

  /** The result comes wrapped, so that a lost tool cannot be confused with anything a tool returns. */
  private async callOnce(args: Record<string, unknown>, signal: AbortSignal | undefined): Promise<{ lost: true } | { value: unknown }> {
    await this.executor.sendVariables({ [ARGUMENTS_GLOBAL]: args });
    const output = await this.guest(`${TOOL_GLOBAL} === undefined ? { lost: true } : { value: await ${TOOL_GLOBAL}.execute(${ARGUMENTS_GLOBAL}) }`, signal);
    if (typeof output === 'object' && output !== null && ('lost' in output || 'value' in output)) return output as { lost: true } | { value: unknown };
    throw new Error(`The sandboxed tool '${this.name}' gave an unreadable result.`);
  }

  private async guest(code: string, signal: AbortSignal | undefined): Promise<unknown> {
    let result;
    try {
      result = await this.executor.execute(code, { signal });
    } catch (error) {
      if (error instanceof CodeExecutionError) throw new Error(`${error.errorType}: ${error.message}`, { cause: error });
      throw error;
    }
    if (result.isFinalAnswer) throw new Error(`The sandboxed tool '${this.name}' called final_answer, which a tool may not do.`);
    return result.output;
  }

  /** Frees the sandbox; the agent holding the tool calls this from its own dispose(). */
  async dispose(): Promise<void> {
    await this.queue;
    await this.executor.dispose();
  }
}

/** A schema the validator cannot compile would fail every call: refuse it at load time instead. */
async function assertUsableSchema(tool: SandboxedTool, location: string): Promise<void> {
  try {
    await tool.validate({});
  } catch (error) {
    if (error instanceof ToolArgumentsError) return; // a usable schema that wants arguments
    throw new SharedFolderError(`Tool module ${location}: inputSchema is not a usable JSON Schema: ${(error as Error).message}`, location, { cause: error });
  }
}

/** Run inside the sandbox: what the exported object says about itself, as plain data. */
const DESCRIBE = `(() => {
  const tool = ${TOOL_GLOBAL};
  if (typeof tool !== 'object' || tool === null) return { kind: typeof tool };
  return { kind: 'object', hasExecute: typeof tool.execute === 'function', name: tool.name, description: tool.description,
    inputSchema: tool.inputSchema, outputType: tool.outputType, outputSchema: tool.outputSchema };
})()`;

/** The sandbox's answer is guest data: every field is checked before the host uses it. */
function checkDefinition(value: unknown, module: SandboxedToolSource) {
  const reported = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const fail = (problem: string): never => {
    throw new SharedFolderError(`Tool module ${module.location}: ${problem}`, module.location);
  };
  if (reported.kind !== 'object' || reported.hasExecute !== true) {
    fail(`export '${module.export}' is not { name, description, inputSchema, execute }.`);
  }
  if (reported.name !== module.name) fail(`the tool is named ${JSON.stringify(reported.name)}, but the manifest names it '${module.name}'.`);
  if (typeof reported.description !== 'string' || reported.description.length > MAX_DESCRIPTION) {
    fail(`description must be a string of at most ${MAX_DESCRIPTION} characters.`);
  }
  const inputSchema = reported.inputSchema;
  if (typeof inputSchema !== 'object' || inputSchema === null || Array.isArray(inputSchema) || (inputSchema as JsonSchema).type !== 'object') {
    fail('inputSchema must be a JSON Schema of type "object".');
  }
  const outputType = (reported.outputType ?? 'any') as ToolOutputType;
  if (!OUTPUT_TYPES.includes(outputType)) fail(`outputType must be one of ${OUTPUT_TYPES.join(', ')}.`);
  const outputSchema = reported.outputSchema;
  if (outputSchema !== undefined && (typeof outputSchema !== 'object' || outputSchema === null || Array.isArray(outputSchema))) {
    fail('outputSchema must be a JSON Schema object.');
  }
  return {
    name: module.name,
    description: reported.description as string,
    inputSchema: inputSchema as JsonSchema,
    outputType,
    ...(outputSchema ? { outputSchema: outputSchema as JsonSchema } : {}),
  };
}

import type { Timing } from '../memory/steps.js';
import type { JsonSchema, ToolDefinition } from '../models/model.js';
import { Tool, type ToolContext, type ToolInputSchema } from '../tools/tool.js';

/** Told when an observed tool is called and when the call ends. */
export interface ToolCallListener {
  /** Returns the id the call is known by. */
  started(name: string, args: unknown): string;
  finished(id: string, name: string, outcome: { value: unknown } | { error: unknown }, timing: Timing): void;
}

/**
 * A tool that reports its calls: handed to a sandbox in place of the real one, so that the tools a
 * code action calls show up as events (with arguments, result and timing) like native tool calls.
 * Everything but `call` is the wrapped tool's own.
 */
export class ObservedTool extends Tool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: ToolInputSchema;
  override readonly outputType: Tool['outputType'];
  override readonly outputSchema?: ToolInputSchema | undefined;

  /**
   * `current` names the tool to call at call time: the agent's entry for this name, which a durable
   * run may have wrapped after the sandbox got its tools.
   */
  constructor(
    private readonly inner: Tool,
    private readonly listener: () => ToolCallListener | undefined,
    private readonly current: () => Tool = () => inner,
  ) {
    super();
    this.name = inner.name;
    this.description = inner.description;
    this.inputSchema = inner.inputSchema;
    this.outputType = inner.outputType;
    this.outputSchema = inner.outputSchema;
  }

  override get parametersSchema(): JsonSchema {
    return this.inner.parametersSchema;
  }

  override get parameterNames(): string[] {
    return this.inner.parameterNames;
  }

  override toDefinition(): ToolDefinition {
    return this.inner.toDefinition();
  }

  override validate(args: unknown): Promise<unknown> {
    return this.inner.validate(args);
  }

  override validateResult(value: unknown): Promise<unknown> {
    return this.inner.validateResult(value);
  }

  forward(args: unknown, context: ToolContext): unknown {
    return this.inner.forward(args, context);
  }

  override async call(args: unknown, context: ToolContext = {}): Promise<unknown> {
    const listener = this.listener();
    const target = this.current();
    if (!listener) return await target.call(args, context);
    const id = listener.started(this.name, args);
    const startTime = Date.now();
    const timing = (): Timing => {
      const endTime = Date.now();
      return { startTime, endTime, duration: endTime - startTime };
    };
    try {
      const value = await target.call(args, context);
      listener.finished(id, this.name, { value }, timing());
      return value;
    } catch (error) {
      listener.finished(id, this.name, { error }, timing());
      throw error;
    }
  }
}

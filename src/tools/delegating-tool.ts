import type { JsonSchema, ToolDefinition } from '../models/model.js';
import { Tool, type ToolContext, type ToolInputSchema } from './tool.js';

/**
 * A tool that stands in for another one: name, schemas, validation and `forward` are the wrapped
 * tool's own, so the model and the sandbox cannot tell them apart. Subclasses change `call` only
 * (to observe it, to log it for a durable run).
 */
export abstract class DelegatingTool extends Tool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: ToolInputSchema;
  override readonly outputType: Tool['outputType'];
  override readonly outputSchema?: ToolInputSchema | undefined;

  constructor(readonly inner: Tool) {
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

  abstract override call(args: unknown, context?: ToolContext): Promise<unknown>;
}

import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import type { JsonSchema, ToolDefinition } from '../models/model.js';
import { FINAL_ANSWER_TOOL_NAME } from '../tools/final-answer-tool.js';
import { Tool, type ToolContext, type ToolInputSchema } from '../tools/tool.js';
import type { ToolCallJournal } from './tool-call-journal.js';

/** The journal of the durable run an agent is in, if any. */
const activeJournals = new WeakMap<object, ToolCallJournal>();

/**
 * A tool whose calls go through the journal of the agent's durable run (logged, replayed, held for
 * approval), and straight to the tool outside one. Everything but `call` is the wrapped tool's own.
 */
export class DurableTool extends Tool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: ToolInputSchema;
  override readonly outputType: Tool['outputType'];
  override readonly outputSchema?: ToolInputSchema | undefined;

  constructor(
    readonly inner: Tool,
    private readonly journal: () => ToolCallJournal | undefined,
  ) {
    super();
    this.name = inner.name;
    this.description = inner.description;
    this.inputSchema = inner.inputSchema;
    this.outputType = inner.outputType;
    this.outputSchema = inner.outputSchema;
    this.needsApproval = inner.needsApproval;
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
    const journal = this.journal();
    return journal ? await journal.call(this.inner, args, context) : await this.inner.call(args, context);
  }
}

/**
 * Puts every tool of the agent (final_answer aside: it has no effect to log) behind a DurableTool,
 * once. This must happen before the agent's first run hands its tools to a sandbox.
 */
export function installDurableTools(agent: MultiStepAgent): void {
  for (const [name, candidate] of Object.entries(agent.tools)) {
    if (name === FINAL_ANSWER_TOOL_NAME || candidate instanceof DurableTool) continue;
    agent.tools[name] = new DurableTool(candidate, () => activeJournals.get(agent));
  }
}

export function setActiveJournal(agent: MultiStepAgent, journal: ToolCallJournal | undefined): void {
  if (journal) activeJournals.set(agent, journal);
  else activeJournals.delete(agent);
}

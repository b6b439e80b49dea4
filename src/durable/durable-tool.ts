import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { FINAL_ANSWER_TOOL_NAME } from '../tools/final-answer-tool.js';
import { DelegatingTool } from '../tools/delegating-tool.js';
import type { Tool, ToolContext } from '../tools/tool.js';
import type { ToolCallJournal } from './tool-call-journal.js';

/** The journal of the durable run an agent is in, if any. */
const activeJournals = new WeakMap<object, ToolCallJournal>();

/**
 * A tool whose calls go through the journal of the agent's durable run (logged, replayed, held for
 * approval), and straight to the tool outside one. Everything but `call` is the wrapped tool's own.
 */
export class DurableTool extends DelegatingTool {
  constructor(
    inner: Tool,
    private readonly journal: () => ToolCallJournal | undefined,
  ) {
    super(inner);
    this.needsApproval = inner.needsApproval;
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

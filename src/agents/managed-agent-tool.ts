import { z } from 'zod/v4';
import { managedAgentToolParameters } from '../prompts/shared.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import { Tool, type ToolContext } from '../tools/tool.js';
import type { RunOptions } from './run-result.js';

/** The part of an agent a manager needs: a name, a description and a way to run a task. */
export interface ManageableAgent {
  readonly name: string;
  readonly description: string;
  run(task: string, options?: RunOptions): Promise<unknown>;
  /** Frees what the agent holds; called when its manager is disposed. */
  dispose?(): Promise<void>;
}

/**
 * Presents an agent to its manager as a tool taking a `task` string: the manager's code calls it
 * like any other tool, and reads the managed agent's final answer wrapped in a short report.
 */
export class ManagedAgentTool extends Tool<{ task: string; additional_args?: Record<string, unknown> }, string> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema = z.object({
    task: z.string().describe(managedAgentToolParameters.task),
    additional_args: z.record(z.string(), z.unknown()).optional().describe(managedAgentToolParameters.additionalArgs),
  });
  override readonly outputType = 'string';

  constructor(
    readonly agent: ManageableAgent,
    private readonly templates: Pick<AgentPromptTemplates, 'managedAgent'>,
  ) {
    super();
    if (!agent.name || !agent.description) {
      throw new TypeError('A managed agent needs a `name` and a `description`: its manager calls it by name and reads the description.');
    }
    this.name = agent.name;
    this.description = agent.description;
  }

  async forward({ task, additional_args }: { task: string; additional_args?: Record<string, unknown> }, context: ToolContext): Promise<string> {
    const fullTask = renderPrompt(this.templates.managedAgent.task, { name: this.name, task, finalAnswer: '' });
    const answer = await this.agent.run(fullTask, { signal: context.signal, additionalArgs: additional_args });
    const finalAnswer = typeof answer === 'string' ? answer : JSON.stringify(answer, null, 2);
    return renderPrompt(this.templates.managedAgent.report, { name: this.name, task, finalAnswer });
  }

  /** The manager holds its team: disposing it disposes them. */
  async dispose(): Promise<void> {
    await this.agent.dispose?.();
  }
}

/**
 * What a task of the model-in-the-loop evaluation is: a prompt, the tools the agent gets, a checker
 * that decides success from the final answer, and a reference solution through those same tools.
 * The reference solution is never shown to the model; tests use it to prove that each task can be
 * solved with its tools and that its checker accepts the right answer.
 */
import { tool, type JsonSchema, type Tool, type ToolInputSchema, type ToolOutputType } from '../../src/index.js';

/** What a task exercises; a task may be in several. */
export type TaskCategory = 'lookup' | 'loop' | 'failing-tool' | 'structured';

export interface ToolSetOptions {
  /** false builds the tools without `outputSchema`, to measure what the schemas save. */
  outputSchemas: boolean;
}

export interface CheckResult {
  ok: boolean;
  /** Why the answer was accepted or rejected; names the expected facts (never shown to the model). */
  reason: string;
}

/** Calls a task's tool by name, as the agent would (arguments validated). */
export type ToolCaller = (name: string, args: Record<string, unknown>) => Promise<any>;

export interface EvalTask {
  /** kebab-case, unique; what `--tasks` takes. */
  id: string;
  categories: TaskCategory[];
  /** The task as the agent receives it. */
  prompt: string;
  tools(options: ToolSetOptions): Tool[];
  check(answer: unknown): CheckResult;
  solve(call: ToolCaller): Promise<unknown>;
}

export interface EvalToolConfig {
  name: string;
  description: string;
  inputSchema: ToolInputSchema;
  /** What the prompt shows when the output schema is switched off. */
  outputType: ToolOutputType;
  outputSchema: JsonSchema;
  execute: (args: any) => unknown;
}

/** Builds a deterministic in-process tool, with or without its output schema. */
export function evalTool(config: EvalToolConfig, options: ToolSetOptions): Tool {
  return tool({
    name: config.name,
    description: config.description,
    inputSchema: config.inputSchema,
    outputType: config.outputType,
    ...(options.outputSchemas ? { outputSchema: config.outputSchema } : {}),
    execute: async (args) => config.execute(args),
  });
}

/** A caller over a tool list: what tests and the plumbing check hand to `solve`. */
export function toolCaller(tools: Tool[]): ToolCaller {
  const byName = new Map(tools.map((each) => [each.name, each]));
  return async (name, args) => {
    const found = byName.get(name);
    if (!found) throw new Error(`No tool named '${name}' in this task.`);
    return await found.call(args);
  };
}

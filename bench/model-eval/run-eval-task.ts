/** Runs one task with one agent and scores it. A run that fails is a result too, never a crash. */
import type { ActionStep, MemoryStep, Model } from '../../src/index.js';
import { createEvalAgent, type EvalAgentKind } from './create-eval-agent.js';
import type { EvalTask, TaskCategory } from './task.js';

export interface TaskResult {
  id: string;
  categories: TaskCategory[];
  /** Finished with final_answer within maxSteps, and the checker accepted the answer. */
  success: boolean;
  /** `error` when the run ended with an exception (the provider failed, say). */
  state: 'success' | 'max_steps_error' | 'error';
  /** Action steps, the answer asked for from memory after maxSteps included. */
  steps: number;
  /** Action steps with an error the model was shown (failed code, a tool call that failed...). */
  stepsWithErrors: number;
  /** Summed over the steps, from the replies' `usage`. */
  inputTokens: number;
  outputTokens: number;
  answer: unknown;
  /** The checker's verdict, with the facts it looked for. */
  check: string;
  error?: string | undefined;
  durationMs: number;
}

export interface RunEvalTaskOptions {
  agent: EvalAgentKind;
  model: Model;
  outputSchemas: boolean;
  maxSteps: number;
}

export async function runEvalTask(task: EvalTask, options: RunEvalTaskOptions): Promise<TaskResult> {
  const startTime = Date.now();
  let agent;
  try {
    agent = createEvalAgent(options.agent, { model: options.model, tools: task.tools({ outputSchemas: options.outputSchemas }), maxSteps: options.maxSteps });
    const run = await agent.run(task.prompt, { returnFullResult: true });
    const verdict = safeCheck(task, run.output);
    return {
      ...scoreSteps(run.steps),
      id: task.id,
      categories: task.categories,
      success: run.state === 'success' && verdict.ok,
      state: run.state,
      answer: toJsonValue(run.output),
      check: verdict.reason,
      durationMs: Date.now() - startTime,
    };
  } catch (error) {
    // The provider failed or the agent could not start: keep what the run did up to there.
    const steps = (error as { steps?: unknown }).steps;
    return {
      ...scoreSteps(Array.isArray(steps) ? (steps as MemoryStep[]) : (agent?.memory.steps ?? [])),
      id: task.id,
      categories: task.categories,
      success: false,
      state: 'error',
      answer: null,
      check: 'no answer: the run failed',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      durationMs: Date.now() - startTime,
    };
  } finally {
    await agent?.dispose().catch(() => undefined);
  }
}

function scoreSteps(steps: readonly MemoryStep[]): Pick<TaskResult, 'steps' | 'stepsWithErrors' | 'inputTokens' | 'outputTokens'> {
  const actions = steps.filter((step): step is ActionStep => step.type === 'action');
  const tokens = (key: 'inputTokens' | 'outputTokens') =>
    steps.reduce((sum, step) => sum + (step.type === 'action' || step.type === 'planning' ? (step.tokenUsage?.[key] ?? 0) : 0), 0);
  return {
    steps: actions.length,
    // The step that asks for an answer from memory carries a max-steps error; it is not a model mistake.
    stepsWithErrors: actions.filter(
      (step) => (step.error && step.error.type !== 'AgentMaxStepsError') || step.toolCalls?.some((call) => call.error),
    ).length,
    inputTokens: tokens('inputTokens'),
    outputTokens: tokens('outputTokens'),
  };
}

/** A checker that throws is a bug of the task set: it scores as a failure with the reason, the run goes on. */
function safeCheck(task: EvalTask, answer: unknown) {
  try {
    return task.check(answer);
  } catch (error) {
    return { ok: false, reason: `the checker failed: ${(error as Error).message}` };
  }
}

/** The answer as it will be written to the JSON results (functions, cycles and the like as text). */
function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}

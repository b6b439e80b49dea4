import type { MemoryStep, Timing } from '../memory/steps.js';
import type { ImageInput } from '../models/images.js';
import type { ModelReply, TokenUsage } from '../models/model.js';
import type { ActionStep } from '../memory/steps.js';

/** What `run(task, { returnFullResult: true })` returns, and what `stream()` returns when drained. */
export interface RunResult<Output = unknown> {
  /** The final answer; with an agent's `outputSchema`, the schema's parsed value. */
  output: Output;
  /** `max_steps_error` when the steps ran out and the answer was asked for from memory. */
  state: 'success' | 'max_steps_error';
  /** The steps of this run (since its task step). */
  steps: MemoryStep[];
  tokenUsage: TokenUsage;
  timing: Timing;
}

export interface RunOptions {
  /** Overrides the agent's maxSteps for this run. */
  maxSteps?: number | undefined;
  /** false keeps the memory of earlier runs, for follow-up tasks. Default true. */
  reset?: boolean | undefined;
  /** Values handed to the run: shown to the model, and defined as variables for code agents. */
  additionalArgs?: Record<string, unknown> | undefined;
  /**
   * Images sent with the task (the model needs to take images): bytes, `data:` or http(s) URLs, or
   * `{ type: 'image', image, mediaType }` parts. Checked before the run starts; kept in memory.
   */
  images?: ImageInput[] | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Where the run saves its state after every step and tool call (see docs/durable-runs.md). With a
   * store, or with a tool that `needsApproval`, `run()` is a durable run: a pause for approval throws
   * `ApprovalRequiredError`; `runDurable()` returns the pause as a value instead.
   */
  checkpoint?: CheckpointStoreLike | undefined;
  /** The run's id in the checkpoint store. Default: a random UUID. */
  runId?: string | undefined;
  /**
   * Continues the run already in memory instead of starting one (used by `resume()`): no new task
   * step, the recorded code actions are replayed first, and an action step under way runs again from its reply.
   */
  continueRun?: ContinueRun | undefined;
  [DURABLE_LOOP]?: true | undefined;
}

/**
 * Marks the options of the loop a durable run drives (src/durable): `stream()` refuses a checkpoint or
 * tools needing approval otherwise, since it would call them without asking.
 */
export const DURABLE_LOOP: unique symbol = Symbol('smolagents.durableLoop');

/** The checkpoint store as the agent layer sees it (src/durable defines it and its implementations). */
export interface CheckpointStoreLike {
  save(runId: string, state: never): Promise<void>;
  load(runId: string): Promise<unknown>;
  delete(runId: string): Promise<void>;
}

/** How a run continues from memory restored by `resume()`. */
export interface ContinueRun {
  /** The action step under way when the run stopped: it goes on from this reply rather than a new model call. */
  current?: { stepNumber: number; reply: ModelReply } | undefined;
  /** Called around the replay of each recorded action; `after` throws when the replay went wrong. */
  beforeReplay(step: ActionStep): void;
  afterReplay(step: ActionStep): void;
}

/**
 * How many steps a run took: its action steps, not counting the extra request that asks for an
 * answer from memory once `maxSteps` ran out (that step's error is AgentMaxStepsError).
 */
export function countSteps(steps: readonly MemoryStep[]): number {
  return steps.filter((step) => step.type === 'action' && step.error?.type !== 'AgentMaxStepsError').length;
}

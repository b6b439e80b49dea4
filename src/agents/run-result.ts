import type { MemoryStep, Timing } from '../memory/steps.js';
import type { ImageInput } from '../models/images.js';
import type { TokenUsage } from '../models/model.js';

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
}

/**
 * How many steps a run took: its action steps, not counting the extra request that asks for an
 * answer from memory once `maxSteps` ran out (that step's error is AgentMaxStepsError).
 */
export function countSteps(steps: readonly MemoryStep[]): number {
  return steps.filter((step) => step.type === 'action' && step.error?.type !== 'AgentMaxStepsError').length;
}

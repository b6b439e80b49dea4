import type { AgentMemory } from '../memory/agent-memory.js';

/**
 * Validates a proposed final answer. Return true to accept; false or a string (the reason shown to
 * the model) to reject, in which case the run goes on and the model gets to try again.
 */
export type FinalAnswerCheck = (answer: unknown, memory: AgentMemory) => boolean | string | Promise<boolean | string>;

/** Runs the checks in order; returns the rejection message of the first that fails, if any. */
export async function runFinalAnswerChecks(checks: readonly FinalAnswerCheck[], answer: unknown, memory: AgentMemory): Promise<string | undefined> {
  for (const check of checks) {
    const label = check.name || 'anonymous check';
    let verdict: boolean | string;
    try {
      verdict = await check(answer, memory);
    } catch (error) {
      return `Final answer check '${label}' failed with an error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (verdict === true) continue;
    return typeof verdict === 'string' && verdict.length > 0
      ? `Final answer check '${label}' rejected the answer: ${verdict}`
      : `Final answer check '${label}' rejected the answer.`;
  }
  return undefined;
}

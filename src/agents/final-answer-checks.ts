import type { AgentMemory } from '../memory/agent-memory.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';

/**
 * Validates a proposed final answer. Return true to accept; false or a string (the reason shown to
 * the model) to reject, in which case the run goes on and the model gets to try again.
 */
export type FinalAnswerCheck = (answer: unknown, memory: AgentMemory) => boolean | string | Promise<boolean | string>;

/** Runs the checks in order; returns the rejection message of the first that fails, if any (the model reads it). */
export async function runFinalAnswerChecks(
  checks: readonly FinalAnswerCheck[],
  answer: unknown,
  memory: AgentMemory,
  templates: Pick<AgentPromptTemplates['finalAnswer'], 'checkRejected' | 'checkFailed'>,
): Promise<string | undefined> {
  for (const check of checks) {
    const label = check.name || 'anonymous check';
    let verdict: boolean | string;
    try {
      verdict = await check(answer, memory);
    } catch (error) {
      return renderPrompt(templates.checkFailed, { check: label, message: error instanceof Error ? error.message : String(error) });
    }
    if (verdict === true) continue;
    return renderPrompt(templates.checkRejected, { check: label, reason: typeof verdict === 'string' ? verdict : '' }).trimEnd();
  }
  return undefined;
}

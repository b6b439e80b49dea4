import type { TokenUsage } from '../models/model.js';
import type { MemoryStep } from './steps.js';

/** Adds up usage records; the cache fields appear in the total when any record has them. */
export function addTokenUsage(total: TokenUsage, usage: TokenUsage): TokenUsage {
  const sum: TokenUsage = { inputTokens: total.inputTokens + usage.inputTokens, outputTokens: total.outputTokens + usage.outputTokens };
  const cached = (total.cachedInputTokens ?? 0) + (usage.cachedInputTokens ?? 0);
  const written = (total.cacheWriteTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
  if (cached) sum.cachedInputTokens = cached;
  if (written) sum.cacheWriteTokens = written;
  return sum;
}

/** Total tokens of the steps that called the model: actions, plans and compaction calls. */
export function sumTokenUsage(steps: readonly MemoryStep[]): TokenUsage {
  let total: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  for (const step of steps) {
    if ((step.type === 'action' || step.type === 'planning' || step.type === 'compaction') && step.tokenUsage) total = addTokenUsage(total, step.tokenUsage);
  }
  return total;
}

import type { ActionStep } from './steps.js';
import type { TokenCounter } from './token-counter.js';

/**
 * Shortens `text` to at most `maxTokens`: its head (two thirds) and tail stay, cut at line ends when
 * one is near, around a note saying how many characters were left out. The same text and limit give
 * the same result, so a shortened step reads the same at every request (a prefix cache keeps hitting).
 */
export function shortenText(text: string, maxTokens: number, counter: TokenCounter, note: (count: number) => string): string {
  const tokens = counter.countText(text);
  if (tokens <= maxTokens) return text;
  let keep = Math.floor((text.length * maxTokens) / tokens);
  for (let attempt = 0; attempt < 8; attempt++) {
    const shortened = cutMiddle(text, keep, note);
    if (counter.countText(shortened) <= maxTokens || keep === 0) return shortened;
    keep = Math.floor(keep * 0.8);
  }
  return cutMiddle(text, 0, note);
}

function cutMiddle(text: string, keep: number, note: (count: number) => string): string {
  let headEnd = Math.floor((keep * 2) / 3);
  let tailStart = text.length - (keep - headEnd);
  const lineEnd = text.lastIndexOf('\n', headEnd);
  if (lineEnd > headEnd * 0.8) headEnd = lineEnd + 1;
  const lineStart = text.indexOf('\n', tailStart);
  if (lineStart !== -1 && lineStart - tailStart < (text.length - tailStart) * 0.2) tailStart = lineStart + 1;
  return `${text.slice(0, headEnd)}${note(tailStart - headEnd)}${text.slice(tailStart)}`;
}

/**
 * A copy of an action step whose outputs (observations, tool results, error texts) went through
 * `shorten`; the model's own reply stays whole. With `withoutImages`, the two are the only ways a
 * step is made smaller; the memory view drops a step's images before it cuts any step's text.
 */
export function shortenStep(step: ActionStep, shorten: (text: string) => string): ActionStep {
  return {
    ...step,
    ...(step.observations !== undefined ? { observations: shorten(step.observations) } : {}),
    ...(step.error ? { error: { ...step.error, message: shorten(step.error.message) } } : {}),
    ...(step.toolCalls
      ? {
          toolCalls: step.toolCalls.map((call) => ({
            ...call,
            ...(call.observation !== undefined ? { observation: shorten(call.observation) } : {}),
            ...(call.error ? { error: { ...call.error, message: shorten(call.error.message) } } : {}),
          })),
        }
      : {}),
  };
}

/** A copy of an action step without its observation images (memory keeps them; the model is not sent them). */
export function withoutImages(step: ActionStep): ActionStep {
  if (!step.observationImages) return step;
  const { observationImages: _dropped, ...rest } = step;
  return rest;
}

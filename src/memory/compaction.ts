import { contentText } from '../models/message-content.js';
import type { ChatMessage, ModelReply } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import type { CompactionState } from './memory-view.js';
import { shortenStep, shortenText, withoutImages } from './shorten.js';
import { actionMessages, planningMessages, type MemoryTemplates } from './step-messages.js';
import type { MemoryStep } from './steps.js';
import { countRequestTokens, type TokenCounter } from './token-counter.js';

/** Asks the model for the summary; the loop supplies it (same model, errors handled like any call). */
export type Summarize = (messages: ChatMessage[]) => Promise<ModelReply>;

export interface FoldRequest {
  steps: readonly MemoryStep[];
  templates: MemoryTemplates;
  counter: TokenCounter;
  /** The budget: the compaction request stays within it too. */
  maxTokens: number;
  /** The longest summary kept. */
  summaryTokens: number;
  state: CompactionState | undefined;
  /** Fold the steps below this index (but tasks and the latest plan). */
  until: number;
  summarize: Summarize;
}

/**
 * One compaction call: the earlier summary and the steps being folded, as plain text (a transcript
 * needs no tool definitions, which some providers require beside tool-call messages), go to the
 * model, which writes the new running summary. Steps are read whole, from `memory.steps`, not as the
 * model last saw them; only when they do not fit one request are their outputs cut, evenly. The
 * transcript is text: images are not part of it (the summary keeps what the text around them says).
 */
export async function foldIntoSummary(request: FoldRequest): Promise<{ summary: string; input: ChatMessage[]; reply: ModelReply }> {
  const { templates, counter } = request;
  const folding = foldedSteps(request.steps, request.state?.foldedUntil ?? 0, request.until);
  const note = (count: number) => renderPrompt(templates.memory.shortened, { count });
  let steps = '';
  const build = (cap: number | undefined) => {
    steps = transcript(folding, templates, cap === undefined ? undefined : (text) => shortenText(text, cap, counter, note));
    return summaryRequest(request, steps);
  };
  let input = build(undefined);
  if (countRequestTokens(counter, input) > request.maxTokens) {
    // The largest per-output cap that fits, by bisection: every output keeps as much as it can.
    let low = 16;
    let high = request.maxTokens;
    while (high - low > 8) {
      const middle = Math.floor((low + high) / 2);
      if (countRequestTokens(counter, build(middle)) <= request.maxTokens) low = middle;
      else high = middle;
    }
    input = build(low);
  }
  const reply = await request.summarize(input);
  // A blank reply must not lose the steps: their shortened transcript stands in for the summary.
  const written = reply.content.trim() || steps;
  return { summary: shortenText(written, request.summaryTokens, counter, note), input, reply };
}

/** The tokens of a compaction request without steps: what is left of the budget is for them. */
export function summarizerFraming(context: { steps: readonly MemoryStep[]; templates: MemoryTemplates }, counter: TokenCounter, previousSummary: string | undefined): number {
  const request = summaryRequest({ steps: context.steps, templates: context.templates, summaryTokens: 0, state: previousSummary ? { summary: previousSummary, foldedUntil: 0, shortenedUntil: 0 } : undefined }, '');
  return countRequestTokens(counter, request);
}

function summaryRequest(request: Pick<FoldRequest, 'steps' | 'templates' | 'summaryTokens' | 'state'>, steps: string): ChatMessage[] {
  const { templates } = request;
  const task = request.steps.findLast((step) => step.type === 'task');
  const previous = request.state?.summary;
  return [
    { role: 'system', content: renderPrompt(templates.memory.summarySystem, { maxWords: Math.floor(request.summaryTokens * 0.7) }) },
    {
      role: 'user',
      content: renderPrompt(templates.memory.summaryRequest, {
        task: task?.type === 'task' ? task.task : '',
        previousSummary: previous ? renderPrompt(templates.memory.previousSummarySection, { summary: previous }) : '',
        steps,
      }),
    },
  ];
}

/** The steps a fold covers: tasks and the latest plan stay in the view, so they are not folded. */
function foldedSteps(steps: readonly MemoryStep[], from: number, until: number): MemoryStep[] {
  const latestPlan = steps.findLastIndex((step) => step.type === 'planning');
  return steps.slice(from, until).filter((step, offset) => step.type !== 'task' && from + offset !== latestPlan);
}

function transcript(steps: readonly MemoryStep[], templates: MemoryTemplates, shorten: ((text: string) => string) | undefined): string {
  const messages = steps.flatMap((step) => {
    if (step.type === 'planning') return planningMessages(step, templates);
    if (step.type === 'action') return actionMessages(withoutImages(shorten ? shortenStep(step, shorten) : step), templates);
    return [];
  });
  return messages
    .map((message) => {
      const calls = (message.toolCalls ?? []).map((call) =>
        renderPrompt(templates.memory.transcriptToolCall, { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) }),
      );
      return renderPrompt(templates.memory.transcriptMessage, { role: message.role, content: [contentText(message.content), ...calls].filter((part) => part !== '').join('\n') });
    })
    .join('\n\n');
}

import type { ChatMessage } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import { actionMessages, planningMessages, taskMessage, type MemoryTemplates } from './step-messages.js';
import { shortenStep, withoutImages } from './shorten.js';
import type { ActionStep, CompactionStep, MemoryStep } from './steps.js';

/** How compaction says older steps are sent; no state means every step is sent whole. */
export type CompactionState = Pick<CompactionStep, 'summary' | 'foldedUntil' | 'shortenedUntil' | 'imagesDroppedUntil'>;

export interface ViewOptions {
  templates: MemoryTemplates;
  /** The system prompt, first; absent for requests that bring their own framing. */
  systemPrompt?: string | undefined;
  /** Planning steps in the view; the latest plan stays even inside the folded range. */
  plans: boolean;
  state?: CompactionState | undefined;
  /** Shortens the outputs of steps below `state.shortenedUntil`. */
  shorten?: ((text: string) => string) | undefined;
  /** Applied to every step's outputs: the cap that keeps one huge observation from filling the budget. */
  cap?: ((text: string) => string) | undefined;
  /** Only the newest this many action steps are sent with their observation images (the agent's `observationImageSteps`). */
  imageSteps?: number | undefined;
}

/**
 * What the model is sent from memory: the system prompt, then every step in order, where tasks are
 * always whole (with their images), folded steps are replaced by the summary (once, where the first
 * of them was), shortened steps keep their reply but not their full output, and observation images
 * go only with the newest `imageSteps` steps and with no step below `imagesDroppedUntil` or
 * `shortenedUntil`. `memory.steps` itself never changes.
 */
export function viewMessages(steps: readonly MemoryStep[], options: ViewOptions): ChatMessage[] {
  const { templates, state } = options;
  const messages: ChatMessage[] = [];
  if (options.systemPrompt) messages.push({ role: 'system', content: options.systemPrompt });
  const latestPlan = steps.findLastIndex((step) => step.type === 'planning');
  let summaryPlaced = !state?.summary;
  const placeSummary = (): void => {
    if (summaryPlaced) return;
    messages.push({ role: 'user', content: renderPrompt(templates.memory.summaryInMemory, { summary: state!.summary! }) });
    summaryPlaced = true;
  };
  const actionIndexes = steps.flatMap((step, index) => (step.type === 'action' ? [index] : []));
  const firstWithImages = options.imageSteps === undefined ? 0 : options.imageSteps === 0 ? steps.length : (actionIndexes.at(-options.imageSteps) ?? 0);
  const imagesFrom = Math.max(firstWithImages, state?.imagesDroppedUntil ?? 0, state?.shortenedUntil ?? 0);
  steps.forEach((step, index) => {
    const pinned = step.type === 'task' || index === latestPlan;
    const folded = state !== undefined && index < state.foldedUntil && !pinned;
    if (folded || (state && index >= state.foldedUntil)) placeSummary();
    if (folded) return;
    switch (step.type) {
      case 'task':
        messages.push(taskMessage(step.task, templates, step.images));
        break;
      case 'planning':
        if (options.plans) messages.push(...planningMessages(step, templates));
        break;
      case 'action':
        messages.push(...actionMessages(smaller(index < imagesFrom ? withoutImages(step) : step, index, options), templates));
        break;
      case 'final_answer':
      case 'compaction':
        break;
    }
  });
  placeSummary();
  return messages;
}

function smaller(step: ActionStep, index: number, options: ViewOptions): ActionStep {
  const shorten = options.state && index < options.state.shortenedUntil ? options.shorten : undefined;
  const reduce = shorten ?? options.cap;
  return reduce ? shortenStep(step, reduce) : step;
}

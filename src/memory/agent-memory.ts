import { toImagePart } from '../models/images.js';
import type { ChatMessage, ImagePart, TokenUsage } from '../models/model.js';
import { alternateRoles } from './alternate-roles.js';
import type { Summarize } from './compaction.js';
import { latestState, type FitResult, type MemoryBudget, type MemoryContext, type MemoryRequest } from './memory-budget.js';
import { viewMessages } from './memory-view.js';
import type { MemoryTemplates } from './step-messages.js';
import type { ActionStep, CompactionStep, MemoryStep } from './steps.js';
import { sumTokenUsage } from './token-usage.js';

export { sumTokenUsage } from './token-usage.js';

/**
 * Bumped whenever the serialized shape of memory changes incompatibly. 2 added compaction steps
 * (the running summary); 3 added images (task images, observation images, the drop_images move).
 * Memory saved as 1 or 2 has none of these and loads as it is.
 */
export const MEMORY_SCHEMA_VERSION = 3;
const READABLE_SCHEMA_VERSIONS = [1, 2, 3];

export interface SerializedMemory {
  schemaVersion: number;
  systemPrompt: string;
  steps: MemoryStep[];
}

export interface ToMessagesOptions {
  /** Leaves out the system prompt and earlier plans: used when asking for an updated plan. */
  summaryMode?: boolean | undefined;
}

/** The agent's memory: the system prompt and every step of the runs since the last reset. */
export class AgentMemory {
  systemPrompt = '';
  steps: MemoryStep[] = [];
  /** Set by the agent's `maxTokensMemory`: requests are then compacted to fit. */
  budget?: MemoryBudget | undefined;
  /** Set by the agent's `observationImageSteps`: only the newest this many action steps are sent with their images. */
  imageSteps?: number | undefined;

  constructor(private readonly templates: MemoryTemplates) {}

  reset(): void {
    this.steps = [];
  }

  get actionSteps(): ActionStep[] {
    return this.steps.filter((step): step is ActionStep => step.type === 'action');
  }

  /** What the budget checks and compacts. */
  get context(): MemoryContext {
    return { steps: this.steps, systemPrompt: this.systemPrompt, templates: this.templates, ...(this.imageSteps !== undefined ? { imageSteps: this.imageSteps } : {}) };
  }

  /** The newest compaction: the running summary and how older steps are sent. */
  get compaction(): CompactionStep | undefined {
    return latestState(this.steps);
  }

  /** Every step as the model would read it with no budget (compaction moves ignored). */
  toMessages(options: ToMessagesOptions = {}): ChatMessage[] {
    return alternateRoles(viewMessages(this.steps, { ...this.viewOptions, systemPrompt: options.summaryMode ? undefined : this.systemPrompt, plans: !options.summaryMode }));
  }

  /**
   * The messages of one model request. Without a budget: the framing around every step. With one:
   * within `maxTokensMemory`, after a compaction move when needed; the move is appended to `steps`
   * (and returned, for the loop's event), and `summarize` is the model call a fold makes.
   */
  async messagesFor(request: MemoryRequest, summarize: Summarize, signal?: AbortSignal): Promise<FitResult> {
    if (!this.budget) {
      const steps = viewMessages(this.steps, { ...this.viewOptions, systemPrompt: request.systemPrompt === false ? undefined : this.systemPrompt, plans: request.plans !== false });
      return { messages: alternateRoles([...(request.before ?? []), ...steps, ...(request.after ?? [])]) };
    }
    const result = await this.budget.fit(this.context, request, summarize, signal);
    if (result.compaction) this.steps.push(result.compaction);
    return result;
  }

  private get viewOptions() {
    return { templates: this.templates, ...(this.imageSteps !== undefined ? { imageSteps: this.imageSteps } : {}) };
  }

  /** Total tokens over all steps that reported usage, compaction calls included. */
  get tokenUsage(): TokenUsage {
    return sumTokenUsage(this.steps);
  }

  /** A JSON-safe copy: provider `raw` payloads are dropped (they can be large or circular), images are kept as base64 or URLs. */
  toJSON(): SerializedMemory {
    return { schemaVersion: MEMORY_SCHEMA_VERSION, systemPrompt: this.systemPrompt, steps: JSON.parse(JSON.stringify(this.steps, serializable)) };
  }

  /** Restores memory saved with `toJSON()`, e.g. to continue a conversation in a new process. */
  load(serialized: SerializedMemory): void {
    if (!READABLE_SCHEMA_VERSIONS.includes(serialized?.schemaVersion)) {
      throw new Error(
        `Cannot load agent memory with schemaVersion ${String(serialized?.schemaVersion)}: this version of smolagents-ts reads schemaVersion ${READABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_SCHEMA_VERSIONS.at(-1)}.`,
      );
    }
    if (!Array.isArray(serialized.steps)) throw new Error('Cannot load agent memory: "steps" is not an array.');
    serialized.steps.forEach((step, index) => {
      if (step?.type === 'task') checkImages(step.images, index, 'images');
      if (step?.type === 'action') checkImages(step.observationImages, index, 'observationImages');
      if (step?.type !== 'compaction') return;
      const valid = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= index;
      if (
        !valid(step.foldedUntil) ||
        !valid(step.shortenedUntil) ||
        (step.imagesDroppedUntil !== undefined && !valid(step.imagesDroppedUntil)) ||
        (step.summary !== undefined && typeof step.summary !== 'string')
      ) {
        throw new Error(`Cannot load agent memory: the compaction step at index ${index} is malformed.`);
      }
    });
    this.systemPrompt = serialized.systemPrompt;
    this.steps = serialized.steps;
  }
}

/**
 * Drops `raw`; exact integers from Python become their digits; image bytes (a Uint8Array or Buffer a
 * step callback may have put in) become base64 with their media type.
 */
function serializable(this: unknown, key: string, value: unknown): unknown {
  if (key === 'raw') return undefined;
  if (typeof value === 'bigint') return value.toString();
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Uint8Array && (this as { type?: unknown }).type === 'image' && key === 'image') {
    return toImagePart(original).image;
  }
  if (original instanceof URL) return original.href;
  return value;
}

/** Images in loaded memory are checked like images given to a run: a malformed one is refused now, not at the next request. */
function checkImages(images: unknown, index: number, field: string): void {
  if (images === undefined) return;
  if (!Array.isArray(images)) throw new Error(`Cannot load agent memory: '${field}' of the step at index ${index} is not an array.`);
  for (const image of images as ImagePart[]) {
    try {
      if (typeof image?.image !== 'string') throw new TypeError('an image must be base64 or a URL string');
      toImagePart(image);
    } catch (error) {
      throw new Error(`Cannot load agent memory: an image in '${field}' of the step at index ${index} is malformed (${(error as Error).message}).`);
    }
  }
}

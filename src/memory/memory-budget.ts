import type { ChatMessage, ImagePart, ToolDefinition } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import { alternateRoles } from './alternate-roles.js';
import { foldIntoSummary, summarizerFraming, type Summarize } from './compaction.js';
import { viewMessages, type CompactionState } from './memory-view.js';
import { shortenText, withoutImages } from './shorten.js';
import { actionMessages, taskMessage, type MemoryTemplates } from './step-messages.js';
import type { CompactionStep, MemoryStep } from './steps.js';
import { countRequestTokens, tokenCounterFor, type TokenCounter } from './token-counter.js';

/**
 * Compaction starts when a request would pass 80% of the budget and brings it down to 40%: one
 * large move, after which the next steps only append (a provider's prefix cache keeps hitting), and
 * 20% stays free for a step that comes back larger than usual, for the framing of planning and
 * final-answer requests, and for the error of the estimate on non-OpenAI models.
 */
export const COMPACT_AT = 0.8;
export const COMPACT_TO = 0.4;

/** One model request built from memory. */
export interface MemoryRequest {
  /** Framing around the memory (planning updates, the final answer from memory). */
  before?: ChatMessage[] | undefined;
  after?: ChatMessage[] | undefined;
  /** false leaves out the system prompt (the framing brings its own). Default true. */
  systemPrompt?: boolean | undefined;
  /** false leaves out the plans. Default true. */
  plans?: boolean | undefined;
  /** Tool definitions sent with the request: they count against the budget too. */
  tools?: ToolDefinition[] | undefined;
}

export interface MemoryContext {
  steps: readonly MemoryStep[];
  systemPrompt: string;
  templates: MemoryTemplates;
  /** The agent's `observationImageSteps`: only the newest this many action steps are sent with their images. */
  imageSteps?: number | undefined;
}

export interface FitResult {
  messages: ChatMessage[];
  /** The move made to fit, to be appended to memory. */
  compaction?: CompactionStep | undefined;
}

/**
 * `maxTokensMemory`: every request built from memory stays within `maxTokens`, counted with the
 * model's tokenizer (OpenAI family) or a calibrated estimate, images by their size. Compaction works
 * on what is sent, never on the steps themselves: older steps' images are dropped first, then older
 * observations are shortened (no model call), then older steps are folded into a running summary
 * written by the model (one call). No text is cut while a step but the newest still sends images.
 * Tasks (with their images) and the latest plan are never folded; the newest step always stays whole.
 */
export class MemoryBudget {
  readonly maxTokens: number;
  private counter?: Promise<TokenCounter> | undefined;

  constructor(
    maxTokens: number,
    private readonly options: { modelId: string; tokenCounter?: TokenCounter | undefined },
  ) {
    if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RangeError(`maxTokensMemory must be a positive integer (a number of tokens), got ${String(maxTokens)}.`);
    this.maxTokens = maxTokens;
  }

  /** The counter in use: loading OpenAI's tokenizer is deferred to the first run. */
  tokenCounter(): Promise<TokenCounter> {
    this.counter ??= this.options.tokenCounter ? Promise.resolve(this.options.tokenCounter) : tokenCounterFor(this.options.modelId);
    return this.counter;
  }

  /** Older observations are shortened to this many tokens. */
  get shortTokens(): number {
    return clamp(Math.floor(this.maxTokens / 100), 32, 256);
  }

  /** The longest summary kept. */
  get summaryTokens(): number {
    return clamp(Math.floor(this.maxTokens / 10), 64, 2_048);
  }

  /**
   * Checked at the start of every run, before any model call (the task is known only then, and the
   * tokenizer loads lazily): the system prompt and the tasks must leave at least half of the budget.
   */
  async checkRoom(context: MemoryContext, task: string, tools?: ToolDefinition[], images?: readonly ImagePart[]): Promise<void> {
    const counter = await this.tokenCounter();
    const tasks = [...context.steps.flatMap((step) => (step.type === 'task' ? [taskMessage(step.task, context.templates, step.images)] : [])), taskMessage(task, context.templates, images)];
    const system = countRequestTokens(counter, [{ role: 'system', content: context.systemPrompt }], tools);
    const pinned = countRequestTokens(counter, [{ role: 'system', content: context.systemPrompt }, ...tasks], tools);
    if (pinned * 2 <= this.maxTokens) return;
    const what = tools?.length ? 'the system prompt and tool definitions' : 'the system prompt';
    const tasksWhat = context.steps.some((step) => step.type === 'task' && step.images?.length) || images?.length ? 'the tasks with their images' : 'the task';
    throw new RangeError(
      `maxTokensMemory is ${this.maxTokens.toLocaleString('en-US')} tokens, but ${what} (${system.toLocaleString('en-US')} tokens) and ${tasksWhat} take ${pinned.toLocaleString('en-US')} ` +
        `(counted with ${counter.name}), and at least half must stay free for the steps: use maxTokensMemory ${(pinned * 2).toLocaleString('en-US')} or more.`,
    );
  }

  /** The messages of one request, within the budget: compacts first when the request would pass COMPACT_AT. */
  async fit(context: MemoryContext, request: MemoryRequest, summarize: Summarize, signal?: AbortSignal): Promise<FitResult> {
    const counter = await this.tokenCounter();
    const state = latestState(context.steps);
    const render = (view: CompactionState | undefined) => this.render(context, request, view, counter);
    const measure = (view: CompactionState | undefined) => countRequestTokens(counter, render(view), request.tools);
    const tokensBefore = measure(state);
    if (tokensBefore <= this.maxTokens * COMPACT_AT) return { messages: render(state) };

    const startTime = Date.now();
    const plan = this.plan(context, state, measure, counter);
    if (!plan) return this.withinBudget(render(state), tokensBefore);
    const { move, foldedUntil, shortenedUntil, imagesDroppedUntil } = plan;
    const placement = { foldedUntil, shortenedUntil, ...(imagesDroppedUntil ? { imagesDroppedUntil } : {}) };
    let compaction: CompactionStep;
    if (move !== 'fold') {
      compaction = { type: 'compaction', move, ...(state?.summary ? { summary: state.summary } : {}), ...placement, tokensBefore, tokensAfter: 0, timing: { startTime } };
    } else {
      signal?.throwIfAborted();
      const folded = await foldIntoSummary({ ...context, counter, maxTokens: this.maxTokens, summaryTokens: this.summaryTokens, state, until: foldedUntil, summarize });
      compaction = {
        type: 'compaction',
        move: 'fold',
        summary: folded.summary,
        ...placement,
        tokensBefore,
        tokensAfter: 0,
        modelInputMessages: folded.input,
        modelOutputMessage: folded.reply,
        timing: { startTime },
        ...(folded.reply.tokenUsage ? { tokenUsage: folded.reply.tokenUsage } : {}),
      };
    }
    compaction.tokensAfter = measure(compaction);
    const endTime = Date.now();
    compaction.timing = { startTime, endTime, duration: endTime - startTime };
    return { ...this.withinBudget(render(compaction), compaction.tokensAfter), compaction };
  }

  private withinBudget(messages: ChatMessage[], tokens: number): FitResult {
    if (tokens > this.maxTokens) {
      // Only the newest step's own reply can be this large: everything else can be shortened.
      throw new RangeError(`The next model request needs ${tokens.toLocaleString('en-US')} tokens even after compaction, more than maxTokensMemory (${this.maxTokens.toLocaleString('en-US')}).`);
    }
    return { messages };
  }

  /**
   * The move, in the order of preference: drop older steps' images, keeping the images of as many
   * newest steps as the target allows; else (every image but the newest step's dropped) shorten
   * older observations, keeping as many newest steps whole as the target allows, as long as a later
   * fold can still read every shortened step whole; otherwise fold everything but the newest steps
   * that fit. Undefined when nothing can go.
   */
  private plan(
    context: MemoryContext,
    state: CompactionState | undefined,
    measure: (view: CompactionState) => number,
    counter: TokenCounter,
  ): (Required<Pick<CompactionState, 'foldedUntil' | 'shortenedUntil'>> & { move: CompactionStep['move']; imagesDroppedUntil?: number }) | undefined {
    const target = this.maxTokens * COMPACT_TO;
    const foldedUntil = state?.foldedUntil ?? 0;
    const shortenedUntil = state?.shortenedUntil ?? 0;
    const imagesDroppedUntil = state?.imagesDroppedUntil ?? 0;
    const summary = state?.summary ? { summary: state.summary } : {};
    const actions = context.steps.flatMap((step, index) => (step.type === 'action' && index >= foldedUntil ? [index] : []));
    if (actions.length < 2) return undefined;

    for (let keep = actions.length - 1; keep >= 1; keep--) {
      const until = actions[actions.length - keep]!;
      const from = Math.max(imagesDroppedUntil, shortenedUntil);
      if (until <= from || !hasObservationImages(context.steps, from, until)) continue;
      const view = { ...summary, foldedUntil, shortenedUntil, imagesDroppedUntil: until };
      if (measure(view) <= target) return { move: 'drop_images', ...view };
    }
    // Text is cut only once no step but the newest is sent with images.
    const allImages = Math.max(imagesDroppedUntil, actions.at(-1)!);
    const images = hasObservationImages(context.steps, 0, allImages) ? { imagesDroppedUntil: allImages } : {};

    const capacity = this.maxTokens - summarizerFraming(context, counter, state?.summary);
    let pendingOriginals = 0;
    let counted = foldedUntil;
    for (let keep = actions.length - 1; keep >= 1; keep--) {
      const until = actions[actions.length - keep]!;
      for (; counted < until; counted++) {
        const step = context.steps[counted]!;
        // A fold reads the steps as text: their images do not count.
        if (step.type === 'action') pendingOriginals += countRequestTokens(counter, actionMessages(withoutImages(step), context.templates));
      }
      if (pendingOriginals > capacity) break;
      if (until <= shortenedUntil) continue;
      const view = { ...summary, foldedUntil, shortenedUntil: until, ...images };
      if (measure(view) <= target) return { move: 'shorten', ...view };
    }

    const placeholder = ' x'.repeat(this.summaryTokens);
    for (let keep = actions.length - 1; keep >= 1; keep--) {
      const until = actions[actions.length - keep]!;
      const view = { summary: placeholder, foldedUntil: until, shortenedUntil: Math.max(shortenedUntil, until), ...images };
      if (measure(view) <= target || keep === 1) return { move: 'fold', foldedUntil: view.foldedUntil, shortenedUntil: view.shortenedUntil, ...images };
    }
    return undefined;
  }

  private render(context: MemoryContext, request: MemoryRequest, state: CompactionState | undefined, counter: TokenCounter): ChatMessage[] {
    const note = (count: number) => renderPrompt(context.templates.memory.shortened, { count });
    // The cap depends only on the budget and the system prompt, so a capped output reads the same at every step.
    const cap = Math.max(this.shortTokens, Math.floor((this.maxTokens * COMPACT_AT - counter.countText(context.systemPrompt)) / 2));
    return alternateRoles([
      ...(request.before ?? []),
      ...viewMessages(context.steps, {
        templates: context.templates,
        systemPrompt: request.systemPrompt === false ? undefined : context.systemPrompt,
        plans: request.plans !== false,
        state,
        shorten: (text) => shortenText(text, this.shortTokens, counter, note),
        cap: (text) => shortenText(text, cap, counter, note),
        ...(context.imageSteps !== undefined ? { imageSteps: context.imageSteps } : {}),
      }),
      ...(request.after ?? []),
    ]);
  }
}

/** How memory is sent now: the newest compaction step's decisions. */
export function latestState(steps: readonly MemoryStep[]): CompactionStep | undefined {
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index]!;
    if (step.type === 'compaction') return step;
  }
  return undefined;
}

function hasObservationImages(steps: readonly MemoryStep[], from: number, until: number): boolean {
  return steps.slice(from, until).some((step) => step.type === 'action' && (step.observationImages?.length ?? 0) > 0);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

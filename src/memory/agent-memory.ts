import type { ChatMessage, TokenUsage } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import type { ActionStep, MemoryStep, PlanningStep } from './steps.js';

/** Bumped whenever the serialized shape of memory changes incompatibly. */
export const MEMORY_SCHEMA_VERSION = 1;

export interface SerializedMemory {
  schemaVersion: number;
  systemPrompt: string;
  steps: MemoryStep[];
}

type MemoryTemplates = Pick<AgentPromptTemplates, 'task' | 'observation' | 'error' | 'planning'>;

export interface ToMessagesOptions {
  /** Leaves out the system prompt and earlier plans: used when asking for an updated plan. */
  summaryMode?: boolean;
}

/** The agent's memory: the system prompt and every step of the runs since the last reset. */
export class AgentMemory {
  systemPrompt = '';
  steps: MemoryStep[] = [];

  constructor(private readonly templates: MemoryTemplates) {}

  reset(): void {
    this.steps = [];
  }

  get actionSteps(): ActionStep[] {
    return this.steps.filter((step): step is ActionStep => step.type === 'action');
  }

  /** The conversation the model reads at the next step. */
  toMessages(options: ToMessagesOptions = {}): ChatMessage[] {
    const messages: ChatMessage[] = [];
    if (!options.summaryMode && this.systemPrompt) messages.push({ role: 'system', content: this.systemPrompt });
    for (const step of this.steps) {
      switch (step.type) {
        case 'task':
          messages.push({ role: 'user', content: renderPrompt(this.templates.task, { task: step.task }) });
          break;
        case 'planning':
          if (!options.summaryMode) messages.push(...planningMessages(step, this.templates));
          break;
        case 'action':
          messages.push(...actionMessages(step, this.templates));
          break;
        case 'final_answer':
          break;
      }
    }
    return messages;
  }

  /** Total tokens over all steps that reported usage. */
  get tokenUsage(): TokenUsage {
    return sumTokenUsage(this.steps);
  }

  /** A JSON-safe copy: provider `raw` payloads are dropped (they can be large or circular). */
  toJSON(): SerializedMemory {
    return { schemaVersion: MEMORY_SCHEMA_VERSION, systemPrompt: this.systemPrompt, steps: JSON.parse(JSON.stringify(this.steps, dropRaw)) };
  }

  /** Restores memory saved with `toJSON()`, e.g. to continue a conversation in a new process. */
  load(serialized: SerializedMemory): void {
    if (serialized?.schemaVersion !== MEMORY_SCHEMA_VERSION) {
      throw new Error(
        `Cannot load agent memory with schemaVersion ${String(serialized?.schemaVersion)}: this version of smolagents-ts reads schemaVersion ${MEMORY_SCHEMA_VERSION}.`,
      );
    }
    if (!Array.isArray(serialized.steps)) throw new Error('Cannot load agent memory: "steps" is not an array.');
    this.systemPrompt = serialized.systemPrompt;
    this.steps = serialized.steps;
  }
}

/** Adds up the token usage of the steps that reported it. */
export function sumTokenUsage(steps: readonly MemoryStep[]): TokenUsage {
  const total: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  for (const step of steps) {
    if ((step.type === 'action' || step.type === 'planning') && step.tokenUsage) {
      total.inputTokens += step.tokenUsage.inputTokens;
      total.outputTokens += step.tokenUsage.outputTokens;
    }
  }
  return total;
}

function dropRaw(key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString(); // exact integers from Python, as their digits
  return key === 'raw' ? undefined : value;
}

function planningMessages(step: PlanningStep, templates: MemoryTemplates): ChatMessage[] {
  return [{ role: 'assistant', content: renderPrompt(templates.planning.planInMemory, { plan: step.plan }) }];
}

function actionMessages(step: ActionStep, templates: MemoryTemplates): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (step.toolCalls && step.toolCalls.length > 0) {
    // Native tool calling: every call must be answered by a tool message carrying its id.
    messages.push({
      role: 'assistant',
      content: step.modelOutput ?? '',
      toolCalls: step.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
    });
    for (const call of step.toolCalls) {
      const content = call.error
        ? renderPrompt(templates.error, { error: call.error.message })
        : renderPrompt(templates.observation, { observation: call.observation ?? '' });
      messages.push({ role: 'tool', toolCallId: call.id, content });
    }
    if (step.error && step.toolCalls.every((call) => !call.error)) {
      messages.push({ role: 'user', content: renderPrompt(templates.error, { error: step.error.message }) });
    }
    return messages;
  }
  if (step.modelOutput !== undefined) messages.push({ role: 'assistant', content: step.modelOutput });
  if (step.observations) {
    messages.push({ role: 'user', content: renderPrompt(templates.observation, { observation: step.observations }) });
  }
  if (step.error) messages.push({ role: 'user', content: renderPrompt(templates.error, { error: step.error.message }) });
  return messages;
}

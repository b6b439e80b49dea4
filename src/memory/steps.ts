import type { ChatMessage, TokenUsage, ToolCall } from '../models/model.js';

export interface Timing {
  /** Epoch milliseconds. */
  startTime: number;
  endTime?: number | undefined;
  /** Milliseconds. */
  duration?: number | undefined;
}

/** An error the run recovered from, kept as data: it is shown to the model in the next step. */
export interface StepError {
  /** The AgentError subclass name, e.g. "AgentExecutionError". */
  type: string;
  message: string;
}

export interface TaskStep {
  type: 'task';
  task: string;
}

export interface PlanningStep {
  type: 'planning';
  plan: string;
  modelInputMessages: ChatMessage[];
  modelOutputMessage: ChatMessage;
  timing: Timing;
  tokenUsage?: TokenUsage | undefined;
}

/** A tool call made in a tool-calling step, with what it returned. */
export interface ToolCallRecord extends ToolCall {
  observation?: string | undefined;
  error?: StepError | undefined;
  timing?: Timing | undefined;
}

export interface ActionStep {
  type: 'action';
  stepNumber: number;
  timing: Timing;
  modelInputMessages?: ChatMessage[] | undefined;
  modelOutputMessage?: ChatMessage | undefined;
  /** The model's raw text reply. */
  modelOutput?: string | undefined;
  /** The code that ran (code agent). */
  codeAction?: string | undefined;
  /** The tool calls made (tool-calling agent). */
  toolCalls?: ToolCallRecord[] | undefined;
  /** What the model gets to read next step: printed logs, tool results. */
  observations?: string | undefined;
  error?: StepError | undefined;
  /** The action's value: the final answer when `isFinalAnswer`. */
  actionOutput?: unknown | undefined;
  isFinalAnswer: boolean;
  tokenUsage?: TokenUsage | undefined;
}

export interface FinalAnswerStep {
  type: 'final_answer';
  output: unknown;
}

/**
 * A move that keeps what the model is sent within `maxTokensMemory`. Steps before it stay in memory
 * untouched; the newest compaction step says how the model sees them from now on.
 */
export interface CompactionStep {
  type: 'compaction';
  /** `shorten`: older observations are sent shortened; `fold`: older steps were folded into `summary` by a model call. */
  move: 'shorten' | 'fold';
  /** The running summary of every folded step, in the model's words (carried over by `shorten` moves). */
  summary?: string | undefined;
  /** Steps at `memory.steps` indexes below this, but tasks and the latest plan, are sent as the summary. */
  foldedUntil: number;
  /** Action steps at indexes below this (and not folded) are sent with shortened observations. */
  shortenedUntil: number;
  /** Tokens of the request that set off the move, and of the same request after it. */
  tokensBefore: number;
  tokensAfter: number;
  /** The compaction call (fold moves). */
  modelInputMessages?: ChatMessage[] | undefined;
  modelOutputMessage?: ChatMessage | undefined;
  timing: Timing;
  tokenUsage?: TokenUsage | undefined;
}

export type MemoryStep = TaskStep | PlanningStep | ActionStep | FinalAnswerStep | CompactionStep;

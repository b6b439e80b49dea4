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

export type MemoryStep = TaskStep | PlanningStep | ActionStep | FinalAnswerStep;

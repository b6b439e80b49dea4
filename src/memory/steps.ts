import type { ChatMessage, TokenUsage, ToolCall } from '../models/model.js';

export interface Timing {
  /** Epoch milliseconds. */
  startTime: number;
  endTime?: number;
  /** Milliseconds. */
  duration?: number;
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
  tokenUsage?: TokenUsage;
}

/** A tool call made in a tool-calling step, with what it returned. */
export interface ToolCallRecord extends ToolCall {
  observation?: string;
  error?: StepError;
  timing?: Timing;
}

export interface ActionStep {
  type: 'action';
  stepNumber: number;
  timing: Timing;
  modelInputMessages?: ChatMessage[];
  modelOutputMessage?: ChatMessage;
  /** The model's raw text reply. */
  modelOutput?: string;
  /** The code that ran (code agent). */
  codeAction?: string;
  /** The tool calls made (tool-calling agent). */
  toolCalls?: ToolCallRecord[];
  /** What the model gets to read next step: printed logs, tool results. */
  observations?: string;
  error?: StepError;
  /** The action's value: the final answer when `isFinalAnswer`. */
  actionOutput?: unknown;
  isFinalAnswer: boolean;
  tokenUsage?: TokenUsage;
}

export interface FinalAnswerStep {
  type: 'final_answer';
  output: unknown;
}

export type MemoryStep = TaskStep | PlanningStep | ActionStep | FinalAnswerStep;

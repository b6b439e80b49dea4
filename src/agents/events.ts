import type { ChatMessage, ChatMessageStreamDelta, GenerateOptions, ModelReply, ToolCall } from '../models/model.js';
import type { ActionStep, CompactionStep, PlanningStep, Timing } from '../memory/steps.js';

/**
 * What `agent.stream()` yields. The loop only emits these; the CLI and the logger render them.
 * `stepNumber` is 1-based and matches ActionStep.stepNumber. A `model_request` or `model_output`
 * whose step has not started yet belongs to a plan (planning runs before its step).
 * `tool_call` / `tool_result` come from tool-calling steps and from tools called by code actions.
 */
export type AgentEvent =
  | { type: 'run_start'; task: string; agentName: string }
  | { type: 'step_start'; stepNumber: number }
  | { type: 'model_request'; stepNumber: number; messages: ChatMessage[]; options: Omit<GenerateOptions, 'signal'> }
  | { type: 'model_delta'; stepNumber: number; delta: ChatMessageStreamDelta }
  | { type: 'model_output'; stepNumber: number; message: ModelReply }
  | { type: 'code_action'; stepNumber: number; code: string }
  | { type: 'tool_call'; stepNumber: number; toolCall: ToolCall }
  | { type: 'tool_result'; stepNumber: number; toolCallId: string; name: string; observation: string; isError: boolean; timing?: Timing | undefined }
  | { type: 'observation'; stepNumber: number; observation: string }
  | { type: 'step_end'; step: ActionStep }
  | { type: 'plan'; step: PlanningStep }
  /** Memory was compacted to keep the next request within `maxTokensMemory`. */
  | { type: 'memory_compaction'; step: CompactionStep }
  | { type: 'final_answer'; output: unknown }
  | { type: 'error'; error: Error; stepNumber?: number | undefined };

export type AgentEventType = AgentEvent['type'];

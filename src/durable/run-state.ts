/**
 * What a durable run saves (docs/durable-runs.md): plain JSON, so that it can cross processes and
 * machines. Memory is the agent's own serialization; the tool-call log is what replay answers from.
 */
import type { RunResult } from '../agents/run-result.js';
import type { SerializedMemory } from '../memory/agent-memory.js';
import type { ModelReply } from '../models/model.js';
import type { CheckpointStore } from './checkpoint-store.js';

/** Bumped whenever the saved shape changes incompatibly. */
export const RUN_STATE_VERSION = 1;

/** One tool call, made from a code action or a tool-calling step, in the order the calls started. */
export interface ToolCallEntry {
  stepNumber: number;
  /** Position among the step's calls, from 1. */
  index: number;
  tool: string;
  args: unknown;
  /** Set when the call returned: its result as JSON. */
  result?: unknown;
  /** Set when the call failed (or was rejected): the message the caller saw. */
  error?: string | undefined;
  /** False while the call runs: a call in flight at a crash is made again on resume. */
  done: boolean;
}

/** A call waiting for a person's decision. */
export interface PendingApproval {
  /** Unique in the run: `s<step>c<index>`. */
  id: string;
  tool: string;
  args: unknown;
}

export type ApprovalDecision = { approved: true } | { approved: false; reason?: string | undefined };

export interface RunState {
  version: number;
  runId: string;
  task: string;
  status: 'running' | 'awaiting_approval' | 'done';
  additionalArgs?: Record<string, unknown> | undefined;
  maxSteps?: number | undefined;
  memory: SerializedMemory;
  toolCalls: ToolCallEntry[];
  /** The action step under way (its model reply), when the run stopped inside one. */
  current?: { stepNumber: number; reply: ModelReply } | undefined;
  pending: PendingApproval[];
  /** Decisions by call id; kept so that a replay of the same call after a crash keeps its decision. */
  decisions: Record<string, ApprovalDecision>;
  /** The final answer, once `status` is done. */
  output?: unknown;
  updatedAt: string;
}

/** What a durable run resolves to. */
export type DurableOutcome<Output = unknown> =
  | { state: 'done'; output: Output; runState: RunState; /** Absent when the saved run was done already. */ result?: RunResult<Output> | undefined }
  | { state: 'awaiting_approval'; pending: PendingApproval[]; runState: RunState };

/** Where `resume()` finds the run: its saved state, or a store and the run's id. */
export type ResumeSource = RunState | { store: CheckpointStore; runId: string };

export interface ResumeOptions {
  /** Ids of pending calls to run. */
  approve?: readonly string[] | undefined;
  /** Pending calls refused: the code (or the model) gets an error with the reason. */
  reject?: ReadonlyArray<{ id: string; reason?: string | undefined }> | undefined;
  signal?: AbortSignal | undefined;
  /** Where to go on saving; defaults to the store the run came from, if any. */
  checkpoint?: CheckpointStore | undefined;
}

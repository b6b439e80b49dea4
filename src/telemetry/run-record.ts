/**
 * The run record (`--record FILE`): one JSON object per line, the audit log of a run. The first
 * line names the format and its version; every other line is one agent event with the time it
 * happened and the run it belongs to, between a `run_start` (which also describes the agent) and a
 * `run_end` (the result, or the error the run ended with). Model deltas are left out (the full
 * reply follows as `model_output`), and so are the copies of model input and output inside
 * `step_end` and `plan` (the `model_request` and `model_output` lines hold them).
 */
import type { AgentEvent } from '../agents/events.js';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import type { RunOutcome } from '../agents/run-observer.js';
import type { CodeLanguage } from '../executors/executor.js';
import type { TokenUsage } from '../models/model.js';
import type { ActionStep, CompactionStep, PlanningStep, Timing } from '../memory/steps.js';

export const RUN_RECORD_FORMAT = 'smolagents-run-record';
/** Bumped whenever a line changes shape incompatibly; `smolagent replay` reads this version only. */
export const RUN_RECORD_VERSION = 1;

/** A run record that cannot be written, read or understood; the message says which file and why. */
export class RunRecordError extends Error {
  override readonly name = 'RunRecordError';
}

export interface RunRecordHeader {
  format: typeof RUN_RECORD_FORMAT;
  version: number;
  createdAt: string;
}

/** What `run_start` adds about the agent, so that a replay needs nothing but the file. */
export interface RecordedAgent {
  type: string;
  modelId: string;
  tools: string[];
  language?: CodeLanguage | undefined;
}

/** Fields every line but the header has. */
export interface RecordLineBase {
  /** Epoch milliseconds when the event happened. */
  time: number;
  /** Which run of the file the line belongs to (1, 2, …): concurrent runs may interleave. */
  run: number;
}

export interface RecordedError {
  name: string;
  message: string;
}

export type RunEndLine =
  | { type: 'run_end'; state: 'success' | 'max_steps_error'; output: unknown; tokenUsage: TokenUsage; timing: Timing }
  | { type: 'run_end'; error: RecordedError };

type WithoutModelMessages<Step> = Omit<Step, 'modelInputMessages' | 'modelOutputMessage'>;

/**
 * A line of a run record as read back: the event's own fields, but steps without their model
 * messages (those are in the \`model_request\` / \`model_output\` lines) and errors as plain data.
 * Written out here rather than inferred from the reader's schema, so that the published types do not
 * depend on the zod version of the application.
 */
export type RecordLine = RecordLineBase &
  (
    | Exclude<AgentEvent, { type: 'run_start' | 'step_end' | 'plan' | 'memory_compaction' | 'error' | 'model_delta' }>
    | { type: 'run_start'; task: string; agentName: string; agent: RecordedAgent }
    | { type: 'step_end'; step: WithoutModelMessages<ActionStep> }
    | { type: 'plan'; step: WithoutModelMessages<PlanningStep> }
    | { type: 'memory_compaction'; step: WithoutModelMessages<CompactionStep> }
    | { type: 'error'; stepNumber?: number | undefined; error: RecordedError }
    // Either the result's fields or `error`: read back as one shape, each field checked where used.
    | {
        type: 'run_end';
        state?: 'success' | 'max_steps_error' | undefined;
        output?: unknown;
        tokenUsage?: TokenUsage | undefined;
        timing?: Timing | undefined;
        error?: RecordedError | undefined;
      }
  );

export function describeAgent(agent: MultiStepAgent): RecordedAgent {
  const language = (agent as { language?: CodeLanguage }).language;
  return { type: agent.constructor.name, modelId: agent.model.modelId, tools: Object.keys(agent.tools), ...(language ? { language } : {}) };
}

export function headerLine(): string {
  const header: RunRecordHeader = { format: RUN_RECORD_FORMAT, version: RUN_RECORD_VERSION, createdAt: new Date().toISOString() };
  return `${JSON.stringify(header)}\n`;
}

/** The event as a record line, or undefined for events the record leaves out (model deltas). */
export function eventLine(event: AgentEvent, base: RecordLineBase, agent: MultiStepAgent): string | undefined {
  switch (event.type) {
    case 'model_delta':
      return undefined;
    case 'run_start':
      return line({ ...base, ...event, agent: describeAgent(agent) });
    case 'step_end': {
      const { modelInputMessages: _input, modelOutputMessage: _output, ...step } = event.step;
      return line({ ...base, type: event.type, step });
    }
    case 'plan':
    case 'memory_compaction': {
      const { modelInputMessages: _input, modelOutputMessage: _output, ...step } = event.step;
      return line({ ...base, type: event.type, step });
    }
    case 'error':
      return line({ ...base, type: event.type, stepNumber: event.stepNumber, error: recordedError(event.error) });
    default:
      return line({ ...base, ...event });
  }
}

export function runEndLine(outcome: RunOutcome, base: RecordLineBase): string {
  const end: RunEndLine =
    'result' in outcome
      ? { type: 'run_end', state: outcome.result.state, output: outcome.result.output, tokenUsage: outcome.result.tokenUsage, timing: outcome.result.timing }
      : { type: 'run_end', error: recordedError(outcome.error) };
  return line({ ...base, ...end });
}

export function recordedError(error: unknown): RecordedError {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

/** One JSON line. Provider `raw` payloads are dropped; errors, bigints and cycles become plain data. */
function line(value: object): string {
  try {
    return `${JSON.stringify(value, replacer())}\n`;
  } catch {
    return `${JSON.stringify(value, replacer(new WeakSet()))}\n`;
  }
}

function replacer(seen?: WeakSet<object>) {
  return (key: string, value: unknown): unknown => {
    if (key === 'raw') return undefined;
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return recordedError(value);
    if (seen && typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  };
}

/**
 * The run record (`--record FILE`): one JSON object per line, the audit log of a run. The first
 * line names the format and its version; every other line is one agent event with the time it
 * happened and the run it belongs to, between a `run_start` (which also describes the agent) and a
 * `run_end` (the result, or the error the run ended with). Model deltas are left out (the full
 * reply follows as `model_output`), and so are the copies of model input and output inside
 * `step_end` and `plan` (the `model_request` and `model_output` lines hold them). Images are kept
 * as what identifies them (see `RecordedImage`), not as their data.
 */
import { createHash } from 'node:crypto';
import type { AgentEvent } from '../agents/events.js';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import type { RunOutcome } from '../agents/run-observer.js';
import type { CodeLanguage } from '../executors/executor.js';
import { resolveImage } from '../models/images.js';
import type { ChatMessage, ContentPart, ImagePart, MessageContent, TextPart, TokenUsage } from '../models/model.js';
import type { ActionStep, CompactionStep, PlanningStep, Timing } from '../memory/steps.js';

export const RUN_RECORD_FORMAT = 'smolagents-run-record';
/**
 * Bumped whenever a line changes shape incompatibly. 2: message content may be a list of text and
 * image parts, steps carry `observationImages`, compaction moves include `drop_images`. A version 1
 * record is a version 2 record without any of these, so `smolagent replay` reads both.
 */
export const RUN_RECORD_VERSION = 2;
export const READABLE_RUN_RECORD_VERSIONS: readonly number[] = [1, 2];

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

/**
 * An image as the record keeps it: what identifies it, not its data. A run sends a screenshot with
 * every step (and the newest ones again with every request), which as base64 would make each line
 * megabytes and the record unreadable; the bytes stay in the agent's memory (`memory.toJSON()`),
 * where `sha256` finds them. An image given by URL keeps its URL.
 */
export interface RecordedImage {
  type: 'image';
  mediaType?: string | undefined;
  /** The decoded size in bytes (images given as data). */
  bytes?: number | undefined;
  /** SHA-256 of the decoded bytes, in hex (images given as data). */
  sha256?: string | undefined;
  url?: string | undefined;
}

export type RecordedContentPart = TextPart | RecordedImage;

/** A chat message as recorded: its images as `RecordedImage`s. */
export type RecordedMessage = Omit<ChatMessage, 'content'> & { content: string | RecordedContentPart[] };

type WithoutModelMessages<Step> = Omit<Step, 'modelInputMessages' | 'modelOutputMessage'>;

/** An action step as recorded: without its model messages, its observation images as `RecordedImage`s. */
export type RecordedActionStep = Omit<WithoutModelMessages<ActionStep>, 'observationImages'> & { observationImages?: RecordedImage[] | undefined };

type ModelRequestEvent = Extract<AgentEvent, { type: 'model_request' }>;

/**
 * A line of a run record as read back: the event's own fields, but steps without their model
 * messages (those are in the \`model_request\` / \`model_output\` lines) and errors as plain data.
 * Written out here rather than inferred from the reader's schema, so that the published types do not
 * depend on the zod version of the application.
 */
export type RecordLine = RecordLineBase &
  (
    | Exclude<AgentEvent, { type: 'run_start' | 'model_request' | 'step_end' | 'plan' | 'memory_compaction' | 'error' | 'model_delta' }>
    | { type: 'run_start'; task: string; agentName: string; agent: RecordedAgent }
    | { type: 'model_request'; stepNumber: number; messages: RecordedMessage[]; options: ModelRequestEvent['options'] }
    | { type: 'step_end'; step: RecordedActionStep }
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
    case 'model_request':
      return line({ ...base, ...event, messages: event.messages.map(recordedMessage) });
    case 'step_end': {
      const { modelInputMessages: _input, modelOutputMessage: _output, observationImages, ...step } = event.step;
      return line({ ...base, type: event.type, step: { ...step, ...(observationImages ? { observationImages: observationImages.map(recordedImage) } : {}) } });
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

export function recordedMessage(message: ChatMessage): RecordedMessage {
  return { ...message, content: recordedContent(message.content) };
}

function recordedContent(content: MessageContent): string | RecordedContentPart[] {
  return typeof content === 'string' ? content : content.map((part: ContentPart) => (part.type === 'text' ? part : recordedImage(part)));
}

/** Memory hands the same part objects to every request, so each image is hashed once. */
const recordedImages = new WeakMap<ImagePart, RecordedImage>();

export function recordedImage(part: ImagePart): RecordedImage {
  const known = recordedImages.get(part);
  if (known) return known;
  const image = resolveImage(part);
  let recorded: RecordedImage;
  if (image.kind === 'url') recorded = { type: 'image', ...(image.mediaType ? { mediaType: image.mediaType } : {}), url: image.url };
  else {
    const bytes = Buffer.from(image.base64, 'base64');
    recorded = { type: 'image', mediaType: image.mediaType, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  recordedImages.set(part, recorded);
  return recorded;
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

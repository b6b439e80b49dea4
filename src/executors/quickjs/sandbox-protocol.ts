/**
 * The messages between the host thread and a sandbox worker thread. The host trusts nothing that
 * comes back: guest code may control every byte of its sandbox's memory, and every string below
 * was read out of that memory, so `parseWorkerMessage` checks shapes, sizes and names before any
 * of it is used.
 */

/** Limits and imports of one sandbox, fixed when it opens. */
export interface SandboxSettings {
  memoryLimitBytes: number;
  maxStackSizeBytes: number;
  maxPrintChars: number;
  /** Longest JSON text of one value crossing the bridge (tool arguments and results, answers, variables). */
  maxValueChars: number;
  maxToolCallsPerAction: number;
  /** Characters of tool arguments one action may have waiting or running at once (they are held on the host meanwhile). */
  maxPendingArgumentChars: number;
  allowedPackages: string[];
  projectDirectory: string;
}

/** Interrupt flag values, shared through a SharedArrayBuffer: the guest's interrupt handler reads it. */
export const RUN = 0;
export const ABORT = 1;

export type HostRequest =
  | { type: 'open'; sandboxId: number; requestId: number; deadline: number; settings: SandboxSettings; interrupt: SharedArrayBuffer; toolNames: string[]; variablesJson?: string | undefined }
  | { type: 'tools'; sandboxId: number; requestId: number; deadline: number; toolNames: string[] }
  | { type: 'variables'; sandboxId: number; requestId: number; deadline: number; json: string }
  | { type: 'execute'; sandboxId: number; requestId: number; deadline: number; code: string };

export type HostMessage =
  | HostRequest
  | { type: 'tool-result'; sandboxId: number; requestId: number; callId: number; ok: true; json: string }
  | { type: 'tool-result'; sandboxId: number; requestId: number; callId: number; ok: false; message: string }
  /** The interrupt flag was raised: a worker waiting for tool results looks at it now. */
  | { type: 'wake'; sandboxId: number }
  | { type: 'close'; sandboxId: number };

/** How a request ended, as the worker reports it. */
export type Reply =
  | { kind: 'done' }
  | { kind: 'final'; valueJson: string; logs: string }
  | { kind: 'value'; valueJson?: string | undefined; text?: string | undefined; logs: string }
  | { kind: 'error'; errorType: string; message: string; line?: number | undefined; logs: string }
  | { kind: 'stopped'; reason: 'timeout' | 'abort'; logs: string }
  /** The sandbox hit a host-side error (a trap, a host stack overflow) and the worker dropped it. */
  | { kind: 'lost'; reason: string; logs: string };

export type WorkerMessage =
  /** `dropped`: the worker let go of the sandbox after this request (lost, or left unfinished jobs). */
  | { type: 'reply'; sandboxId: number; requestId: number; reply: Reply; dropped: boolean }
  | { type: 'tool-call'; sandboxId: number; requestId: number; callId: number; name: string; argumentsJson: string };

/** Caps on what the host accepts from a worker, derived from the sandbox's settings. */
export interface MessageLimits {
  maxPrintChars: number;
  maxValueChars: number;
}

/**
 * Longest error message that crosses the bridge (the start of a longer one is kept, with a note):
 * guest code chooses its errors' messages, and the model needs only their start.
 */
export const MAX_ERROR_MESSAGE_CHARS = 4_000;
/** Deepest nesting of a value crossing the bridge (answers, last values, tool arguments and results). */
export const MAX_VALUE_DEPTH = 100;
/** Longest error name (the error's type, as the model sees it). */
export const MAX_ERROR_NAME_CHARS = 100;

/** Room for the truncation note and error text around the limits. */
const SLACK_CHARS = 10_000;
const MAX_NAME_CHARS = 200;

/** Returns the message if it is well formed and within the limits; undefined otherwise. */
export function parseWorkerMessage(message: unknown, limits: MessageLimits): WorkerMessage | undefined {
  if (!isRecord(message) || !isId(message.sandboxId) || !isId(message.requestId)) return undefined;
  if (message.type === 'tool-call') {
    const { callId, name, argumentsJson } = message;
    if (!isId(callId) || !isText(name, MAX_NAME_CHARS) || !isText(argumentsJson, limits.maxValueChars)) return undefined;
    return { type: 'tool-call', sandboxId: message.sandboxId, requestId: message.requestId, callId, name, argumentsJson };
  }
  if (message.type === 'reply') {
    const reply = parseReply(message.reply, limits);
    if (typeof message.dropped !== 'boolean') return undefined;
    return reply && { type: 'reply', sandboxId: message.sandboxId, requestId: message.requestId, reply, dropped: message.dropped };
  }
  return undefined;
}

function parseReply(reply: unknown, limits: MessageLimits): Reply | undefined {
  if (!isRecord(reply)) return undefined;
  const logsLimit = limits.maxPrintChars + SLACK_CHARS;
  if (reply.kind === 'done') return { kind: 'done' };
  if (!isText(reply.logs, logsLimit)) return undefined;
  const logs = reply.logs;
  switch (reply.kind) {
    case 'final':
      return isText(reply.valueJson, limits.maxValueChars) ? { kind: 'final', valueJson: reply.valueJson, logs } : undefined;
    case 'value': {
      if (!isOptionalText(reply.valueJson, limits.maxValueChars) || !isOptionalText(reply.text, limits.maxValueChars)) return undefined;
      return { kind: 'value', valueJson: reply.valueJson, text: reply.text, logs };
    }
    case 'error': {
      const { errorType, message, line } = reply;
      if (!isText(errorType, MAX_ERROR_NAME_CHARS) || !isText(message, MAX_ERROR_MESSAGE_CHARS + SLACK_CHARS)) return undefined;
      if (line !== undefined && !(isId(line) && line >= 1)) return undefined;
      return { kind: 'error', errorType, message, line, logs };
    }
    case 'stopped':
      return reply.reason === 'timeout' || reply.reason === 'abort' ? { kind: 'stopped', reason: reply.reason, logs } : undefined;
    case 'lost':
      return isText(reply.reason, SLACK_CHARS) ? { kind: 'lost', reason: reply.reason, logs } : undefined;
    default:
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isText(value: unknown, maxChars: number): value is string {
  return typeof value === 'string' && value.length <= maxChars;
}

function isOptionalText(value: unknown, maxChars: number): value is string | undefined {
  return value === undefined || isText(value, maxChars);
}

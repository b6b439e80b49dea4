import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { executorMessage } from '../../prompts/executor-messages.js';
import { classify, readText, type GuestFailure } from './guest-values.js';
import { MAX_ERROR_MESSAGE_CHARS, MAX_ERROR_NAME_CHARS, type SandboxSettings } from './sandbox-protocol.js';

/**
 * The prelude's record of an action's outcome or of an error: `{ kind, valueJson, text }` or
 * `{ kind: 'error', name, message, line }`, an object without a prototype. The host reads it field
 * by field rather than as JSON text, because quickjs-ng's JSON.stringify stores into arrays with
 * ordinary assignments and so runs setters that model code put on Array.prototype.
 */
export interface GuestRecord {
  kind?: string | undefined;
  valueJson?: string | undefined;
  text?: string | undefined;
  name?: string | undefined;
  message?: string | undefined;
  line?: number | undefined;
}

/**
 * Reads a record: it holds only the prelude's own strings and numbers, but lives in memory guest
 * code may have corrupted, so each field is type- and length-checked like any guest value (a field
 * that fails is undefined). No getter runs: the record has no prototype and data properties only.
 */
export function readGuestRecord(vm: QuickJSContext, handle: QuickJSHandle, settings: SandboxSettings): GuestRecord {
  if (vm.typeof(handle) !== 'object') return {};
  const text = (key: string, maxChars: number) => {
    const field = vm.getProp(handle, key);
    const value = readText(vm, field, maxChars);
    field.dispose();
    return value;
  };
  const lineHandle = vm.getProp(handle, 'line');
  const line = vm.typeof(lineHandle) === 'number' ? vm.getNumber(lineHandle) : undefined;
  lineHandle.dispose();
  return {
    kind: text('kind', 20),
    valueJson: text('valueJson', settings.maxValueChars),
    text: text('text', settings.maxValueChars),
    name: text('name', MAX_ERROR_NAME_CHARS),
    // Room for the note the prelude appends to a message it cut.
    message: text('message', MAX_ERROR_MESSAGE_CHARS + 1_000),
    line: line !== undefined && line > 0 ? line : undefined,
  };
}

/** The failure an error record describes; a record without its fields says the error was unreadable. */
export function recordFailure(record: GuestRecord, settings: SandboxSettings): GuestFailure {
  if (record.name === undefined || record.message === undefined) return classify('Error', executorMessage('unreadableError'), undefined, settings.memoryLimitBytes);
  return classify(record.name, record.message, record.line, settings.memoryLimitBytes);
}

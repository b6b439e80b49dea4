import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { executorMessage } from '../../prompts/executor-messages.js';
import { MAX_ERROR_MESSAGE_CHARS, MAX_ERROR_NAME_CHARS, type SandboxSettings } from './sandbox-protocol.js';

/**
 * Reading values out of a sandbox. Guest code may have shaped any of them (and, through an engine
 * bug, the memory they live in), so strings are length-checked before they are copied out of WASM
 * memory, and an error is read as its name, message and line only.
 */

/** A guest string, if it is one and no longer than `maxChars`: its length is read first, so an oversized string is never copied. */
export function readText(vm: QuickJSContext, handle: QuickJSHandle, maxChars: number): string | undefined {
  if (vm.typeof(handle) !== 'string') return undefined;
  const lengthHandle = vm.getProp(handle, 'length');
  const length = vm.typeof(lengthHandle) === 'number' ? vm.getNumber(lengthHandle) : Infinity;
  lengthHandle.dispose();
  if (!(length <= maxChars)) return undefined;
  const text = vm.getString(handle);
  return text.length <= maxChars ? text : undefined;
}

/** What a guest error means for the model: limits get our messages, the rest keeps its own. */
export class GuestFailure extends Error {
  constructor(readonly errorType: string, message: string, readonly line?: number) {
    super(message);
  }
}

/**
 * Reads an error thrown in the guest directly, field by field, and frees its handle. Only for
 * errors of our own scripts, before the prelude is installed: once it is, errors are read through
 * the prelude's `describeError`, which runs guest getters inside the guest and cuts the text there.
 */
export function readFailure(vm: QuickJSContext, settings: SandboxSettings, errorHandle: QuickJSHandle): GuestFailure {
  const read = (key: string, maxChars: number) => {
    const value = vm.getProp(errorHandle, key);
    const text = readText(vm, value, maxChars);
    value.dispose();
    return text;
  };
  const isObject = vm.typeof(errorHandle) === 'object';
  const name = (isObject && read('name', MAX_ERROR_NAME_CHARS)) || 'Error';
  const message = (isObject ? read('message', MAX_ERROR_MESSAGE_CHARS) : readText(vm, errorHandle, MAX_ERROR_MESSAGE_CHARS)) ?? executorMessage('unreadableError');
  const stack = isObject ? (read('stack', settings.maxValueChars) ?? '') : '';
  errorHandle.dispose();
  const line = /action\.js:(\d+)/.exec(stack);
  return classify(name, message, line ? Number(line[1]) : undefined, settings.memoryLimitBytes);
}

/** Cuts an error message to what crosses the bridge, saying so. */
export function clipErrorMessage(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE_CHARS) return message;
  return message.slice(0, MAX_ERROR_MESSAGE_CHARS) + executorMessage('errorMessageCut', { limit: MAX_ERROR_MESSAGE_CHARS });
}

/**
 * Turns what the guest said about an error into a failure the host accepts: whatever the guest
 * made of it (a name of any length, a line past every integer), the reply must stay within the
 * caps `parseWorkerMessage` checks, or the host takes the worker for compromised and ends it, and
 * every other sandbox on it with it.
 */
export function classify(rawName: string, rawMessage: string, rawLine: number | undefined, memoryLimitBytes: number): GuestFailure {
  const name = rawName.slice(0, MAX_ERROR_NAME_CHARS) || 'Error';
  const message = clipErrorMessage(rawMessage);
  const line = rawLine !== undefined && Number.isSafeInteger(rawLine) && rawLine >= 1 ? rawLine : undefined;
  if (name === 'InternalError' && message === 'out of memory') {
    return new GuestFailure('MemoryError', executorMessage('outOfMemory', { megabytes: Math.round(memoryLimitBytes / 2 ** 20) }));
  }
  if (name === 'RangeError' && /call stack size exceeded|stack overflow/i.test(message)) {
    return new GuestFailure('RangeError', executorMessage('stackOverflow'), line);
  }
  return new GuestFailure(name, message, line);
}

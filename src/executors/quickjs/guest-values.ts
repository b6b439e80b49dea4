import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { executorMessage } from '../../prompts/executor-messages.js';
import type { SandboxSettings } from './sandbox-protocol.js';

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

/** Reads an error thrown in the guest (getters it defined run: the caller's deadline covers them) and frees its handle. */
export function readFailure(vm: QuickJSContext, settings: SandboxSettings, errorHandle: QuickJSHandle): GuestFailure {
  const read = (key: string) => {
    const value = vm.getProp(errorHandle, key);
    const text = readText(vm, value, settings.maxValueChars);
    value.dispose();
    return text;
  };
  const isObject = vm.typeof(errorHandle) === 'object';
  const name = (isObject && read('name')) || 'Error';
  const message = isObject ? (read('message') ?? '') : (readText(vm, errorHandle, settings.maxValueChars) ?? '');
  const stack = isObject ? (read('stack') ?? '') : '';
  errorHandle.dispose();
  const line = /action\.js:(\d+)/.exec(stack);
  return classify(name, message, line ? Number(line[1]) : undefined, settings.memoryLimitBytes);
}

export function classify(name: string, message: string, line: number | undefined, memoryLimitBytes: number): GuestFailure {
  if (name === 'InternalError' && message === 'out of memory') {
    return new GuestFailure('MemoryError', executorMessage('outOfMemory', { megabytes: Math.round(memoryLimitBytes / 2 ** 20) }));
  }
  if (name === 'RangeError' && /call stack size exceeded|stack overflow/i.test(message)) {
    return new GuestFailure('RangeError', executorMessage('stackOverflow'), line);
  }
  return new GuestFailure(name, message, line);
}
